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


def clean_text_block(
    raw: str, *, label: str = "内容", min_length: int = 0, max_length: int = 1000
) -> str:
    """Paragraph text (questions, answers, notices): line breaks kept, no control, bidi or
    zero-width characters; counted without surrounding white space."""
    text = unicodedata.normalize("NFC", raw or "").replace("\r\n", "\n").replace("\r", "\n")
    if any(ch in INVISIBLE for ch in text) or any(
        unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\n\t" for ch in text
    ):
        raise TextError(f"{label}中含有不可见的控制字符，请重新输入。")
    text = "\n".join(line.rstrip() for line in text.strip().split("\n"))
    if not text.replace("\u3000", "").strip():
        raise TextError(f"请输入{label}。")
    length = len(text)
    if length < min_length:
        raise TextError(f"{label}应为 {min_length} 到 {max_length} 个字，当前 {length} 个字。")
    if length > max_length:
        raise TextError(f"{label}不能超过 {max_length} 个字，当前 {length} 个字。")
    return text
