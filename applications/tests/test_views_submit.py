"""提交至工作单位: from the edit page, with the page's version; every refusal shown, nothing changed."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from applications.models import Application, HistoryEntry, Status
from applications.tests.pages import flashed, resubmitted, returned, signed_in, text
from orgs.models import ApplicationWindow


def submit_url(app: Application) -> str:
    return reverse("applications:submit", args=[app.pk])


def edit_url(app: Application) -> str:
    return reverse("applications:edit", args=[app.pk])


def fresh(app: Application) -> Application:
    return Application.objects.get(pk=app.pk)


def test_a_complete_application_is_submitted(client: Client, filled: Application) -> None:
    signed_in(client, filled.applicant)
    html = text(client.get(edit_url(filled)))
    assert f'name="version" value="{filled.version}"' in html
    response = client.post(submit_url(filled), {"version": filled.version})
    assert response.status_code == 302 and response["Location"] == reverse("applications:list")
    app = fresh(filled)
    assert (
        app.status == Status.IN_REVIEW
        and app.submission_count == 1
        and app.current_label == "基层工作单位"
    )
    assert HistoryEntry.objects.filter(application=app, action="submit").count() == 1
    html = text(client.get(response["Location"]))
    assert "申请书已提交至工作单位（已提交 1/2 次）" in html


def test_incomplete_sections_are_listed(client: Client, draft: Application) -> None:
    signed_in(client, draft.applicant)
    html = text(client.get(edit_url(draft)))
    # Each incomplete section links to its page (ADR 0038).
    panel = html.split('id="incomplete"', 1)[1].split("</li>", 1)[0]
    assert ">以下栏目尚未填写完整，全部完成后才能提交：<a " in panel
    basic = reverse("applications:section", args=[draft.pk, "basic"])
    education = reverse("applications:section", args=[draft.pk, "education"])
    assert f'<a href="{basic}">1 基本信息</a>、<a href="{education}">2 学历学位情况</a>' in panel
    response = client.post(submit_url(draft), {"version": draft.version}, follow=True)
    assert "以下栏目尚未填写完整：1 基本信息、2 学历学位情况" in text(response)
    app = fresh(draft)
    assert app.status == Status.DRAFT and app.submission_count == 0


def test_a_stale_page_is_refused(client: Client, filled: Application) -> None:
    response = signed_in(client, filled.applicant).post(
        submit_url(filled), {"version": filled.version - 1}
    )
    assert "申请书已在其他窗口或由他人更改" in flashed(response)[-1]
    assert fresh(filled).status == Status.DRAFT
    response = client.post(submit_url(filled), {})
    assert "页面已过期" in flashed(response)[-1]
    assert fresh(filled).submission_count == 0


def test_submitting_twice_is_refused(client: Client, filled: Application) -> None:
    signed_in(client, filled.applicant)
    client.post(submit_url(filled), {"version": filled.version})
    response = client.post(submit_url(filled), {"version": filled.version})
    assert "请勿重复提交" in flashed(response)[-1]
    assert fresh(filled).submission_count == 1


def test_outside_the_window_is_refused(client: Client, filled: Application) -> None:
    now = timezone.now()
    ApplicationWindow.objects.update(
        opens_at=now - timedelta(days=9), closes_at=now - timedelta(seconds=1)
    )
    signed_in(client, filled.applicant)
    assert "提交已截止" in text(client.get(edit_url(filled)))
    response = client.post(submit_url(filled), {"version": filled.version}, follow=True)
    assert "不在申报时间内，不能提交" in text(response)
    assert fresh(filled).status == Status.DRAFT


def test_past_the_limit_it_cannot_take_part_this_year(
    client: Client, submitted: Application, unit_admin: User
) -> None:
    app = returned(submitted, unit_admin)
    app = resubmitted(app)
    app = returned(app, unit_admin, opinion="仍有问题")
    signed_in(client, app.applicant)
    html = text(client.get(edit_url(app)))
    assert (
        "已提交 2/2 次" in html
        and 'id="limit-reached"' in html
        and "不能参加本年度的职称评审" in html
    )
    assert "提交至工作单位</button>" not in html
    assert "已达提交次数上限，不能参加本年度评审" in text(client.get(reverse("applications:list")))
    response = client.post(submit_url(app), {"version": fresh(app).version}, follow=True)
    assert "已提交 2/2 次，达到评审委员会设定的提交次数上限" in text(response)
    assert fresh(app).status == Status.RETURNED and fresh(app).submission_count == 2


def test_submit_is_post_only(client: Client, filled: Application) -> None:
    assert signed_in(client, filled.applicant).get(submit_url(filled)).status_code == 405
    assert fresh(filled).status == Status.DRAFT
