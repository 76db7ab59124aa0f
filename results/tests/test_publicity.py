"""公示 and 异议: publishing a passing list, the public pages, objections and their decision."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse

from accounts.models import User
from applications.models import Application
from lib.refusal import Refused
from results import actions
from results.models import Meeting, MeetingResult, Objection, Publicity, PublicityEntry
from testing.pages import signed_in, text
from testing.results_world import Clock, receive, vote

pytestmark = pytest.mark.django_db

PUBLICITIES = reverse("results:publicities")
PUBLIC = reverse("results:public_list")
OBJECTIONS = reverse("results:objections")


def public_url(item: Publicity) -> str:
    return reverse("results:public_detail", args=[item.pk])


def staff_url(item: Publicity) -> str:
    return reverse("results:publicity", args=[item.pk])


def objection_data(target: PublicityEntry, **changes: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "entry": target.pk,
        "name": "王举报",
        "contact": "13912345678",
        "text": "该同志申报的论文存在抄袭情况，请核实。",
    }
    data.update(changes)
    return data


# --- publishing ---------------------------------------------------------------------------


def test_staff_publish_a_meetings_passing_list(
    client: Client,
    committee_staff: User,
    clock: Clock,
    meeting: Meeting,
    passed_many: Callable[[int], list[Application]],
) -> None:
    winner, loser = passed_many(2)
    receive(committee_staff, winner, loser)
    good, bad = actions.add_to_meeting(committee_staff, meeting.pk, [winner.pk, loser.pk])
    vote(committee_staff, good)
    vote(committee_staff, bad, "failed", 9, 3, 6, 0)
    start = clock.today + timedelta(days=1)
    response = signed_in(client, committee_staff).post(
        PUBLICITIES,
        {
            "meeting": meeting.pk,
            "title": "2026年度中级职称评审结果公示",
            "starts_on": start.isoformat(),
            "ends_on": (start + timedelta(days=6)).isoformat(),
        },
    )
    item = Publicity.objects.get()
    assert response.status_code == 302 and response["Location"] == staff_url(item)
    assert item.meeting == meeting and item.committee_id == meeting.committee_id
    assert list(item.entries.values_list("application_id", flat=True)) == [winner.pk]
    page = text(client.get(staff_url(item)))
    assert "申请人000" in page and "申请人001" not in page


@pytest.mark.parametrize(
    ("starts", "ends", "words"),
    [
        (-1, 5, "公示开始日期不能早于今天"),
        (0, 3, "公示期不少于 5 个工作日"),
        (0, 30, "公示期不超过 30 天"),
        (3, 1, "公示结束日期不能早于开始日期"),
    ],
)
def test_a_bad_period_is_refused(
    client: Client,
    committee_staff: User,
    clock: Clock,
    voted: MeetingResult,
    starts: int,
    ends: int,
    words: str,
) -> None:
    response = signed_in(client, committee_staff).post(
        PUBLICITIES,
        {
            "meeting": voted.meeting_id,
            "title": "评审结果公示",
            "starts_on": (clock.today + timedelta(days=starts)).isoformat(),
            "ends_on": (clock.today + timedelta(days=ends)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert words in text(response)
    assert not Publicity.objects.exists()


def test_a_meeting_with_pending_or_only_failed_results_cannot_be_published(
    committee_staff: User, clock: Clock, meeting: Meeting, ready: Application
) -> None:
    (result,) = actions.add_to_meeting(committee_staff, meeting.pk, [ready.pk])
    period = {"starts_on": clock.today, "ends_on": clock.today + timedelta(days=6)}
    with pytest.raises(Refused, match="还有 1 份申请书未录入评审结果"):
        actions.create_publicity(committee_staff, meeting.pk, title="公示", **period)
    vote(committee_staff, result, "failed", 9, 1, 8, 0)
    with pytest.raises(Refused, match="没有评审通过的人员"):
        actions.create_publicity(committee_staff, meeting.pk, title="公示", **period)
    assert not Publicity.objects.exists()


def test_a_meeting_is_published_once(
    committee_staff: User, clock: Clock, publicity: Publicity
) -> None:
    with pytest.raises(Refused, match="不能重复发布"):
        actions.create_publicity(
            committee_staff,
            publicity.meeting_id,
            title="再次公示",
            starts_on=clock.today,
            ends_on=clock.today + timedelta(days=6),
        )
    assert Publicity.objects.count() == 1


def test_another_committees_meeting_cannot_be_published(
    client: Client, other_staff: User, clock: Clock, voted: MeetingResult
) -> None:
    with pytest.raises(Http404):
        actions.create_publicity(
            other_staff,
            voted.meeting_id,
            title="公示",
            starts_on=clock.today,
            ends_on=clock.today + timedelta(days=6),
        )
    response = signed_in(client, other_staff).post(
        PUBLICITIES,
        {
            "meeting": voted.meeting_id,
            "title": "公示",
            "starts_on": clock.today.isoformat(),
            "ends_on": (clock.today + timedelta(days=6)).isoformat(),
        },
    )
    assert response.status_code == 400 and "选择一个有效的选项" in text(response)
    assert not Publicity.objects.exists()


# --- the public pages ---------------------------------------------------------------------


def test_anyone_sees_the_list_without_signing_in_but_no_id_or_phone(
    client: Client, publicity: Publicity, ready: Application, applicant: User
) -> None:
    listing = text(client.get(PUBLIC))
    assert client.get(PUBLIC).status_code == 200
    assert publicity.title in listing and "正在公示" in listing
    page = text(client.get(public_url(publicity)))
    assert "张三" in page and "新疆财经大学" in page
    assert ready.qualification_label in page
    id_number = applicant.id_number or "650102199001011239"
    assert id_number not in page
    assert id_number[-4:] not in page  # not even masked
    assert (applicant.mobile or "x") not in page
    assert "提出异议" in page and 'name="contact"' in page


def test_a_publicity_not_started_is_not_public(
    client: Client, committee_staff: User, clock: Clock, voted: MeetingResult
) -> None:
    later = actions.create_publicity(
        committee_staff,
        voted.meeting_id,
        title="下周公示",
        starts_on=clock.today + timedelta(days=2),
        ends_on=clock.today + timedelta(days=8),
    )
    assert "下周公示" not in text(client.get(PUBLIC))
    assert client.get(public_url(later)).status_code == 404
    clock.shift(2)
    assert client.get(public_url(later)).status_code == 200


def test_an_ended_publicity_stays_a_while_then_leaves(
    client: Client, clock: Clock, publicity: Publicity
) -> None:
    clock.shift(7)
    listing = text(client.get(PUBLIC))
    assert "近期已结束" in listing and publicity.title in listing
    page = text(client.get(public_url(publicity)))
    assert "不再受理异议" in page and 'name="contact"' not in page
    clock.shift(91)
    assert publicity.title not in text(client.get(PUBLIC))
    assert client.get(public_url(publicity)).status_code == 404


# --- objections ---------------------------------------------------------------------------


@pytest.fixture
def entry(publicity: Publicity) -> PublicityEntry:
    return publicity.entries.get()


def test_anyone_may_object_during_the_period(
    client: Client, publicity: Publicity, entry: PublicityEntry
) -> None:
    response = client.post(public_url(publicity), objection_data(entry), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert objection.entry == entry and objection.status == "open"
    assert (objection.name, objection.contact, objection.ip_address) == (
        "王举报",
        "13912345678",
        "10.1.2.3",
    )
    assert "您的异议已提交" in text(client.get(public_url(publicity)))


@pytest.mark.parametrize("days", [0, 6])
def test_the_first_and_last_day_count(
    client: Client, clock: Clock, publicity: Publicity, entry: PublicityEntry, days: int
) -> None:
    clock.shift(days)
    assert client.post(public_url(publicity), objection_data(entry)).status_code == 302
    assert Objection.objects.count() == 1


def test_an_objection_after_the_period_is_refused(
    client: Client, clock: Clock, publicity: Publicity, entry: PublicityEntry
) -> None:
    clock.shift(7)
    response = client.post(public_url(publicity), objection_data(entry))
    assert response.status_code == 400
    assert f"公示已于 {publicity.ends_on.isoformat()} 结束，不再受理异议" in text(response)
    assert not Objection.objects.exists()


def test_an_objection_before_the_period_is_refused(
    clock: Clock, committee_staff: User, voted: MeetingResult
) -> None:
    later = actions.create_publicity(
        committee_staff,
        voted.meeting_id,
        title="下周公示",
        starts_on=clock.today + timedelta(days=1),
        ends_on=clock.today + timedelta(days=7),
    )
    with pytest.raises(Refused, match="公示尚未开始"):
        actions.lodge_objection(
            later.pk,
            entry_id=later.entries.get().pk,
            name="王举报",
            contact="13912345678",
            text="该同志申报的论文存在抄袭情况，请核实。",
        )
    assert not Objection.objects.exists()


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"name": "<script>alert(1)</script>"}, "不能包含 &lt; 或 &gt;"),
        ({"name": "王\u202e举报"}, "控制字符"),
        ({"name": "王\x00举报"}, "控制字符"),
        ({"name": "　 "}, "请填写您的姓名"),
        ({"name": "王" * 51}, "不能超过 50 个字"),
        ({"contact": "随便"}, "请填写有效的电话号码"),
        ({"contact": "a@b"}, "请填写有效的电子邮箱"),
        ({"text": "太短"}, "不少于 10 个字"),
        ({"text": "有问题\x07" * 5}, "控制字符"),
        ({"entry": "999999"}, "请从公示名单中选择异议对象"),
        ({"entry": ""}, "请选择异议对象"),
    ],
)
def test_bad_objections_are_refused_and_what_was_typed_kept(
    client: Client,
    publicity: Publicity,
    entry: PublicityEntry,
    changes: dict[str, str],
    words: str,
) -> None:
    data = objection_data(entry, **changes)
    response = client.post(public_url(publicity), data)
    assert response.status_code == 400
    page = text(response)
    assert words in page
    assert not Objection.objects.exists()
    if "name" not in changes:
        assert 'value="王举报"' in page


def test_an_email_address_is_a_contact(
    client: Client, publicity: Publicity, entry: PublicityEntry
) -> None:
    data = objection_data(entry, contact="wang@example.cn")
    assert client.post(public_url(publicity), data).status_code == 302
    assert Objection.objects.get().contact == "wang@example.cn"


def test_objections_are_rate_limited_per_address(
    client: Client, publicity: Publicity, entry: PublicityEntry
) -> None:
    for _ in range(5):
        client.post(public_url(publicity), objection_data(entry), REMOTE_ADDR="10.9.9.9")
    response = client.post(public_url(publicity), objection_data(entry), REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 429
    assert "提交过于频繁" in text(response)
    assert Objection.objects.count() == 5
    # Another address is not affected.
    assert (
        client.post(
            public_url(publicity), objection_data(entry), REMOTE_ADDR="10.9.9.10"
        ).status_code
        == 302
    )
    assert Objection.objects.count() == 6


def test_a_removed_person_cannot_be_objected_to(
    publicity: Publicity, entry: PublicityEntry
) -> None:
    PublicityEntry.objects.filter(pk=entry.pk).update(removed=True)
    with pytest.raises(Refused) as refused:
        actions.lodge_objection(
            publicity.pk,
            entry_id=entry.pk,
            name="王举报",
            contact="13912345678",
            text="该同志申报的论文存在抄袭情况，请核实。",
        )
    assert refused.value.field == "entry"


# --- deciding objections ------------------------------------------------------------------


@pytest.fixture
def objection(publicity: Publicity, entry: PublicityEntry) -> Objection:
    return actions.lodge_objection(
        publicity.pk,
        entry_id=entry.pk,
        name="王举报",
        contact="13912345678",
        text="该同志申报的论文存在抄袭情况，请核实。",
    )


def decide_url(objection: Objection) -> str:
    return reverse("results:objection_decide", args=[objection.pk])


def test_staff_see_open_objections_with_contacts(
    client: Client, committee_staff: User, objection: Objection
) -> None:
    page = text(signed_in(client, committee_staff).get(OBJECTIONS))
    assert f'id="objection-{objection.pk}"' in page
    assert "王举报" in page and "13912345678" in page and "论文存在抄袭" in page
    assert "对 张三 的异议" in page


def test_an_upheld_objection_takes_the_person_off_the_public_list(
    client: Client,
    committee_staff: User,
    publicity: Publicity,
    entry: PublicityEntry,
    objection: Objection,
) -> None:
    response = signed_in(client, committee_staff).post(
        decide_url(objection), {"decision": "uphold", "note": "经核实，论文确系抄袭。"}
    )
    assert response.status_code == 302
    objection.refresh_from_db()
    entry.refresh_from_db()
    assert objection.status == "upheld" and objection.decided_by == committee_staff
    assert objection.decision_note == "经核实，论文确系抄袭。" and objection.decided_at
    assert entry.removed and entry.removed_reason == "经核实，论文确系抄袭。"
    client.logout()
    page = text(client.get(public_url(publicity)))
    assert "张三" not in page and "公示名单中已没有人员" in page
    signed_in(client, committee_staff)
    staff_page = text(client.get(staff_url(publicity)))
    assert "已撤出名单" in staff_page and "张三" in staff_page


def test_a_dismissed_objection_leaves_the_list_alone(
    client: Client,
    committee_staff: User,
    publicity: Publicity,
    entry: PublicityEntry,
    objection: Objection,
) -> None:
    signed_in(client, committee_staff).post(
        decide_url(objection), {"decision": "dismiss", "note": "经核实，不属实。"}
    )
    objection.refresh_from_db()
    entry.refresh_from_db()
    assert objection.status == "dismissed" and not entry.removed
    assert "张三" in text(client.get(public_url(publicity)))
    assert "没有待处理的异议" in text(client.get(OBJECTIONS))
    assert "经核实，不属实" in text(client.get(OBJECTIONS, {"status": "all"}))


def test_an_objection_is_decided_once(committee_staff: User, objection: Objection) -> None:
    actions.decide_objection(committee_staff, objection.pk, uphold=False, note="不属实")
    with pytest.raises(Refused, match="该异议已处理（异议不成立）"):
        actions.decide_objection(committee_staff, objection.pk, uphold=True, note="改为成立")
    objection.refresh_from_db()
    assert objection.status == "dismissed" and objection.decision_note == "不属实"
    assert not PublicityEntry.objects.filter(removed=True).exists()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"decision": "uphold", "note": ""}, "请填写处理意见"),
        ({"decision": "uphold", "note": "成立\u202e"}, "控制字符"),
        ({"decision": "maybe", "note": "看情况"}, "选择一个有效的选项"),
    ],
)
def test_a_decision_needs_a_choice_and_a_note(
    client: Client,
    committee_staff: User,
    objection: Objection,
    data: dict[str, str],
    words: str,
) -> None:
    response = signed_in(client, committee_staff).post(decide_url(objection), data)
    assert response.status_code == 400 and words in text(response)
    objection.refresh_from_db()
    assert objection.status == "open"


def test_another_committees_staff_get_404(
    client: Client, other_staff: User, publicity: Publicity, objection: Objection
) -> None:
    signed_in(client, other_staff)
    assert client.get(staff_url(publicity)).status_code == 404
    response = client.post(decide_url(objection), {"decision": "uphold", "note": "越权"})
    assert response.status_code == 404
    assert f'id="objection-{objection.pk}"' not in text(client.get(OBJECTIONS))
    assert f'id="publicity-{publicity.pk}"' not in text(client.get(PUBLICITIES))
    objection.refresh_from_db()
    assert objection.status == "open"


@pytest.mark.parametrize("who", ["applicant", "unit_admin"])
def test_other_roles_cannot_decide(
    client: Client, request: pytest.FixtureRequest, objection: Objection, who: str
) -> None:
    signed_in(client, request.getfixturevalue(who))
    assert client.get(OBJECTIONS).status_code == 403
    response = client.post(decide_url(objection), {"decision": "uphold", "note": "越权"})
    assert response.status_code == 403
    objection.refresh_from_db()
    assert objection.status == "open"
