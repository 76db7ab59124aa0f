"""The kernel in lib/: one refusal, one stale-page token, one mobile rule, one ID decision."""

from __future__ import annotations

import ast
import datetime
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

from lib import mobile, stale, visibility
from lib.refusal import STALE_MESSAGE, Refused, Stale

KERNEL = ("i18n.py", "refusal.py", "stale.py", "mobile.py", "visibility.py", "idcard.py")


def test_refused_carries_message_and_field():
    error = Refused("请填写单位名称。", "name")
    assert error.message == "请填写单位名称。" and error.field == "name"
    assert str(error) == "请填写单位名称。"
    assert Refused("只有消息。").field is None


def test_stale_is_a_refusal_with_the_common_message():
    error = Stale()
    assert isinstance(error, Refused)
    assert error.message == STALE_MESSAGE and "刷新页面" in error.message


def test_a_version_counter_is_its_own_token():
    assert stale.token(7) == "7"
    stale.check("7", 7)
    stale.check(7, 7)
    with pytest.raises(Stale):
        stale.check("6", 7)


def test_tokens_of_values_change_when_a_value_changes():
    moment = datetime.datetime(2026, 12, 3, 8, 0, tzinfo=datetime.UTC)
    same = stale.token("a", Decimal("1.50"), moment)
    assert same == stale.token("a", Decimal("1.5"), moment)
    assert same != stale.token("a", Decimal("1.6"), moment)
    with pytest.raises(Stale) as refused:
        stale.check(same, "b", Decimal("1.5"), moment, message="评审范围已被他人修改。")
    assert refused.value.message == "评审范围已被他人修改。"


def test_tokens_read_rows_through_their_concrete_fields():
    field = SimpleNamespace(attname="name")
    meta = SimpleNamespace(concrete_fields=[field])
    row = SimpleNamespace(_meta=meta, name="乌鲁木齐市第一中学")
    token = stale.token(row, [row])
    row.name = "乌鲁木齐市第二中学"
    assert stale.token(row, [row]) != token


def test_no_page_to_compare_checks_nothing():
    stale.check(None, 7)


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("13800138000", "13800138000"),
        (" 138 0013 8000 ", "13800138000"),
        ("１３８-0013-8000", "13800138000"),
    ],
)
def test_mobile_numbers_are_normalised(raw, number):
    assert mobile.clean_mobile(raw) == number
    assert mobile.is_mobile(raw)


@pytest.mark.parametrize(
    "raw", ["", None, "12800138000", "1380013800", "138001380001", "1380013800a"]
)
def test_bad_mobile_numbers_are_refused_with_the_one_message(raw):
    with pytest.raises(Refused) as refused:
        mobile.clean_mobile(raw, "mobile")
    assert refused.value.message == "请输入 11 位手机号码。" and refused.value.field == "mobile"


def test_mobile_masked():
    assert mobile.mask_mobile("13800138000") == "138****8000"
    assert mobile.mask_mobile("123") == "***"


def test_only_the_holder_sees_the_whole_id_number():
    holder, clerk, anonymous = (
        SimpleNamespace(pk=5),
        SimpleNamespace(pk=6),
        SimpleNamespace(pk=None),
    )
    number = "65010219900101123X"
    assert visibility.id_for(holder, holder, number) == number
    assert visibility.id_for(clerk, holder, number) == "6501**********123X"
    assert visibility.id_for(anonymous, SimpleNamespace(pk=None), number) == "6501**********123X"
    assert visibility.id_for(holder, holder, "") == ""


def _imported_modules(path: Path) -> list[str]:
    modules: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            modules.append(node.module or "")
    return modules


def test_the_kernel_imports_no_django():
    here = Path(__file__).resolve().parent.parent
    for name in KERNEL:
        modules = _imported_modules(here / name)
        assert not any(m.split(".")[0] == "django" for m in modules), (name, modules)


def test_nothing_in_lib_imports_django():
    # lib/ is plain Python: rules and helpers Django code calls, never the other way round.
    # Infrastructure that needs Django (storages, the request) lives in zhicheng/.
    here = Path(__file__).resolve().parent.parent
    sources = [p for p in sorted(here.rglob("*.py")) if "tests" not in p.relative_to(here).parts]
    assert len(sources) > len(KERNEL)
    for path in sources:
        modules = _imported_modules(path)
        assert not any(m.split(".")[0] == "django" for m in modules), (path.name, modules)
