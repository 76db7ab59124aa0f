"""lib.idcard: the one resident-ID check, its messages, and masking."""

import datetime
import random
from typing import Any, cast

import pytest
from stdnum.cn import ric

from lib.idcard import (
    BAD_BIRTH_DATE,
    BAD_CHECK_DIGIT,
    BAD_SHAPE,
    EMPTY,
    FUTURE_BIRTH_DATE,
    OLD_FIFTEEN,
    UNKNOWN_REGION,
    IdNumberError,
    known_region_codes,
    mask_id_number,
    normalise_id_number,
    redact_id_numbers,
    validate_id_number,
)

VALID = "650102199001011239"
MESSAGES = {EMPTY, OLD_FIFTEEN, BAD_SHAPE, BAD_CHECK_DIGIT, BAD_BIRTH_DATE, FUTURE_BIRTH_DATE}
MESSAGES.add(UNKNOWN_REGION)


def make_number(code: str, birth: str, sequence: str = "123") -> str:
    """A number with a correct check digit, computed by stdnum (never typed by hand)."""
    body = code + birth + sequence
    return body + ric.calc_check_digit(body + "0")


def with_wrong_check_digit(number: str) -> str:
    wrong = "0" if number[-1] != "0" else "1"
    return number[:-1] + wrong


def refusal(raw: str, today: datetime.date | None = None) -> str:
    with pytest.raises(IdNumberError) as err:
        validate_id_number(raw, today=today)
    return str(err.value)


def test_it_accepts_a_valid_number() -> None:
    assert validate_id_number(VALID) == VALID


def test_it_normalises_lowercase_x_spaces_and_full_width_digits() -> None:
    assert validate_id_number("  65010219900101101x ") == "65010219900101101X"
    assert validate_id_number("６５０１０２１９９００１０１１２３９") == VALID
    assert validate_id_number("650102 1990 0101 1239") == VALID
    assert validate_id_number("\u3000" + VALID + "\t") == VALID  # full-width space, tab


def test_it_drops_invisible_marks_copied_along_with_the_number() -> None:
    assert validate_id_number("\u200f" + VALID + "\u200b") == VALID
    assert normalise_id_number("\u202e65010219900101123x") == "65010219900101123X"


@pytest.mark.parametrize(
    ("code", "birth", "place"),
    [
        # 乌鲁木齐 districts whose codes date from 1983, held by people born before that
        ("650102", "19750612", "天山区"),
        ("650102", "19500101", "天山区"),
        ("650104", "19720229", "新市区"),
        ("650103", "19681130", "沙依巴克区"),
        ("650105", "19790805", "水磨沟区"),
        ("650109", "20050101", "米东区 (since 2007)"),
        # codes from before today's prefectures
        ("652901", "19600301", "阿克苏市 (since 1983)"),
        ("654002", "19770415", "伊宁市 under 伊犁州 (since 2001)"),
        ("654201", "19810909", "塔城市 (since 1984)"),
        ("650402", "19990101", "高昌区 (since 2015)"),
        ("650502", "20030303", "伊州区 (since 2016)"),
        ("653101", "19850101", "喀什市"),
        # 兵团 cities, coded under 自治区直辖县级行政单位
        ("659001", "19701001", "石河子市 (since 1986)"),
        ("659002", "19880808", "阿拉尔市 (since 2002)"),
        ("659004", "19650505", "五家渠市 (since 2002)"),
        # codes that are no longer in use keep their holders
        ("650108", "20100101", "东山区 (1987-2007)"),
        ("652201", "19950101", "哈密市 of 哈密地区 (until 2016)"),
        # other provinces
        ("440303", "19800101", "深圳 罗湖区 (named 1990)"),
        ("440304", "19800717", "深圳 福田区 (named 1990)"),
        ("110111", "19600101", "北京 房山区 (since 1986)"),
        ("110105", "19551231", "北京 朝阳区"),
        ("310115", "19900101", "上海 浦东新区 (since 1993)"),
    ],
)
def test_it_accepts_any_code_that_was_ever_a_division_whatever_the_birth_date(
    code: str, birth: str, place: str
) -> None:
    for sequence in ("001", "123", "998"):
        number = make_number(code, birth, sequence)
        assert validate_id_number(number) == number, place


def test_it_knows_every_code_stdnum_ever_listed_once_per_process() -> None:
    codes = known_region_codes()
    assert known_region_codes() is codes  # built once, then cached
    assert {"650102", "650104", "659001", "650108", "440303", "652201"} <= codes
    assert not {"650199", "659999", "990101", "000000"} & codes


@pytest.mark.parametrize(
    "code",
    ["650199", "659999", "650110", "651234", "990102", "000000", "710001", "830000"],
)
def test_it_refuses_a_code_that_never_existed_even_with_a_correct_check_digit(code: str) -> None:
    assert refusal(make_number(code, "19900101")) == "身份证号中的地区代码不存在。"


@pytest.mark.parametrize(
    "birth",
    ["19900230", "19900231", "19010229", "19901301", "19900001", "19900100", "00000101"],
)
def test_it_refuses_an_impossible_birth_date(birth: str) -> None:
    assert refusal(make_number("650102", birth)) == "身份证号中的出生日期不正确。"


def test_it_refuses_a_birth_year_before_1900() -> None:
    assert refusal(make_number("650102", "18991231")) == "身份证号中的出生日期不正确。"


