"""提交至工作单位 says before it is pressed what would stop it (ADR 0038): incomplete sections
with links to them, the window, the submission limit and 继续教育 hours."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from orgs.models import ApplicationWindow
from testing.pages import signed_in
from training.models import TrainingRule


def panel(client: Client, app: Application) -> str:
    html = signed_in(client, app.applicant).get(reverse("applications:edit", args=[app.pk]))
    return html.content.decode().split('id="submit-panel"', 1)[1].split("</div>", 1)[0]


def line(html: str, key: str) -> str:
    return html.split(f'id="{key}"', 1)[1].split("</li>", 1)[0]


def test_a_draft_lists_its_incomplete_sections_with_links(
    client: Client, draft: Application
) -> None:
    html = panel(client, draft)
    sections = line(html, "incomplete")
    assert "以下栏目尚未填写完整，全部完成后才能提交：" in sections
    for key, title in (("basic", "1 基本信息"), ("education", "2 学历学位情况")):
        url = reverse("applications:section", args=[draft.pk, key])
        assert f'<a href="{url}">{title}</a>' in sections
    assert 'class="submit-check-no" id="incomplete"' in html
    assert "以上标“✗”的事项办妥后才能提交。" in html
    # The rest is fine: inside the window, under the limit, no 继续教育 rule.
    assert "申报时间：距提交截止还有7天" in line(html, "submit-check-window")
    assert "提交次数：还可提交 2 次（上限 2 次）" in line(html, "submit-check-limit")
    assert "继续教育学时符合要求" in line(html, "submit-check-training")


def test_a_filled_application_inside_the_window_is_ready(
    client: Client, filled: Application
) -> None:
    html = panel(client, filled)
    assert "各栏目均已填写完整" in line(html, "submit-check-sections")
    assert "submit-check-no" not in html and "办妥后才能提交" not in html
    assert "提交至工作单位</button>" in html


def test_a_closed_window_is_said_before_pressing(client: Client, filled: Application) -> None:
    past = timezone.now() - timedelta(days=3)
    ApplicationWindow.objects.filter(committee=filled.committee).update(
        opens_at=past - timedelta(days=10), closes_at=past
    )
    html = panel(client, filled)
    assert '<li class="submit-check-no" id="submit-check-window">申报时间：提交已截止3天' in html


def test_missing_training_hours_link_to_the_training_records(
    client: Client, filled: Application
) -> None:
    TrainingRule.objects.create(series=filled.series, hours_per_year=90, years=1)
    html = panel(client, filled)
    training = line(html, "submit-check-training")
    assert f"继续教育学时不足：{filled.year - 1} 年已确认 0 学时，应不少于 90 学时。" in training
    assert f'<a href="{reverse("training:mine")}">继续教育记录</a>' in training
    assert '<li class="submit-check-no" id="submit-check-training">' in html


def test_the_training_rule_is_read_with_the_application_and_the_panel_follows_it(
    client: Client, filled: Application
) -> None:
    signed_in(client, filled.applicant)
    url = reverse("applications:edit", args=[filled.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    # No statement of its own: the rule comes as columns of the application's read.
    assert not any(
        q["sql"].startswith('SELECT "training_trainingrule"') for q in queries.captured_queries
    )
    assert '<li class="submit-check-ok" id="submit-check-training">' in html  # no rule: fine
    rule = TrainingRule.objects.create(series=filled.series, hours_per_year=30, years=2)
    assert "继续教育学时不足" in line(panel(client, filled), "submit-check-training")
    rule.delete()
    assert "继续教育学时符合要求" in line(panel(client, filled), "submit-check-training")
