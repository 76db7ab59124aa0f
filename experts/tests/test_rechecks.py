"""复查 (re-examination) and 投诉 (complaints): each rule and its bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse

from accounts.models import User
from applications.models import Application
from experts import panels, rechecks
from experts.models import Complaint, Interest, Panel, Recheck
from experts.tests.conftest import seats, vote_all
from lib.files import check_upload
from lib.refusal import Refused
from orgs.models import ReviewCommittee
from results.models import MeetingResult
from testing.files import make_png
from testing.results_world import Clock

REASONS = "本人论文已于评审前发表，材料中有刊物录用通知。"


@pytest.fixture
def failed(panel: Panel, ready: Application, committee_staff: User, clock: Clock) -> MeetingResult:
    vote_all(panel, ready.pk, ["for", "for", "against", "against", "abstain"])
    panels.close_meeting(committee_staff, panel.meeting_id, [s.pk for s in seats(panel)])
    panels.set_recheck_period(committee_staff, panel.meeting_id, clock.today + timedelta(days=5))
    return MeetingResult.objects.get(application=ready)


def test_an_applicant_who_did_not_pass_asks_for_recheck(
    failed: MeetingResult, applicant: User
) -> None:
    import io

    scan = check_upload(io.BytesIO(make_png()), "录用通知.png")
    recheck = rechecks.request_recheck(applicant, failed.pk, reasons=REASONS, files=[scan])
    assert recheck.status == "open" and recheck.files.get().display_name == "录用通知.png"
    with pytest.raises(Refused, match="已对本次评审结果申请过复查"):
        rechecks.request_recheck(applicant, failed.pk, reasons=REASONS)


def test_recheck_is_refused_late_short_or_by_someone_else(
    failed: MeetingResult, applicant: User, outsider: User, clock: Clock
) -> None:
    with pytest.raises(Refused) as short:
        rechecks.request_recheck(applicant, failed.pk, reasons="不服")
    assert short.value.field == "reasons"
    with pytest.raises(Http404):
        rechecks.request_recheck(outsider, failed.pk, reasons=REASONS)
    clock.shift(6)
    with pytest.raises(Refused, match="复查申请已于 .* 截止"):
        rechecks.request_recheck(applicant, failed.pk, reasons=REASONS)
    assert not Recheck.objects.exists()


def test_a_passed_applicant_cannot_ask(
    panel: Panel, ready: Application, committee_staff: User, applicant: User, clock: Clock
) -> None:
    vote_all(panel, ready.pk, ["for"] * 5)
    panels.close_meeting(committee_staff, panel.meeting_id, [s.pk for s in seats(panel)])
    panels.set_recheck_period(committee_staff, panel.meeting_id, clock.today)
    result = MeetingResult.objects.get(application=ready)
    with pytest.raises(Refused, match="只有评审未通过的申请人"):
        rechecks.request_recheck(applicant, result.pk, reasons=REASONS)


def test_refused_recheck_shows_the_reason(
    failed: MeetingResult, applicant: User, committee_staff: User, client: Client
) -> None:
    recheck = rechecks.request_recheck(applicant, failed.pk, reasons=REASONS)
    rechecks.decide_recheck(
        committee_staff,
        recheck.pk,
        uphold=False,
        note="所附材料不能证明评审有误。",
        revote_meeting_id=None,
    )
    with pytest.raises(Refused, match="已处理"):
        rechecks.decide_recheck(
            committee_staff, recheck.pk, uphold=True, note="再议", revote_meeting_id=None
        )
    client.force_login(applicant)
    html = client.get(reverse("experts:my_rechecks")).content.decode()
    assert "不予复查" in html and "所附材料不能证明评审有误。" in html


def test_upheld_recheck_goes_to_a_new_vote(
    failed: MeetingResult,
    applicant: User,
    committee_staff: User,
    make_expert,  # noqa: ANN001
    clock: Clock,
    passed_many,  # noqa: ANN001
    unit_a,  # noqa: ANN001
) -> None:
    from results import actions as results_actions

    recheck = rechecks.request_recheck(applicant, failed.pk, reasons=REASONS)
    second = results_actions.create_meeting(
        committee_staff, year=clock.today.year, name="复查表决会议", held_on=clock.today
    )
    other = passed_many(1)[0]
    results_actions.add_to_meeting(committee_staff, second.pk, [other.pk])
    fresh = [make_expert() for _ in range(3)]
    # The other applicant is also of unit A: nobody of unit A is in the pool, so all can sit.
    panel = panels.draw_panel(committee_staff, second.pk, 3, {}, seed="r")
    with pytest.raises(Refused, match="请选择一个正在评审的会议"):
        rechecks.decide_recheck(
            committee_staff, recheck.pk, uphold=True, note="同意复查", revote_meeting_id=None
        )
    rechecks.decide_recheck(
        committee_staff, recheck.pk, uphold=True, note="同意复查", revote_meeting_id=second.pk
    )
    assert {a.pk for a in panels.subjects(panel)} == {other.pk, failed.application_id}
    for app_id in (other.pk, failed.application_id):
        vote_all(panel, app_id, ["for", "for", "for"])
    panels.close_meeting(committee_staff, second.pk, [s.pk for s in seats(panel)])
    recheck.refresh_from_db()
    assert (recheck.status, recheck.revote_passed, recheck.revote_for, recheck.revote_present) == (
        "done",
        True,
        3,
        3,
    )
    assert not Interest.objects.exists()
    assert len(fresh) == 3
    # The new vote is the application's result now: it belongs to the re-vote meeting, so the
    # applicant goes into that meeting's 公示 (and then its 批文) like any passed applicant.
    moved = MeetingResult.objects.get(pk=failed.pk)
    assert (moved.meeting_id, moved.outcome, moved.members_present, moved.votes_for) == (
        second.pk,
        "passed",
        3,
        3,
    )
    publicity = results_actions.create_publicity(
        committee_staff,
        second.pk,
        title="复查表决结果公示",
        starts_on=clock.today,
        ends_on=clock.today + timedelta(days=6),
    )
    listed = set(publicity.entries.values_list("application_id", flat=True))
    assert listed == {other.pk, failed.application_id}


def test_complaints_are_recorded_and_answered_once(
    committee: ReviewCommittee, committee_staff: User, outsider: User, other_staff: User
) -> None:
    with pytest.raises(Refused) as short:
        rechecks.lodge_complaint(outsider, committee.pk, text="太慢")
    assert short.value.field == "text"
    complaint = rechecks.lodge_complaint(
        outsider, committee.pk, text="评审会议通知发出太晚，专家无法准备。"
    )
    with pytest.raises(Http404):
        rechecks.answer_complaint(other_staff, complaint.pk, answer="已知悉")
    rechecks.answer_complaint(committee_staff, complaint.pk, answer="已改进通知时间。")
    with pytest.raises(Refused, match="已答复"):
        rechecks.answer_complaint(committee_staff, complaint.pk, answer="再答复")
    assert Complaint.objects.get().answer == "已改进通知时间。"


def test_the_recheck_page_takes_reasons_and_a_checked_file(
    client: Client, failed: MeetingResult, applicant: User, committee_staff: User
) -> None:
    from testing.files import upload

    client.force_login(applicant)
    url = reverse("experts:my_rechecks")
    html = client.get(url).content.decode()
    assert "复查申请截止" in html and str(failed.application.number) in html
    bad = client.post(
        url,
        {
            "step": "recheck",
            "result": failed.pk,
            "reasons": REASONS,
            "attachments": upload("scan.pdf", b"<html><script>x</script></html>"),
        },
    )
    assert bad.status_code == 400
    assert "只能上传 JPG、PNG 图片或 PDF 文件" in bad.content.decode()
    assert REASONS in bad.content.decode()
    assert not Recheck.objects.exists()
    good = client.post(
        url,
        {
            "step": "recheck",
            "result": failed.pk,
            "reasons": REASONS,
            "attachments": upload("录用通知.png", make_png(), "image/png"),
        },
    )
    assert good.status_code == 302
    recheck = Recheck.objects.get()
    item = recheck.files.get()
    assert client.get(reverse("experts:recheck_file", args=[item.pk])).status_code == 200
    client.force_login(committee_staff)
    html = client.get(reverse("experts:rechecks")).content.decode()
    assert REASONS in html and "录用通知.png" in html
    response = client.post(
        reverse("experts:recheck_decide", args=[recheck.pk]),
        {f"r{recheck.pk}-uphold": "0", f"r{recheck.pk}-note": "理由不成立。"},
    )
    assert response.status_code == 302
    recheck.refresh_from_db()
    assert (recheck.status, recheck.decision_note) == ("refused", "理由不成立。")


def test_anyone_signed_in_complains_and_staff_answer(
    client: Client, unit_admin: User, committee: ReviewCommittee, committee_staff: User
) -> None:
    client.force_login(unit_admin)
    url = reverse("experts:my_rechecks")
    response = client.post(
        url,
        {"step": "complaint", "committee": committee.pk, "text": "评审会议安排过于仓促，请改进。"},
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    client.force_login(committee_staff)
    assert "评审会议安排过于仓促" in client.get(reverse("experts:rechecks")).content.decode()
    client.post(
        reverse("experts:complaint_answer", args=[complaint.pk]),
        {f"c{complaint.pk}-answer": "已调整会议安排。"},
    )
    client.force_login(unit_admin)
    assert "已调整会议安排。" in client.get(url).content.decode()
