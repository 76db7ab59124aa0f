"""会议评审 and 公示 as staff tables: sort, page size, Excel export of the listed rows (audited)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook  # type: ignore[import-untyped]

from accounts.models import User
from audit.models import AuditEvent
from results import actions
from results.models import Meeting, Publicity
from testing.pages import text

pytestmark = pytest.mark.django_db

MEETINGS = reverse("results:meetings")
PUBLICITIES = reverse("results:publicities")


def make(staff: User, names: list[str]) -> list[Publicity]:
    made = []
    for i, name in enumerate(names):
        held = date(2026, 3, 1) + timedelta(days=i)
        meeting = Meeting.objects.create(
            committee_id=actions.committee_of(staff),
            year=2026,
            name=f"{name}会议",
            held_on=held,
            created_by=staff,
        )
        made.append(
            Publicity.objects.create(
                committee_id=actions.committee_of(staff),
                meeting=meeting,
                year=2026,
                title=f"{name}公示",
                starts_on=held,
                ends_on=held + timedelta(days=6),
                created_by=staff,
            )
        )
    return made


def order_of(page: str, prefix: str, pks: list[int]) -> list[int]:
    found = [(page.index(f'id="{prefix}-{pk}"'), pk) for pk in pks if f'id="{prefix}-{pk}"' in page]
    return [pk for _, pk in sorted(found)]


def sheet(response: object) -> list[list[object]]:
    book = load_workbook(io.BytesIO(response.content))  # type: ignore[attr-defined]
    return [list(r) for r in book.active.iter_rows(values_only=True)]


def test_meetings_sort_by_name_and_date(client: Client, committee_staff: User) -> None:
    items = make(committee_staff, ["乙", "甲", "丙"])
    pks = [p.meeting_id for p in items]
    client.force_login(committee_staff)
    default = order_of(text(client.get(MEETINGS)), "meeting", pks)
    assert default == list(reversed(pks))  # newest meeting first, as before
    up = order_of(text(client.get(MEETINGS, {"sort": "held_on"})), "meeting", pks)
    assert up == pks
    by_name = order_of(text(client.get(MEETINGS, {"sort": "name"})), "meeting", pks)
    down = order_of(text(client.get(MEETINGS, {"sort": "-name"})), "meeting", pks)
    assert by_name == list(reversed(down)) and len(by_name) == 3
    assert 'aria-sort="ascending"' in text(client.get(MEETINGS, {"sort": "name"}))


def test_meetings_page_size(client: Client, committee_staff: User) -> None:
    make(committee_staff, [f"会{i}" for i in range(25)])
    client.force_login(committee_staff)
    page = text(client.get(MEETINGS))
    assert page.count('<tr id="meeting-') == 20
    page = text(client.get(MEETINGS, {"per_page": "50"}))
    assert page.count('<tr id="meeting-') == 25
    assert '<strong class="per-page-current" aria-current="true">50</strong>' in page
    page = text(client.get(MEETINGS, {"per_page": "7"}))  # not offered: the default
    assert '<strong class="per-page-current" aria-current="true">20</strong>' in page


def test_meetings_export_is_the_list_and_audited(client: Client, committee_staff: User) -> None:
    make(committee_staff, ["甲", "乙"])
    client.force_login(committee_staff)
    rows = sheet(client.get(MEETINGS, {"export": "xlsx", "sort": "held_on"}))
    assert rows[0] == [
        "年度",
        "会议名称",
        "会议日期",
        "委员人数",
        "参评",
        "通过",
        "未通过",
        "待录入",
        "公示",
    ]
    assert [r[1] for r in rows[1:]] == ["甲会议", "乙会议"]
    assert rows[1][2] == "2026-03-01" and rows[1][4] == 0 and rows[1][8] == "甲公示"
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED)
    assert event.actor == committee_staff and event.target == "会议评审"
    assert event.detail.startswith("2 行")


def test_publicities_sort_and_page_size(client: Client, committee_staff: User) -> None:
    items = make(committee_staff, ["乙", "甲", "丙"])
    pks = [p.pk for p in items]
    client.force_login(committee_staff)
    assert order_of(text(client.get(PUBLICITIES)), "publicity", pks) == list(reversed(pks))
    assert order_of(text(client.get(PUBLICITIES, {"sort": "period"})), "publicity", pks) == pks
    up = order_of(text(client.get(PUBLICITIES, {"sort": "title"})), "publicity", pks)
    down = order_of(text(client.get(PUBLICITIES, {"sort": "-title"})), "publicity", pks)
    assert up == list(reversed(down)) and len(up) == 3
    page = text(client.get(PUBLICITIES, {"per_page": "100"}))
    assert '<strong class="per-page-current" aria-current="true">100</strong>' in page


def test_publicities_export_is_the_list_and_audited(client: Client, committee_staff: User) -> None:
    make(committee_staff, ["甲"])
    client.force_login(committee_staff)
    rows = sheet(client.get(PUBLICITIES, {"export": "xlsx"}))
    assert rows[0] == [
        "年度",
        "公示标题",
        "评审会议",
        "公示开始日期",
        "公示结束日期",
        "状态",
        "名单人数",
        "待处理异议",
        "批文",
    ]
    assert rows[1][1:5] == ["甲公示", "甲会议", "2026-03-01", "2026-03-07"]
    assert rows[1][6:] == [0, 0, "未发文"]
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED)
    assert event.target == "公示" and event.detail.startswith("1 行")


def test_other_staff_cannot_export(client: Client, unit_admin: User) -> None:
    client.force_login(unit_admin)
    assert client.get(MEETINGS, {"export": "xlsx"}).status_code in (403, 404)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).exists()