def test_it_refuses_a_birth_date_after_today() -> None:
    today = datetime.date(2026, 3, 1)
    tomorrow = make_number("650102", "20260302")
    assert refusal(tomorrow, today=today) == "身份证号中的出生日期晚于今天，请核对后重新输入。"
    assert validate_id_number(make_number("650102", "20260301"), today=today)
    assert refusal(make_number("650102", "29990101")) == FUTURE_BIRTH_DATE


def test_it_refuses_a_wrong_check_digit_before_anything_else() -> None:
    for number in (VALID, make_number("650104", "19750101"), make_number("650199", "19900230")):
        assert refusal(with_wrong_check_digit(number)) == "身份证号校验位不正确，请核对后重新输入。"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("650102900101123", "不支持15位旧身份证号，请使用18位第二代居民身份证号码。"),
        ("", "请输入身份证号。"),
        ("   \u3000 ", "请输入身份证号。"),
        ("6501021990010112", "身份证号应为18位，由17位数字和1位数字或X组成。"),
        ("65010219900101123", "身份证号应为18位，由17位数字和1位数字或X组成。"),
        ("6501021990010112391", "身份证号应为18位，由17位数字和1位数字或X组成。"),
        ("65010219900101123A", "身份证号应为18位，由17位数字和1位数字或X组成。"),
        ("X50102199001011239", "身份证号应为18位，由17位数字和1位数字或X组成。"),
        ("650102199001011\x0039", "身份证号应为18位，由17位数字和1位数字或X组成。"),
        ("٦٥٠١٠٢١٩٩٠٠١٠١١٢٣٩", "身份证号应为18位，由17位数字和1位数字或X组成。"),
        ("٦٥٠١٠٢٩٠٠١٠١١٢٣", "身份证号应为18位，由17位数字和1位数字或X组成。"),
    ],
)
def test_it_refuses_bad_shapes_with_a_reason(raw: str, message: str) -> None:
    assert refusal(raw) == message


@pytest.mark.parametrize("raw", [None, 650102199001011239, b"650102199001011239", ["6"]])
def test_it_refuses_what_is_not_text(raw: Any) -> None:
    assert refusal(cast(str, raw)) in {EMPTY, BAD_SHAPE}


def fuzz_inputs() -> list[str]:
    """Random text and near-misses of valid numbers, from a fixed seed (repeatable)."""
    rng = random.Random(20260308)  # noqa: S311 - repeatable test data, not a secret
    alphabet = (
        "0123456789" * 4
        + "xX ０１２３４５６７８９ａＸｘ　\t\n\r\x00\x0b\u200b\u200e\u200f\u202a\u202e\u2066"
        + "٠١٢٣٤٥٦٧٨٩०१२३abcXYZ-_/.,;'\"<>&%é中新ئۇ😀\ud800\udfff\ufeff\u00a0"
    )
    inputs: list[str] = []
    for _ in range(3000):
        length = rng.choice([0, 1, 6, 14, 15, 16, 17, 18, 18, 18, 19, 20, 40])
        inputs.append("".join(rng.choice(alphabet) for _ in range(length)))
    codes = sorted(known_region_codes())
    for _ in range(3000):
        # mostly real codes and dates, so valid numbers come up as often as refused ones
        if rng.random() < 0.7:
            code = rng.choice(codes)
        else:
            code = rng.choice(["650199", "659999", f"{rng.randrange(10**6):06d}"])
        if rng.random() < 0.7:
            day = datetime.date(1900, 1, 1) + datetime.timedelta(days=rng.randrange(46000))
            birth = day.strftime("%Y%m%d")
        else:
            birth = f"{rng.randrange(1800, 3000)}{rng.randrange(14):02d}{rng.randrange(33):02d}"
        number = make_number(code, birth, f"{rng.randrange(1000):03d}")
        mutation = rng.randrange(6)
        if mutation == 1:
            number = with_wrong_check_digit(number)
        elif mutation == 2:
            number = number[:-1] + number[-1].lower()
        elif mutation == 3:
            spot = rng.randrange(len(number) + 1)
            number = number[:spot] + rng.choice(alphabet) + number[spot:]
        elif mutation == 4:
            spot = rng.randrange(len(number))
            number = number[:spot] + number[spot + 1 :]
        elif mutation == 5:
            number = number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        inputs.append(number)
    return inputs


def test_no_input_raises_anything_but_its_message() -> None:
    accepted = 0
    for raw in fuzz_inputs():
        try:
            number = validate_id_number(raw)
        except IdNumberError as exc:
            assert str(exc) in MESSAGES, repr(raw)
            continue
        accepted += 1
        assert len(number) == 18 and number[:17].isascii() and number[:17].isdigit(), repr(raw)
        assert number[-1] == ric.calc_check_digit(number), repr(raw)
        assert number[:6] in known_region_codes(), repr(raw)
    assert accepted > 500  # the near-misses also hit valid numbers, so acceptance is exercised


def test_it_masks_all_but_four_and_four() -> None:
    assert mask_id_number("65010219900101123X") == "6501**********123X"


def test_it_redacts_numbers_in_free_text() -> None:
    text = f"login failed for {VALID} from 10.0.0.1"
    assert VALID not in redact_id_numbers(text)
    assert "6501**********1239" in redact_id_numbers(text)
