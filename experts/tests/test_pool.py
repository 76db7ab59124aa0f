"""评审专家库: adding experts (with an expert account), importing a sheet, declaring relations."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook  # type: ignore[import-untyped]

from accounts.models import Role, User
from catalog.models import Series
from conftest import APPLICANT_ID
from experts import pool
from experts.models import Expert, Relation
from lib.refusal import Refused
from orgs.models import BaseUnit

GOOD = pool.ExpertData("王专家", "研究员", "经济学", "新疆大学", "乌鲁木齐市", "13900001111")


def sheet(rows: Sequence[Sequence[object]], header: tuple[str, ...] = pool.HEADERS) -> io.BytesIO:
    book = Workbook()
    ws = book.active
    ws.append(list(header))
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_it_adds_an_expert_with_an_expert_account(
    committee_staff: User, series: Series, regions: dict
) -> None:
    added = pool.add_expert(committee_staff, series.pk, GOOD)
    expert = added.expert
    assert (expert.name, expert.title, expert.specialty.name, expert.region.name) == (
        "王专家",
        "研究员",
        "经济学",
        "乌鲁木齐市",
    )
    assert expert.committee_id == committee_staff.committee_id
    assert expert.user.role == Role.EXPERT
    assert expert.user.check_password(added.password)


def test_it_links_a_registered_unit_by_name(
    committee_staff: User, series: Series, unit_a: BaseUnit
) -> None:
    data = pool.ExpertData("王专家", "教授", "经济学", unit_a.name, "乌鲁木齐市", "13900001111")
    assert pool.add_expert(committee_staff, series.pk, data).expert.unit == unit_a


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            pool.ExpertData(
                "<b>王</b>", "研究员", "经济学", "新疆大学", "乌鲁木齐市", "13900001111"
            ),
            "name",
            "不能包含",
        ),
        (
            pool.ExpertData("王专家", "研究员", "天文学", "新疆大学", "乌鲁木齐市", "13900001111"),
            "specialty",
            "不是社会科学研究的专业",
        ),
        (
            pool.ExpertData("王专家", "研究员", "经济学", "新疆大学", "火星", "13900001111"),
            "region",
            "没有名为“火星”的地区",
        ),
        (
            pool.ExpertData("王专家", "研究员", "经济学", "新疆大学", "乌鲁木齐市", "1390000"),
            "mobile",
            "",
        ),
    ],
)
def test_it_refuses_bad_input(
    committee_staff: User,
    series: Series,
    regions: dict,
    data: pool.ExpertData,
    field: str,
    message: str,
) -> None:
    with pytest.raises(Refused) as refused:
        pool.add_expert(committee_staff, series.pk, data)
    assert refused.value.field == field
    assert message in str(refused.value)
    assert not Expert.objects.exists()


def test_other_roles_cannot_add(applicant: User, series: Series) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        pool.add_expert(applicant, series.pk, GOOD)


def test_it_imports_a_sheet(committee_staff: User, series: Series, regions: dict) -> None:
    rows: list[list[object]] = [
        ["王专家", "研究员", "经济学", "新疆大学", "乌鲁木齐市", "13900001111"],
        [],
        ["李专家", "教授", "经济学", "石河子大学", "乌鲁木齐市", 13900002222],
    ]
    added = pool.import_experts(committee_staff, series.pk, sheet(rows))
    assert [a.expert.name for a in added] == ["王专家", "李专家"]
    assert User.objects.filter(role=Role.EXPERT).count() == 2


def test_a_sheet_with_an_error_imports_nothing(
    committee_staff: User, series: Series, regions: dict
) -> None:
    rows = [
        ["王专家", "研究员", "经济学", "新疆大学", "乌鲁木齐市", "13900001111"],
        ["李专家", "教授", "天文学", "石河子大学", "乌鲁木齐市", "13900002222"],
    ]
    with pytest.raises(pool.SheetRefused) as refused:
        pool.import_experts(committee_staff, series.pk, sheet(rows))
    assert "1 处错误" in str(refused.value)
    assert [str(e) for e in refused.value.errors] == ["第 3 行：“天文学”不是社会科学研究的专业。"]
    assert not Expert.objects.exists() and not User.objects.filter(role=Role.EXPERT).exists()


def test_a_wrong_header_or_a_non_xlsx_is_refused(committee_staff: User, series: Series) -> None:
    with pytest.raises(pool.SheetRefused, match="表头应为"):
        pool.import_experts(committee_staff, series.pk, sheet([], header=("名字",)))
    with pytest.raises(pool.SheetRefused, match="Excel"):
        pool.import_experts(committee_staff, series.pk, io.BytesIO(b"<html>not a sheet</html>"))


def test_relations_are_checked(committee_staff: User, series: Series, regions: dict) -> None:
    expert = pool.add_expert(committee_staff, series.pk, GOOD).expert
    with pytest.raises(Refused) as refused:
        pool.declare_relation(
            committee_staff, expert.pk, id_number="650102199001011230", name="张三", kind="配偶"
        )
    assert refused.value.field == "id_number"
    pool.declare_relation(
        committee_staff, expert.pk, id_number=APPLICANT_ID.lower(), name="张三", kind="配偶"
    )
    with pytest.raises(Refused, match="已登记过"):
        pool.declare_relation(
            committee_staff, expert.pk, id_number=APPLICANT_ID, name="张三", kind="配偶"
        )
    assert Relation.objects.count() == 1


def test_the_pool_page_shows_the_first_password_once(
    client: Client, committee_staff: User, series: Series, regions: dict
) -> None:
    client.force_login(committee_staff)
    response = client.post(
        reverse("experts:pool"),
        {
            "step": "add",
            "series": series.pk,
            "name": "王专家",
            "title": "研究员",
            "specialty": "经济学",
            "unit_name": "新疆大学",
            "region": "乌鲁木齐市",
            "mobile": "13900001111",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "初始密码只显示这一次" in html
    expert = Expert.objects.get()
    assert expert.user.username in html
    assert "王专家" in client.get(reverse("experts:pool")).content.decode()


def test_the_pool_page_keeps_what_was_typed_when_refused(
    client: Client, committee_staff: User, series: Series, regions: dict
) -> None:
    client.force_login(committee_staff)
    response = client.post(
        reverse("experts:pool"),
        {
            "step": "add",
            "series": series.pk,
            "name": "王专家",
            "title": "研究员",
            "specialty": "天文学",
            "unit_name": "新疆大学",
            "region": "乌鲁木齐市",
            "mobile": "13900001111",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400 and "不是社会科学研究的专业" in html and "王专家" in html


def test_a_new_expert_account_is_in_the_security_audit(
    committee_staff: User, series: Series, regions: dict
) -> None:
    from audit.models import AuditEvent

    added = pool.add_expert(committee_staff, series.pk, GOOD)
    event = AuditEvent.objects.get(action="role_changed")
    assert event.actor == committee_staff and added.expert.user.username in event.detail


def test_an_expert_account_must_sign_in_with_a_second_factor(
    committee_staff: User, series: Series, regions: dict
) -> None:
    from accounts.two_factor import required_for

    assert required_for(pool.add_expert(committee_staff, series.pk, GOOD).expert.user)


def test_an_expert_is_taken_out_of_the_pool(
    client: Client, committee_staff: User, series: Series, regions: dict
) -> None:
    expert = pool.add_expert(committee_staff, series.pk, GOOD).expert
    client.force_login(committee_staff)
    url = reverse("experts:expert", args=[expert.pk])
    assert client.post(url, {"step": "active", "active": "0"}).status_code == 302
    expert.refresh_from_db()
    assert not expert.is_active
    assert "已停用，不再抽取" in client.get(url).content.decode()
    with pytest.raises(Refused, match="专家已停用"):
        pool.set_active(committee_staff, expert.pk, active=False)
