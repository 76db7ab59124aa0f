"""The one mobile-number rule: 11 digits, starting 13–19, spaces and full-width digits forgiven."""

from __future__ import annotations

import re
import unicodedata

from lib.i18n import gettext_noop
from lib.refusal import Refused

PATTERN = re.compile(r"^1[3-9][0-9]{9}$")
MESSAGE = gettext_noop("请输入 11 位手机号码。")


def normalise(raw: str | None) -> str:
    """Full-width digits become ASCII; spaces and hyphens between groups are dropped."""
    text = unicodedata.normalize("NFKC", raw or "")
    return "".join(ch for ch in text if not ch.isspace() and ch != "-")


def is_mobile(raw: str | None) -> bool:
    return bool(PATTERN.match(normalise(raw)))


def clean_mobile(raw: str | None, field: str | None = None) -> str:
    """The number as stored, or `Refused` with the one message users see for a bad number."""
    number = normalise(raw)
    if not PATTERN.match(number):
        raise Refused(MESSAGE, field)
    return number


def mask_mobile(number: str) -> str:
    """138****5678: the first three and last four digits only."""
    return number[:3] + "****" + number[-4:] if len(number) == 11 else "***"
