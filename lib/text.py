"""Cleaning of short human text (names, titles): no markup, no invisible characters."""

from __future__ import annotations

import re
import unicodedata

from lib.files import INVISIBLE
from lib.i18n import gettext

MARKUP = re.compile(r"[<>]")


class TextError(ValueError):
    """Text that cannot be accepted; the message is for the user."""


def clean_name(raw: str, *, label: str | None = None, max_length: int = 50) -> str:
    """Collapse white space (full-width included) and refuse markup and control characters."""
    label = label if label is not None else gettext("名称")
    text = unicodedata.normalize("NFC", raw or "").replace("\u3000", " ")
    if any(ch in INVISIBLE for ch in text) or any(
        unicodedata.category(ch) in ("Cc", "Cf") for ch in text
    ):
        raise TextError(gettext("%(label)s中含有不可见的控制字符，请重新输入。") % {"label": label})
    text = " ".join(text.split())
    if not text:
        raise TextError(gettext("请输入%(label)s。") % {"label": label})
    if MARKUP.search(text):
        raise TextError(gettext("%(label)s不能包含 < 或 > 等符号。") % {"label": label})
    if len(text) > max_length:
        raise TextError(
            gettext("%(label)s不能超过 %(max)s 个字。") % {"label": label, "max": max_length}
        )
    return text


def clean_text_block(
    raw: str, *, label: str | None = None, min_length: int = 0, max_length: int = 1000
) -> str:
    """Paragraph text (questions, answers, notices): line breaks kept, no control, bidi or
    zero-width characters; counted without surrounding white space."""
    label = label if label is not None else gettext("内容")
    text = unicodedata.normalize("NFC", raw or "").replace("\r\n", "\n").replace("\r", "\n")
    if any(ch in INVISIBLE for ch in text) or any(
        unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\n\t" for ch in text
    ):
        raise TextError(gettext("%(label)s中含有不可见的控制字符，请重新输入。") % {"label": label})
    text = "\n".join(line.rstrip() for line in text.strip().split("\n"))
    if not text.replace("\u3000", "").strip():
        raise TextError(gettext("请输入%(label)s。") % {"label": label})
    length = len(text)
    if length < min_length:
        raise TextError(
            gettext("%(label)s应为 %(min)s 到 %(max)s 个字，当前 %(n)s 个字。")
            % {"label": label, "min": min_length, "max": max_length, "n": length}
        )
    if length > max_length:
        raise TextError(
            gettext("%(label)s不能超过 %(max)s 个字，当前 %(n)s 个字。")
            % {"label": label, "max": max_length, "n": length}
        )
    return text
