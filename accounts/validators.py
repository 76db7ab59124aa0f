"""Password rule: at least 8 characters of at least three classes."""

from __future__ import annotations

import string
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class PasswordClassesValidator:
    min_length = 8

    def validate(self, password: str, user: Any = None) -> None:
        classes = sum(
            (
                any(c.islower() for c in password),
                any(c.isupper() for c in password),
                any(c.isdigit() for c in password),
                any(c in string.punctuation for c in password),
            )
        )
        if len(password) < self.min_length or classes < 3:
            raise ValidationError(
                _("密码至少 8 位，并包含大写字母、小写字母、数字、符号中的至少三类。"),
                code="password_too_weak",
            )

    def get_help_text(self) -> str:
        return _("至少 8 位，包含大写字母、小写字母、数字、符号中的至少三类。")
