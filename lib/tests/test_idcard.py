import pytest

from lib.idcard import IdNumberError, mask_id_number, redact_id_numbers, validate_id_number

VALID = "650102199001011239"


def test_it_accepts_a_valid_number() -> None:
    assert validate_id_number(VALID) == VALID


def test_it_normalises_lowercase_x_spaces_and_full_width_digits() -> None:
    assert validate_id_number("  65010219900101101x ") == "65010219900101101X"
    assert validate_id_number("６５０１０２１９９００１０１１２３９") == VALID


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("650102199001011238", "校验位"),
        ("650102199002301238", "出生日期"),
        ("990102199001011237", "地区代码"),
        ("650102900101123", "15位"),
        ("", "请输入"),
        ("6501021990010112", "18位"),
        ("65010219900101123A", "18位"),
    ],
)
def test_it_refuses_bad_numbers_with_a_reason(raw: str, message: str) -> None:
    with pytest.raises(IdNumberError) as err:
        validate_id_number(raw)
    assert message in str(err.value)


def test_it_masks_all_but_four_and_four() -> None:
    assert mask_id_number("65010219900101123X") == "6501**********123X"


def test_it_redacts_numbers_in_free_text() -> None:
    text = f"login failed for {VALID} from 10.0.0.1"
    assert VALID not in redact_id_numbers(text)
    assert "6501**********1239" in redact_id_numbers(text)
