"""orgs.actions: every allowed and every refused change of a unit, checked on the data."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from conftest import make_png, make_unit
from lib import stale
from lib.files import CheckedUpload
from lib.refusal import Refused, Stale
from orgs import actions
from orgs.actions import UnitDetails
from orgs.models import BaseUnit, Department, Region, SimilarUnitFlag, UnitNameChange

pytestmark = pytest.mark.django_db

NEW_CODE = "91650100MA77XY123G"
OTHER_CODE = "91650100MA77XY124K"


def fresh(unit: BaseUnit) -> BaseUnit:
    return BaseUnit.objects.get(pk=unit.pk)


def details(**overrides: Any) -> UnitDetails:
    values: dict[str, Any] = {
        "address": "乌鲁木齐市新市区北京南路 1 号",
        "legal_representative": "李法人",
        "phone": "0991-2345678",
        "postcode": "830011",
        "hr_person": "张负责",
        "hr_mobile": "13900000009",
        "contact_name": "王联系",
        "contact_mobile": "13900000000",
        "nature": "prefecture",
        "county": None,
    }
    values.update(overrides)
    return UnitDetails(**values)


# --- complete_unit --------------------------------------------------------------------------


def test_complete_unit_writes_details_and_moves_the_version(
    unit_admin: User, unit_a: BaseUnit
) -> None:
    before = stale.token(unit_a)
    unit = actions.complete_unit(unit_a.pk, unit_admin, version=before, details=details())
    assert fresh(unit).address == "乌鲁木齐市新市区北京南路 1 号"
    assert stale.token(fresh(unit)) != before


def test_complete_unit_stores_a_new_licence(unit_admin: User, unit_a: BaseUnit) -> None:
    scan = CheckedUpload(make_png(), "png", "执照.png")
    actions.complete_unit(
        unit_a.pk, unit_admin, version=stale.token(unit_a), details=details(), licence=scan
    )
    unit = fresh(unit_a)
    assert unit.licence_scan_name == "执照.png"
    with unit.licence_scan.open("rb") as fh:
        assert fh.read() == scan.content


def test_complete_unit_refuses_a_stale_version(unit_admin: User, unit_a: BaseUnit) -> None:
    version = stale.token(unit_a)
    actions.complete_unit(
        unit_a.pk, unit_admin, version=version, details=details(address="先保存的地址")
    )
    with pytest.raises(Stale):
        actions.complete_unit(
            unit_a.pk, unit_admin, version=version, details=details(address="后保存的地址")
        )
    assert fresh(unit_a).address == "先保存的地址"


def test_complete_unit_refuses_a_county_elsewhere(
    unit_admin: User, unit_a: BaseUnit, regions: dict[str, Region]
) -> None:
    with pytest.raises(Refused) as error:
        actions.complete_unit(
            unit_a.pk,
            unit_admin,
            version=stale.token(unit_a),
            details=details(county=regions["yuepuhu"]),
        )
    assert error.value.field == "county"
    assert fresh(unit_a).county is None


def test_complete_unit_needs_a_licence_when_none_is_on_file(
    unit_admin: User, unit_a: BaseUnit
) -> None:
    BaseUnit.objects.filter(pk=unit_a.pk).update(licence_scan="", address="")
    unit = fresh(unit_a)
    with pytest.raises(Refused) as error:
        actions.complete_unit(unit.pk, unit_admin, version=stale.token(unit), details=details())
    assert error.value.field == "licence"
    assert fresh(unit).address == ""


# --- rename_unit ----------------------------------------------------------------------------


def test_rename_keeps_old_values(unit_admin: User, unit_a: BaseUnit) -> None:
    change = actions.rename_unit(
        unit_a.pk,
        unit_admin,
        version=stale.token(unit_a),
        new_name="新疆财经学院",
        new_uscc=NEW_CODE,
        reason="更名",
    )
    assert (
        change.old_name,
        change.old_uscc,
        change.new_name,
        change.new_uscc,
        change.changed_by,
    ) == (
        "新疆财经大学",
        "126500004580000403",
        "新疆财经学院",
        NEW_CODE,
        unit_admin,
    )
    assert (fresh(unit_a).name, fresh(unit_a).uscc) == ("新疆财经学院", NEW_CODE)


def test_two_renames_make_two_history_rows(unit_admin: User, unit_a: BaseUnit) -> None:
    actions.rename_unit(
        unit_a.pk,
        unit_admin,
        version=stale.token(unit_a),
        new_name="新疆财经学院",
        new_uscc=unit_a.uscc,
        reason="一",
    )
    actions.rename_unit(
        unit_a.pk,
        unit_admin,
        version=stale.token(fresh(unit_a)),
        new_name="新疆财经学院",
        new_uscc=NEW_CODE,
        reason="二",
    )
    rows = list(
        UnitNameChange.objects.filter(unit=unit_a)
        .order_by("id")
        .values_list("old_name", "new_uscc")
    )
    assert rows == [("新疆财经大学", "126500004580000403"), ("新疆财经学院", NEW_CODE)]


def test_rename_refuses_no_change(unit_admin: User, unit_a: BaseUnit) -> None:
    with pytest.raises(Refused):
        actions.rename_unit(
            unit_a.pk,
            unit_admin,
            version=stale.token(unit_a),
            new_name=unit_a.name,
            new_uscc=unit_a.uscc,
            reason="无",
        )
    assert not UnitNameChange.objects.exists()


def test_rename_refuses_a_code_in_use(unit_admin: User, unit_a: BaseUnit, unit_b: BaseUnit) -> None:
    with pytest.raises(Refused) as error:
        actions.rename_unit(
            unit_a.pk,
            unit_admin,
            version=stale.token(unit_a),
            new_name=unit_a.name,
            new_uscc=unit_b.uscc,
            reason="误填",
        )
    assert error.value.field == "new_uscc"
    assert "已被其他单位使用" in error.value.message
    assert fresh(unit_a).uscc == "126500004580000403"


def test_rename_turns_a_racing_duplicate_into_the_same_message(
    unit_admin: User, unit_a: BaseUnit, unit_b: BaseUnit, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The other unit takes the code between the check and the write: the constraint decides.
    monkeypatch.setattr(QuerySet, "exists", lambda self: False)
    with pytest.raises(Refused) as error:
        actions.rename_unit(
            unit_a.pk,
            unit_admin,
            version=stale.token(unit_a),
            new_name="新疆财经学院",
            new_uscc=unit_b.uscc,
            reason="竞争",
        )
    monkeypatch.undo()
    assert "已被其他单位使用" in error.value.message
    assert (fresh(unit_a).name, fresh(unit_a).uscc) == ("新疆财经大学", "126500004580000403")
    assert not UnitNameChange.objects.exists()


def test_rename_refuses_a_stale_version(unit_admin: User, unit_a: BaseUnit) -> None:
    version = stale.token(unit_a)
    actions.complete_unit(unit_a.pk, unit_admin, version=version, details=details())
    with pytest.raises(Stale):
        actions.rename_unit(
            unit_a.pk,
            unit_admin,
            version=version,
            new_name="新疆财经学院",
            new_uscc=unit_a.uscc,
            reason="迟",
        )
    assert fresh(unit_a).name == "新疆财经大学"


def test_rename_flags_similar_units_once(
    unit_admin: User, unit_a: BaseUnit, regions: dict[str, Region]
) -> None:
    hospital = make_unit(regions["urumqi"], "乌鲁木齐市友谊医院", OTHER_CODE)
    make_unit(regions["kashgar"], "友谊医院", "12653100458480237M")  # another region: not compared
    actions.rename_unit(
        unit_a.pk,
        unit_admin,
        version=stale.token(unit_a),
        new_name="友谊医院",
        new_uscc=unit_a.uscc,
        reason="一",
    )
    actions.rename_unit(
        unit_a.pk,
        unit_admin,
        version=stale.token(fresh(unit_a)),
        new_name="友谊医院（新院）",
        new_uscc=unit_a.uscc,
        reason="二",
    )
    flags = list(SimilarUnitFlag.objects.values_list("unit_id", "similar_to_id"))
    assert flags == [(unit_a.pk, hospital.pk)]


def test_a_pair_already_judged_is_not_raised_again(
    unit_admin: User, hr_admin: User, unit_a: BaseUnit, regions: dict[str, Region]
) -> None:
    hospital = make_unit(regions["urumqi"], "乌鲁木齐市友谊医院", OTHER_CODE)
    judged = SimilarUnitFlag.objects.create(
        unit=unit_a,
        similar_to=hospital,
        resolved_by=hr_admin,
        resolved_at=timezone.now(),
        resolution="不同单位",
    )
    actions.rename_unit(
        unit_a.pk,
        unit_admin,
        version=stale.token(unit_a),
        new_name="友谊医院",
        new_uscc=unit_a.uscc,
        reason="一",
    )
    judged.refresh_from_db()
    assert judged.resolution == "不同单位" and judged.resolved_at is not None
    assert SimilarUnitFlag.objects.count() == 1


# --- set_recommenders -----------------------------------------------------------------------


@pytest.fixture
def depts(regions: dict[str, Region]) -> list[Department]:
    return [
        Department.objects.create(
            name=f"部门{i}", kind="industry", level="prefecture", region=regions["urumqi"]
        )
        for i in range(3)
    ]


def names(unit: BaseUnit) -> list[str]:
    return sorted(fresh(unit).recommending_units.values_list("name", flat=True))


@pytest.mark.parametrize("count", [0, 1, 2])
def test_set_recommenders_replaces_them(
    unit_admin: User, unit_a: BaseUnit, depts: list[Department], count: int
) -> None:
    unit_a.recommending_units.add(depts[2])
    saved = actions.set_recommenders(
        unit_a.pk,
        unit_admin,
        version=stale.token(fresh(unit_a)),
        department_ids=[d.pk for d in depts[:count]],
    )
    assert len(saved) == count
    assert names(unit_a) == [f"部门{i}" for i in range(count)]


def test_set_recommenders_refuses_three(
    unit_admin: User, unit_a: BaseUnit, depts: list[Department]
) -> None:
    with pytest.raises(Refused) as error:
        actions.set_recommenders(
            unit_a.pk,
            unit_admin,
            version=stale.token(unit_a),
            department_ids=[d.pk for d in depts],
        )
    assert "最多只能选择两个" in error.value.message
    assert names(unit_a) == []


def test_set_recommenders_refuses_unknown_ids(
    unit_admin: User, unit_a: BaseUnit, depts: list[Department]
) -> None:
    with pytest.raises(Refused):
        actions.set_recommenders(
            unit_a.pk,
            unit_admin,
            version=stale.token(unit_a),
            department_ids=[depts[0].pk, 999999],
        )
    assert names(unit_a) == []


def test_an_inactive_department_may_be_kept_but_not_newly_chosen(
    unit_admin: User, unit_a: BaseUnit, depts: list[Department]
) -> None:
    unit_a.recommending_units.add(depts[0])
    Department.objects.filter(pk__in=[depts[0].pk, depts[1].pk]).update(is_active=False)
    with pytest.raises(Refused):
        actions.set_recommenders(
            unit_a.pk,
            unit_admin,
            version=stale.token(fresh(unit_a)),
            department_ids=[depts[0].pk, depts[1].pk],
        )
    actions.set_recommenders(
        unit_a.pk,
        unit_admin,
        version=stale.token(fresh(unit_a)),
        department_ids=[depts[0].pk, depts[2].pk],
    )
    assert names(unit_a) == ["部门0", "部门2"]


def test_set_recommenders_refuses_a_stale_version(
    unit_admin: User, unit_a: BaseUnit, depts: list[Department]
) -> None:
    version = stale.token(unit_a)
    actions.set_recommenders(unit_a.pk, unit_admin, version=version, department_ids=[depts[0].pk])
    with pytest.raises(Stale):
        actions.set_recommenders(
            unit_a.pk, unit_admin, version=version, department_ids=[depts[1].pk]
        )
    assert names(unit_a) == ["部门0"]


# --- resolve_similar_flag -------------------------------------------------------------------


def test_resolve_records_who_when_and_why(
    hr_admin: User, unit_a: BaseUnit, unit_b: BaseUnit
) -> None:
    flag = SimilarUnitFlag.objects.create(unit=unit_a, similar_to=unit_b)
    resolved = actions.resolve_similar_flag(flag.pk, hr_admin, note="不同单位")
    flag.refresh_from_db()
    assert (flag.resolved_by, flag.resolution) == (hr_admin, "不同单位")
    assert flag.resolved_at == resolved.resolved_at is not None


def test_resolve_twice_is_refused(hr_admin: User, unit_a: BaseUnit, unit_b: BaseUnit) -> None:
    flag = SimilarUnitFlag.objects.create(unit=unit_a, similar_to=unit_b)
    actions.resolve_similar_flag(flag.pk, hr_admin, note="第一次")
    with pytest.raises(Refused):
        actions.resolve_similar_flag(flag.pk, hr_admin, note="第二次")
    flag.refresh_from_db()
    assert flag.resolution == "第一次"
