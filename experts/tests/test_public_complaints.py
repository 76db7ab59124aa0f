"""投诉 from anyone without an account: rate-limited per address, recorded, answered by staff."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from experts import rechecks
from experts.models import Complaint
from orgs.models import ReviewCommittee
from testing.pages import signed_in, text

pytestmark = pytest.mark.django_db
URL = reverse("experts:complain")
TEXT = "评审会议当天有专家未到场却计入了出席人数，请核查。"


def data(target: ReviewCommittee, **changes: str) -> dict[str, Any]:
    return {"committee": str(target.pk), "text": TEXT, "name": "", "contact": "", **changes}


def test_anyone_complains_without_an_account_and_staff_answer(
    client: Client, committee: ReviewCommittee, committee_staff: User
) -> None:
    assert "提交投诉" in text(client.get(URL))
    response = client.post(
        URL, data(committee, name="王五", contact="13800138000"), REMOTE_ADDR="10.4.4.4"
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.author is None and complaint.committee == committee
    assert (complaint.name, complaint.contact, complaint.ip_address) == (
        "王五",
        "13800138000",
        "10.4.4.4",
    )
    staff_page = text(signed_in(client, committee_staff).get(reverse("experts:rechecks")))
    assert "未登录提交 · 王五 · 13800138000" in staff_page
    rechecks.answer_complaint(committee_staff, complaint.pk, answer="已核查，出席人数无误。")
    complaint.refresh_from_db()
    assert complaint.answered_at is not None and complaint.answer == "已核查，出席人数无误。"


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"text": "太短了"}, "投诉内容"),
        ({"text": " " * 10}, "投诉内容"),
        ({"text": "投诉内容\u202e很长很长很长很长"}, "控制字符"),
        ({"name": "<script>alert(1)</script>"}, "不能包含 &lt; 或 &gt;"),
        ({"contact": "电话\u0007123"}, "控制字符"),
        ({"committee": "999999"}, "选择一个有效的选项"),
        ({"committee": ""}, "评审委员会"),
        ({"text": "长" * 2001}, "2000"),
    ],
)
def test_bad_complaints_are_refused_and_nothing_recorded(
    client: Client, committee: ReviewCommittee, changes: dict[str, str], words: str
) -> None:
    response = client.post(URL, data(committee, **changes))
    assert response.status_code == 400
    assert words in text(response)
    assert not Complaint.objects.exists()


def test_complaints_are_rate_limited_per_address(
    client: Client, committee: ReviewCommittee
) -> None:
    for _ in range(5):
        client.post(URL, data(committee), REMOTE_ADDR="10.8.8.8")
    response = client.post(URL, data(committee), REMOTE_ADDR="10.8.8.8")
    assert response.status_code == 429
    assert "提交过于频繁" in text(response)
    assert Complaint.objects.count() == 5
    assert client.post(URL, data(committee), REMOTE_ADDR="10.8.8.9").status_code == 302
    assert Complaint.objects.count() == 6
