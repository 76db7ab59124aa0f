"""Issue 12 (nothing typed is lost) on 办理: every 栏目修改意见 box saved together, so saving one
keeps the others; 下一份 in the queue's order, and back to the queue when none is left."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from applications.models import Application
from reviews import actions as review_actions
from reviews.models import SectionComment
from reviews.tests.conftest import fresh, handle_url
from testing.pages import text

pytestmark = pytest.mark.django_db


def comments_of(app: Application) -> dict[str, str]:
    rows = SectionComment.objects.filter(application=app).order_by("section_key")
    return {c.section_key: c.text for c in rows}


def save(client: Client, app: Application, data: dict[str, Any]) -> Any:
    return client.post(reverse("reviews:comments", args=[app.pk]), data)


# --- 栏目修改意见, all at once -------------------------------------------------------------------


def test_the_page_ties_every_comment_box_to_one_form(
    client: Client, unit_admin: User, submitted: Application
) -> None:
    client.force_login(unit_admin)
    page = client.get(handle_url(submitted)).content.decode()
    assert 'id="comments-form"' in page and 'data-draft="comments"' in page
    assert 'name="basic-text"' in page and 'name="education-text"' in page
    assert page.count('form="comments-form"') >= 4  # two boxes and their two 保存 buttons
    assert "保存全部栏目修改意见" in text(client.get(handle_url(submitted)))


def test_saving_one_box_keeps_what_the_others_hold(
    client: Client, unit_admin: User, submitted: Application
) -> None:
    client.force_login(unit_admin)
    response = save(
        client,
        submitted,
        {"basic-text": "单位性质选择错误", "education-text": "学历请补充", "section": "basic"},
    )
    assert response.status_code == 302
    assert response["Location"] == handle_url(submitted) + "#section-basic"
    assert comments_of(submitted) == {"basic": "单位性质选择错误", "education": "学历请补充"}
    assert "已保存 2 个栏目的修改意见" in text(client.get(response["Location"]))
    # 保存 under 学历 with 基本信息 unchanged: only the changed one is written, nothing emptied.
    response = save(
        client,
        submitted,
        {
            "basic-text": "单位性质选择错误",
            "education-text": "学历证书请补充",
            "section": "education",
        },
    )
    assert comments_of(submitted) == {"basic": "单位性质选择错误", "education": "学历证书请补充"}
    assert "已保存 1 个栏目的修改意见" in text(client.get(response["Location"]))
    assert fresh(submitted).version == submitted.version  # comments do not move it


def test_an_emptied_box_removes_its_comment_and_nothing_changed_says_so(
    client: Client, unit_admin: User, submitted: Application
) -> None:
    review_actions.save_comment(unit_admin, submitted.pk, "basic", "旧意见")
    client.force_login(unit_admin)
    save(client, submitted, {"basic-text": "  ", "education-text": "学历请补充"})
    assert comments_of(submitted) == {"education": "学历请补充"}
    response = save(client, submitted, {"basic-text": "", "education-text": "学历请补充"})
    assert "栏目修改意见没有变化" in text(client.get(response["Location"]))


def test_one_long_box_saves_nothing_and_keeps_every_box(
    client: Client, unit_admin: User, submitted: Application
) -> None:
    client.force_login(unit_admin)
    response = save(client, submitted, {"basic-text": "长" * 1001, "education-text": "学历请补充"})
    assert response.status_code == 200
    page = text(response)
    assert "栏目修改意见不能超过 1000 字（当前 1001 字）" in page
    assert "学历请补充" in page  # the other box is drawn again with what was typed
    assert comments_of(submitted) == {}


def test_comments_after_it_moved_on_are_refused(
    client: Client, unit_admin: User, at_department: Application
) -> None:
    client.force_login(unit_admin)
    response = save(client, at_department, {"basic-text": "晚了"})
    assert response.status_code == 200 and "晚了" not in str(comments_of(at_department))
    assert comments_of(at_department) == {}


def test_an_outsider_gets_404(client: Client, outsider: User, submitted: Application) -> None:
    client.force_login(outsider)
    response = save(client, submitted, {"basic-text": "意见"})
    assert response.status_code in (403, 404)
    assert comments_of(submitted) == {}


# --- 下一份 -------------------------------------------------------------------------------------


def queue_of(apps: list[Application]) -> list[Application]:
    """Give the applications distinct waiting times: the list order is the queue order."""
    now = timezone.now()
    for i, app in enumerate(apps):
        Application.objects.filter(pk=app.pk).update(last_action_at=now - timedelta(hours=10 - i))
    return [fresh(app) for app in apps]


def test_next_follows_the_queue_order_and_ends_at_the_queue(
    client: Client, unit_admin: User, many: Any
) -> None:
    first, second, third = queue_of(many(3))
    client.force_login(unit_admin)
    assert client.get(reverse("reviews:next"))["Location"] == handle_url(first)
    after = reverse("reviews:next_after", args=[first.pk])
    assert client.get(after)["Location"] == handle_url(second)
    after = reverse("reviews:next_after", args=[second.pk])
    assert client.get(after)["Location"] == handle_url(third)
    response = client.get(reverse("reviews:next_after", args=[third.pk]))
    assert response["Location"] == reverse("reviews:queue")
    assert "待审核的申请书已全部办理完毕" in text(client.get(response["Location"]))


def test_next_after_an_action_opens_the_oldest_left(
    client: Client, unit_admin: User, many: Any
) -> None:
    first, second, _third = queue_of(many(3))
    review_actions.save_comment(unit_admin, second.pk, "basic", "请核对")  # a comment, no move
    review_actions.return_application(
        unit_admin, first.pk, opinion="请补充材料后重新提交。", expected_version=first.version
    )
    client.force_login(unit_admin)
    # 退回 took the first out of the queue: 下一份 from its page is the oldest still waiting.
    assert client.get(reverse("reviews:next_after", args=[first.pk]))["Location"] == handle_url(
        second
    )
    page = client.get(handle_url(first)).content.decode()
    assert reverse("reviews:next_after", args=[first.pk]) in page  # in the page header
    queue = client.get(reverse("reviews:queue")).content.decode()
    assert 'id="next-link"' in queue and reverse("reviews:next") in queue


def test_next_with_an_empty_queue_goes_back_with_a_message(
    client: Client, unit_admin: User, chain_world: Any
) -> None:
    client.force_login(unit_admin)
    response = client.get(reverse("reviews:next"))
    assert response["Location"] == reverse("reviews:queue")
    assert "待审核的申请书已全部办理完毕" in text(client.get(response["Location"]))


def test_next_of_someone_elses_application_is_404(
    client: Client, unit_admin: User, outsider: User, submitted: Application
) -> None:
    client.force_login(outsider)
    assert client.get(reverse("reviews:next_after", args=[submitted.pk])).status_code in (403, 404)
