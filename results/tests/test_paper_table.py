"""纸质材料 as a staff table: sort, filter, page size, Excel export of the filtered rows
(audited, ID numbers masked) and 批量标记已收到 with its refusals."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook  # type: ignore[import-untyped]

from accounts.models import User
from applications.models import Application
from audit.models import AuditEvent
from lib.idcard import mask_id_number
from results import actions
from results.models import MeetingResult, PaperReceipt
from testing.pages import text

pytestmark = pytest.mark.django_db

PAPERS = reverse("results:papers")
BULK = reverse("results:papers_received")
Many = Callable[[int], list[Application]]


def order_of(page: str, apps: list[Application]) -> list[int]:
    found = [(page.index(f'id="paper-{a.pk}"'), a.pk) for a in apps if f'id="paper-{a.pk}"' in page]
    return [pk for _, pk in sorted(found)]


def said(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_it_sorts_by_applicant_and_by_paper_status(
    client: Client, committee_staff: User, passed_many: Many
) -> None:
    apps = passed_many(3)
    actions.mark_paper(committee_staff, apps[1].pk, received=True)
    client.force_login(committee_staff)
    page = text(client.get(PAPERS, {"sort": "-applicant"}))
    assert order_of(page, apps) == [a.pk for a in reversed(apps)]
    up = order_of(text(client.get(PAPERS, {"sort": "paper"})), apps)
    down = order_of(text(client.get(PAPERS, {"sort": "-paper"})), apps)
    assert down == list(reversed(up))
    assert apps[1].pk in (up[0], up[-1])  # the one received sorts apart from the unmarked


def test_it_filters_and_chooses_the_page_size(
    client: Client, committee_staff: User, passed_many: Many
) -> None:
    apps = passed_many(3)
    actions.mark_paper(committee_staff, apps[0].pk, received=True)
    client.force_login(committee_staff)
    page = text(client.get(PAPERS, {"paper": "received"}))
    assert order_of(page, apps) == [apps[0].pk]
    page = text(client.get(PAPERS, {"per_page": "20"}))
    assert '<strong class="per-page-current" aria-current="true">20</strong>' in page
    page = text(client.get(PAPERS))  # this list shows 50 by default
    assert '<strong class="per-page-current" aria-current="true">50</strong>' in page


def test_the_export_holds_the_filtered_rows_masked_and_audited(
    client: Client, committee_staff: User, passed_many: Many
) -> None:
    apps = passed_many(3)
    actions.mark_paper(committee_staff, apps[2].pk, received=True)
    client.force_login(committee_staff)
    response = client.get(PAPERS, {"paper": "none", "export": "xlsx"})
    rows = [
        list(r)
        for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    ]
    assert rows[0] == [
        "申请书编号",
        "申请人",
        "身份证号",
        "申请年度",
        "申请资格",
        "基层工作单位",
        "纸质材料",
        "说明",
    ]
    assert sorted(r[1] for r in rows[1:]) == ["申请人000", "申请人001"]
    assert {r[2] for r in rows[1:]} == {
        mask_id_number(a.applicant.id_number or "") for a in apps[:2]
    }
    assert all(r[6] == "尚未登记" for r in rows[1:])
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED)
    assert event.actor == committee_staff and event.target == "纸质材料"
    assert event.detail.startswith("2 行")


def test_bulk_mark_received_goes_through_each_row(
    client: Client, committee_staff: User, passed_many: Many
) -> None:
    apps = passed_many(2)
    client.force_login(committee_staff)
    response = client.post(BULK, {"ids": [str(a.pk) for a in apps]})
    assert response.status_code == 302
    assert said(response) == ["已将 2 份申请书的纸质材料标记为已收到。"]
    receipts = PaperReceipt.objects.filter(application__in=apps)
    assert [r.status for r in receipts] == ["received", "received"]
    assert all(r.marked_by == committee_staff for r in receipts)


def test_bulk_mark_skips_forged_and_refused_rows(
    client: Client,
    committee_staff: User,
    passed_many: Many,
    at_department: Application,
) -> None:
    (app,) = passed_many(1)
    client.force_login(committee_staff)
    # 999999 does not exist; at_department has not passed formal review (not in this list).
    response = client.post(BULK, {"ids": [str(app.pk), "999999", str(at_department.pk)]})
    assert said(response) == [
        "已将 1 份申请书的纸质材料标记为已收到。",
        "2 份未标记。2 份：不在本评委会通过形式审核的申请书中",
    ]
    assert not PaperReceipt.objects.filter(application=at_department).exists()


def test_bulk_mark_refuses_a_row_already_before_a_meeting(
    client: Client, committee_staff: User, voted: Any
) -> None:
    client.force_login(committee_staff)
    response = client.post(BULK, {"ids": [str(voted.application_id)]})
    assert said(response) == ["1 份未标记。1 份：该申请书已列入评审会议，不能再更改纸质材料状态。"]


def test_bulk_mark_needs_a_selection_and_staff(
    client: Client, committee_staff: User, unit_admin: User
) -> None:
    client.force_login(committee_staff)
    assert said(client.post(BULK, {})) == ["请先勾选要标记的申请书。"]
    client.force_login(unit_admin)
    assert client.post(BULK, {"ids": ["1"]}).status_code in (403, 404)


TO_MEETING = reverse("results:papers_to_meeting")


def test_selected_rows_go_before_a_meeting(
    client: Client, committee_staff: User, ready: Application, meeting: Any
) -> None:
    client.force_login(committee_staff)
    page = text(client.get(PAPERS))
    assert f'<option value="{meeting.pk}">{meeting.name}</option>' in page
    response = client.post(TO_MEETING, {"meeting": str(meeting.pk), "ids": [str(ready.pk)]})
    assert response.status_code == 302
    assert said(response) == [f"已将 1 份申请书列入 {meeting.name}。"]
    assert MeetingResult.objects.filter(meeting=meeting, application=ready).exists()


def test_a_batch_with_an_ineligible_row_is_refused_whole(
    client: Client, committee_staff: User, ready: Application, meeting: Any, passed_many: Many
) -> None:
    (unreceived,) = passed_many(1)
    client.force_login(committee_staff)
    response = client.post(
        TO_MEETING,
        {"meeting": str(meeting.pk), "ids": [str(ready.pk), str(unreceived.pk), "999999"]},
    )
    messages = said(response)
    assert messages[0] == "有 2 份申请书不符合列入会议的条件，本次未列入任何申请书。"
    assert "#999999：申请书不存在或不属于本评审委员会。" in messages
    assert not MeetingResult.objects.filter(meeting=meeting).exists()


def test_a_forged_meeting_is_not_found(
    client: Client, committee_staff: User, ready: Application
) -> None:
    client.force_login(committee_staff)
    assert client.post(TO_MEETING, {"meeting": "999999", "ids": [str(ready.pk)]}).status_code == 404
