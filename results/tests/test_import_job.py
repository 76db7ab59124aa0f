"""A large 会议结果导入 runs on a worker: the same all-or-nothing rule and row errors, a page
that follows it, once only however often the task is delivered."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from applications.models import Application
from conftest import upload
from lib.refusal import Refused
from results import actions, excel
from results.models import ImportJob, Meeting, MeetingResult
from results.tests.conftest import xlsx
from testing.pages import signed_in, text
from testing.results_world import receive

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_limit(settings: Any) -> None:
    settings.IMPORT_INLINE_MAX_ROWS = 2  # three rows is "large" here


@pytest.fixture
def three(
    committee_staff: User, meeting: Meeting, passed_many: Callable[[int], list[Application]]
) -> list[MeetingResult]:
    apps = passed_many(3)
    receive(committee_staff, *apps)
    return actions.add_to_meeting(committee_staff, meeting.pk, [a.pk for a in apps])


def rows_of(results: list[MeetingResult]) -> list[list[Any]]:
    a, b, c = (r.application.number for r in results)
    return [[a, 9, 7, 1, 1, "通过"], [b, 9, 3, 5, 1, "不通过"], [c, "9", "６", 2.0, 1, "通过"]]


def post(client: Client, meeting: Meeting, content: bytes) -> Any:
    url = reverse("results:meeting_import", args=[meeting.pk])
    return client.post(url, {"file": upload("结果.xlsx", content, excel.XLSX_CONTENT_TYPE)})


def outcomes() -> list[str]:
    return list(MeetingResult.objects.order_by("id").values_list("outcome", flat=True))


def test_a_large_sheet_is_imported_on_the_worker(
    client: Client, committee_staff: User, meeting: Meeting, three: list[MeetingResult]
) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = post(signed_in(client, committee_staff), meeting, xlsx(rows_of(three)))
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("results:import_job", args=[job.pk])
    assert (job.status, job.imported, job.row_count, job.file_name) == ("done", 3, 3, "结果.xlsx")
    assert outcomes() == ["passed", "failed", "passed"]
    assert MeetingResult.objects.get(pk=three[2].pk).votes_for == 6
    page = text(client.get(response["Location"]))
    assert "表格共 3 行，已转入后台导入" in page and "已导入 3 条评审结果" in page
    assert 'data-running="0"' in page and 'style="' not in page


def test_the_page_follows_a_job_that_waits_and_a_repeat_delivery_does_nothing(
    client: Client, committee_staff: User, meeting: Meeting, three: list[MeetingResult]
) -> None:
    response = post(signed_in(client, committee_staff), meeting, xlsx(rows_of(three)))
    job = ImportJob.objects.get()
    assert outcomes() == ["pending"] * 3  # nothing written in the request
    page = text(client.get(response["Location"]))
    assert "等待导入" in page and 'data-running="1"' in page
    assert reverse("results:import_job_progress", args=[job.pk]) in page
    progress = reverse("results:import_job_progress", args=[job.pk])
    data = client.get(progress).json()
    assert (data["running"], data["status_label"], data["total"]) == (True, "等待导入", 3)

    assert actions.run_import.call(job.pk) == "done"
    versions = list(MeetingResult.objects.order_by("id").values_list("version", flat=True))
    assert actions.run_import.call(job.pk) == "skipped"  # the same task delivered again
    assert list(MeetingResult.objects.order_by("id").values_list("version", flat=True)) == versions
    data = client.get(progress).json()
    assert (data["running"], data["finished"], data["imported"]) == (False, True, 3)


def test_one_bad_row_refuses_the_whole_large_sheet_with_its_row_errors(
    client: Client, committee_staff: User, meeting: Meeting, three: list[MeetingResult]
) -> None:
    rows = rows_of(three)
    rows[2][2] = 7.5  # row 4: not a whole number
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = post(signed_in(client, committee_staff), meeting, xlsx(rows))
    job = ImportJob.objects.get()
    assert job.status == "refused" and job.imported == 0
    assert outcomes() == ["pending"] * 3  # all or nothing
    page = text(client.get(response["Location"]))
    assert "表格中有 1 处错误，未导入任何结果" in page
    assert "第 4 行" in page and "应为整数，实际为“7.5”" in page


def test_small_sheets_stay_inline(
    client: Client, committee_staff: User, meeting: Meeting, three: list[MeetingResult]
) -> None:
    response = post(signed_in(client, committee_staff), meeting, xlsx(rows_of(three)[:2]))
    assert response["Location"] == reverse("results:meeting", args=[meeting.pk])
    assert not ImportJob.objects.exists()
    assert outcomes() == ["passed", "failed", "pending"]


def test_another_committees_job_is_a_404(
    client: Client,
    committee_staff: User,
    other_staff: User,
    meeting: Meeting,
    three: list[MeetingResult],
) -> None:
    actions.import_results(committee_staff, meeting.pk, io.BytesIO(xlsx(rows_of(three))))
    job = ImportJob.objects.get()
    signed_in(client, other_staff)
    assert client.get(reverse("results:import_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("results:import_job_progress", args=[job.pk])).status_code == 404


def test_a_job_left_waiting_is_enqueued_again(
    committee_staff: User, meeting: Meeting, three: list[MeetingResult]
) -> None:
    done = actions.import_results(committee_staff, meeting.pk, io.BytesIO(xlsx(rows_of(three))))
    assert done.job is not None and done.count == 0
    assert actions.resume_stalled_imports() == []  # just enqueued: left alone
    ImportJob.objects.update(enqueued_at=timezone.now() - timedelta(minutes=30))
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert actions.resume_stalled_imports() == [done.job.pk]
    assert ImportJob.objects.get().status == "done"
    assert outcomes() == ["passed", "failed", "passed"]


def test_a_published_meeting_takes_no_large_sheet_either(
    committee_staff: User, meeting: Meeting, three: list[MeetingResult], clock: Any
) -> None:
    from testing.results_world import vote

    for result in three:
        vote(committee_staff, result)
    actions.create_publicity(
        committee_staff,
        meeting.pk,
        title="公示",
        starts_on=clock.today,
        ends_on=clock.today + timedelta(days=6),
    )
    with pytest.raises(Refused, match="已公示"):
        actions.import_results(committee_staff, meeting.pk, io.BytesIO(xlsx(rows_of(three))))
    assert not ImportJob.objects.exists()
