"""Resident ID numbers (居民身份证号码): normalisation, validation messages and masking.

No Django here: the checks are python-stdnum's `cn.ric` (checksum, birth date, region).
"""

from __future__ import annotations

import re
import unicodedata

from stdnum.cn import ric
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)

ID_PATTERN = re.compile(r"(?<![0-9])([1-9][0-9]{5})([0-9]{8})([0-9]{3}[0-9Xx])(?![0-9A-Za-z])")


class IdNumberError(ValueError):
    """A resident ID number that cannot be accepted; the message is for the user."""


def normalise_id_number(raw: str) -> str:
    """Full-width digits to ASCII, spaces dropped, a trailing x upper-cased."""
    text = unicodedata.normalize("NFKC", raw or "")
    text = "".join(text.split())
    return text.upper()


def validate_id_number(raw: str) -> str:
    """Return the normalised 18-character number, or raise IdNumberError with a Chinese reason."""
    number = normalise_id_number(raw)
    if not number:
        raise IdNumberError("请输入身份证号。")
    if len(number) == 15 and number.isdigit():
        raise IdNumberError("不支持15位旧身份证号，请使用18位第二代居民身份证号码。")
    if len(number) != 18 or not re.fullmatch(r"[0-9]{17}[0-9X]", number):
        raise IdNumberError("身份证号应为18位，由17位数字和1位数字或X组成。")
    try:
        ric.validate(number)
    except InvalidChecksum:
        raise IdNumberError("身份证号校验位不正确，请核对后重新输入。") from None
    except InvalidComponent:
        try:
            ric.get_birth_date(number)
        except ValidationError:
            raise IdNumberError("身份证号中的出生日期不正确。") from None
        raise IdNumberError("身份证号中的地区代码不存在。") from None
    except (InvalidFormat, InvalidLength, ValidationError):
        raise IdNumberError("身份证号格式不正确。") from None
    return number


def mask_id_number(number: str) -> str:
    """6501**********123X: the first four and last four characters only."""
    if not number:
        return ""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def redact_id_numbers(text: str) -> str:
    """Mask every ID-number-shaped run of characters in free text (logs, messages)."""
    return ID_PATTERN.sub(lambda m: mask_id_number(m.group(0)), text)
