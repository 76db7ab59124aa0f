"""Resident ID numbers (居民身份证号码): normalisation, validation messages and masking.

No Django here. The check digit and the birth date are read with python-stdnum's `cn.ric`;
the region code is checked against every code its `cn/loc.dat` has ever listed. A number
keeps the code of the place where it was first issued, so a code counts whatever the birth
date: 天山区 (650102, since 1983) issues numbers to people born in the 1970s. stdnum's own
`ric.validate` ties the code to the birth year (and raises KeyError for a code it does not
know inside a known prefecture), so it is not called here.

`validate_id_number` raises nothing but `IdNumberError`, whatever it is given. Its messages
are Chinese source text, marked for translation with `gettext_noop`; Django callers pass
them through `gettext`.
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from zoneinfo import ZoneInfo

from stdnum import numdb
from stdnum.cn import ric

ID_PATTERN = re.compile(r"(?<![0-9])([1-9][0-9]{5})([0-9]{8})([0-9]{3}[0-9Xx])(?![0-9A-Za-z])")

# Birth dates are calendar dates in China; "today" is China's today wherever the server runs.
CHINA = ZoneInfo("Asia/Shanghai")
EARLIEST_BIRTH = datetime.date(1900, 1, 1)

_EIGHTEEN = re.compile(r"[0-9]{17}[0-9X]")
_FIFTEEN = re.compile(r"[0-9]{15}")


def gettext_noop(message: str) -> str:
    """Mark a message for translation (picked up by makemessages); translated by the caller."""
    return message


EMPTY = gettext_noop("请输入身份证号。")
OLD_FIFTEEN = gettext_noop("不支持15位旧身份证号，请使用18位第二代居民身份证号码。")
BAD_SHAPE = gettext_noop("身份证号应为18位，由17位数字和1位数字或X组成。")
BAD_CHECK_DIGIT = gettext_noop("身份证号校验位不正确，请核对后重新输入。")
BAD_BIRTH_DATE = gettext_noop("身份证号中的出生日期不正确。")
FUTURE_BIRTH_DATE = gettext_noop("身份证号中的出生日期晚于今天，请核对后重新输入。")
UNKNOWN_REGION = gettext_noop("身份证号中的地区代码不存在。")


class IdNumberError(ValueError):
    """A resident ID number that cannot be accepted; the message is for the user."""


@functools.cache
def known_region_codes() -> frozenset[str]:
    """Every six-digit division code loc.dat lists, whatever years its names were valid."""
    codes: set[str] = set()
    for length, low, high, _props, children in numdb.get("cn/loc").prefixes:
        if length != 2 or low != high:
            continue
        for sub_length, sub_low, sub_high, _sub_props, _children in children:
            if sub_length != 4:
                continue
            codes.update(f"{low}{n:04d}" for n in range(int(sub_low), int(sub_high) + 1))
    return frozenset(codes)


def china_today() -> datetime.date:
    return datetime.datetime.now(CHINA).date()


def normalise_id_number(raw: str) -> str:
    """Full-width digits to ASCII, spaces and invisible format marks dropped, x upper-cased."""
    if not isinstance(raw, str):
        return ""
    text = unicodedata.normalize("NFKC", raw)
    # Zero-width spaces and direction marks (category Cf) come along with copied text.
    text = "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf")
    return text.upper()


def birth_date(number: str) -> datetime.date | None:
    """The birth date of a normalised 18-character number, or None when it is no date."""
    try:
        return ric.get_birth_date(number)
    except Exception:  # stdnum raises InvalidComponent; anything else is no date either
        return None


def validate_id_number(raw: str, today: datetime.date | None = None) -> str:
    """Return the normalised 18-character number, or raise IdNumberError with a Chinese reason.

    Checked in this order, each with its own message: empty, old 15-digit number, shape
    (17 digits and a digit or X), check digit, birth date (a real date, not before 1900,
    not after today), region code (known at any time).
    """
    try:
        return _validate(raw, today or china_today())
    except IdNumberError:
        raise
    except Exception:  # a guard: no input may raise anything but IdNumberError
        raise IdNumberError(BAD_SHAPE) from None


def _validate(raw: str, today: datetime.date) -> str:
    number = normalise_id_number(raw)
    if not number:
        raise IdNumberError(EMPTY)
    if _FIFTEEN.fullmatch(number):
        raise IdNumberError(OLD_FIFTEEN)
    if not _EIGHTEEN.fullmatch(number):
        raise IdNumberError(BAD_SHAPE)
    if number[-1] != ric.calc_check_digit(number):
        raise IdNumberError(BAD_CHECK_DIGIT)
    born = birth_date(number)
    if born is None or born < EARLIEST_BIRTH:
        raise IdNumberError(BAD_BIRTH_DATE)
    if born > today:
        raise IdNumberError(FUTURE_BIRTH_DATE)
    if number[:6] not in known_region_codes():
        raise IdNumberError(UNKNOWN_REGION)
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
