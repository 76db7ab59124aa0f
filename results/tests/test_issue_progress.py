"""The 批文 page follows the certificates being issued on the worker: done / total, a bar,
errors, 继续颁发 for a stalled batch — scoped to the committee, without inline script."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from certificates import tasks
from certificates.models import Certificate, IssueBatch
from results.models import ApprovalDocument, Publicity
from testing.pages import signed_in, text
from testing.results_world import Clock

pytestmark = pytest.mark.django_db

NUMBER = "乌职改〔2026〕30号"


@pytest.fixture(autouse=True)
def no_pdfs(settings: Any) -> None:
    settings.CERTIFICATE_PDF_ON_WORKER = False


@pytest.fixture
def issued(client: Client, committee_staff: User, clock: Clock, publicity: Publicity) -> Any:
    """The clerk issues the 批文 through the page; the worker has not run yet."""
    clock.shift(7)
    response = signed_in(client, committee_staff).post(
        reverse("results:approvals"),
        {
            "publicity": publicity.pk,
            "number": NUMBER,
            "issued_on": clock.today.isoformat(),
            "authority": "乌鲁木齐市职称改革工作领导小组办公室",
        },
    )
    return response


def progress(client: Client, document: ApprovalDocument) -> Any:
    return client.get(reverse("results:approval_progress", args=[document.pk]))


def test_the_clerk_lands_on_the_progress_of_the_batch(client: Client, issued: Any) -> None:
    document = ApprovalDocument.objects.get()
    assert issued["Location"] == reverse("results:approval", args=[document.pk])
    assert not Certificate.objects.exists()  # nothing issued inside the request
    page = text(client.get(issued["Location"]))
    assert "证书正在颁发，本页显示进度" in page
    assert "证书颁发进度" in page and "正在颁发" in page
    assert re.search(r"<progress data-bar max=\"1\" value=\"0\">", page)
    assert reverse("results:approval_progress", args=[document.pk]) in page
    assert "results/progress.js" in page
    # Content-Security-Policy: no inline script and no style attributes on this page.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert 'style="' not in page and "onclick" not in page

    data = progress(client, document).json()
    assert data == {
        "status": "running",
        "running": True,
        "finished": False,
        "status_label": "正在颁发",
        "done": 0,
        "total": 1,
        "percent": 0,
        "failures": 0,
        "error": "",
        "stalled": False,
        "can_resume": False,
    }


def test_the_progress_follows_the_worker(client: Client, issued: Any) -> None:
    document = ApprovalDocument.objects.get()
    batch = IssueBatch.objects.get(document=document)
    assert tasks.issue_batch.call(batch.pk) == 1
    data = progress(client, document).json()
    assert (data["done"], data["total"], data["percent"], data["finished"]) == (1, 1, 100, True)
    assert data["status_label"] == "已完成" and data["running"] is False
    page = text(client.get(reverse("results:approval", args=[document.pk])))
    certificate = Certificate.objects.get()
    assert certificate.number in page and "全部证书已颁发" in page
    assert 'data-running="0"' in page  # the script stops polling


def test_another_committees_progress_is_a_404(
    client: Client, issued: Any, other_staff: User, applicant: User
) -> None:
    document = ApprovalDocument.objects.get()
    signed_in(client, other_staff)
    assert progress(client, document).status_code == 404
    resume = client.post(reverse("results:approval_resume", args=[document.pk]))
    assert resume.status_code == 404
    assert IssueBatch.objects.get().runs == 0
    signed_in(client, applicant)
    refused = progress(client, document)
    assert refused.status_code == 403 and "角色不能使用此功能" in text(refused)


def test_a_stalled_batch_offers_to_continue_and_continues(client: Client, issued: Any) -> None:
    document = ApprovalDocument.objects.get()
    IssueBatch.objects.update(heartbeat_at=timezone.now() - timedelta(minutes=30))
    data = progress(client, document).json()
    assert data["stalled"] is True and data["can_resume"] is True
    page = text(client.get(reverse("results:approval", args=[document.pk])))
    assert "颁发已停顿" in page
    form = re.search(
        r'<form method="post" action="[^"]+/resume/" data-show-when="can_resume"( hidden)?', page
    )
    assert form is not None and form.group(1) is None  # shown
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("results:approval_resume", args=[document.pk]))
    assert response.status_code == 302
    assert "已重新开始颁发证书" in text(client.get(response["Location"]))
    batch = IssueBatch.objects.get()
    assert (batch.status, batch.done) == ("done", 1) and Certificate.objects.count() == 1


def test_continuing_a_batch_that_runs_is_refused_with_a_message(
    client: Client, issued: Any
) -> None:
    document = ApprovalDocument.objects.get()
    response = client.post(reverse("results:approval_resume", args=[document.pk]))
    assert response.status_code == 302
    assert "证书正在颁发中，请稍候" in text(client.get(response["Location"]))
    assert IssueBatch.objects.get().runs == 0
