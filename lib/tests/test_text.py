import pytest

from lib.text import TextError, clean_name


def test_it_collapses_spaces_including_full_width() -> None:
    assert clean_name("  新疆\u3000财经   大学 ") == "新疆 财经 大学"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("<script>alert(1)</script>", "不能包含"),
        ("   ", "请输入"),
        ("\u3000\u3000", "请输入"),
        ("张\u202e三", "控制字符"),
        ("张\x07三", "控制字符"),
        ("长" * 51, "不能超过"),
    ],
)
def test_it_refuses_markup_blank_control_and_long_text(raw: str, message: str) -> None:
    with pytest.raises(TextError) as err:
        clean_name(raw)
    assert message in str(err.value)
