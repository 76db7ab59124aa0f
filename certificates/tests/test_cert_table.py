"""证书管理 as a staff table: sort, page size, Excel export of the filtered certificates (ID
numbers masked, audited)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook  # type: ignore[import-untyped]

from accounts.models import User
from audit.models import AuditEvent
from certificates import actions
from certificates.models import Certificate
from lib.idcard import mask_id_number
from testing.pages import signed_in
from testing.pages import text as page

pytestmark = pytest.mark.django_db

MANAGE = reverse("certificates:manage")


def order_of(html: str, certs: list[Certificate]) -> list[int]:
    found = [(html.index(f'id="cert-{c.pk}"'), c.pk) for c in certs if f'id="cert-{c.pk}"' in html]
    return [pk for _, pk in sorted(found)]


def test_it_sorts_by_number_and_status(client: Client, committee_staff: User, holders: Any) -> None:
    certs = holders(3)
    actions.revoke_certificate(committee_staff, certs[1].pk, "资格取消")
    staff = signed_in(client, committee_staff)
    up = order_of(page(staff.get(MANAGE, {"sort": "number"})), certs)
    down = order_of(page(staff.get(MANAGE, {"sort": "-number"})), certs)
    assert up == sorted(up, key=lambda pk: Certificate.objects.get(pk=pk).number)
    assert down == list(reversed(up)) and len(up) == 3
    by_status = order_of(page(staff.get(MANAGE, {"sort": "status"})), certs)
    assert certs[1].pk in (by_status[0], by_status[-1])
    assert 'aria-sort="ascending"' in page(staff.get(MANAGE, {"sort": "holder"}))


def test_it_chooses_the_page_size(client: Client, committee_staff: User, holders: Any) -> None:
    holders(21)
    staff = signed_in(client, committee_staff)
    assert page(staff.get(MANAGE)).count('<tr id="cert-') == 20
    html = page(staff.get(MANAGE, {"per_page": "50"}))
    assert html.count('<tr id="cert-') == 21
    assert '<strong class="per-page-current" aria-current="true">50</strong>' in html


def test_the_export_holds_the_filtered_rows_masked_and_audited(
    client: Client, committee_staff: User, holders: Any
) -> None:
    certs = holders(3)
    actions.revoke_certificate(committee_staff, certs[0].pk, "资格取消")
    staff = signed_in(client, committee_staff)
    response = staff.get(MANAGE, {"status": "valid", "export": "xlsx", "sort": "number"})
    rows = [
        list(r)
        for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    ]
    assert rows[0] == [
        "证书编号",
        "姓名",
        "身份证号",
        "资格",
        "专业",
        "工作单位",
        "批文号",
        "发证日期",
        "状态",
        "撤销时间",
        "撤销原因",
    ]
    assert sorted(r[0] for r in rows[1:]) == sorted(c.number for c in certs[1:])
    assert {r[2] for r in rows[1:]} == {mask_id_number(c.id_number) for c in certs[1:]}
    assert all(r[8] == "有效" for r in rows[1:])
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED)
    assert event.actor == committee_staff and event.target == "证书管理"
    assert event.detail.startswith("2 行")
