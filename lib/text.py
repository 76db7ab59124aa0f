"""Cleaning of short human text (names, titles): no markup, no invisible characters."""

from __future__ import annotations

import re
import unicodedata

from lib.files import INVISIBLE

MARKUP = re.compile(r"[<>]")


class TextError(ValueError):
    """Text that cannot be accepted; the message is for the user."""


def clean_name(raw: str, *, label: str = "名称", max_length: int = 50) -> str:
    """Collapse white space (full-width included) and refuse markup and control characters."""
    text = unicodedata.normalize("NFC", raw or "").replace("\u3000", " ")
    if any(ch in INVISIBLE for ch in text) or any(
        unicodedata.category(ch) in ("Cc", "Cf") for ch in text
    ):
        raise TextError(f"{label}中含有不可见的控制字符，请重新输入。")
    text = " ".join(text.split())
    if not text:
        raise TextError(f"请输入{label}。")
    if MARKUP.search(text):
        raise TextError(f"{label}不能包含 < 或 > 等符号。")
    if len(text) > max_length:
        raise TextError(f"{label}不能超过 {max_length} 个字。")
    return text
