"""我的消息: one's own messages only, filtered and paginated at a fixed query cost; opening
one marks it read; 我的主页 shows the unread count."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template import Context, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from notifications.models import Message

pytestmark = pytest.mark.django_db

INBOX = reverse("notifications:inbox")
READ_ALL = reverse("notifications:mark_all_read")


def make(user: User, n: int = 1, *, read: bool = False, link: str = "") -> list[Message]:
    return Message.objects.bulk_create(
        [
            Message(
                recipient=user,
                subject=f"{user.username}的消息{i}",
                body="正文",
                link=link,
                read_at=timezone.now() if read else None,
            )
            for i in range(n)
        ]
    )


def page(client: Client, url: str = INBOX) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_anonymous_users_are_sent_to_sign_in(client: Client, regions: Any) -> None:
    response = client.get(INBOX)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_it_lists_only_my_messages(client: Client, applicant: User, outsider: User) -> None:
    make(applicant, 2)
    make(outsider, 1)
    client.force_login(applicant)
    html = page(client)
    assert "zhangsan的消息0" in html and "zhangsan的消息1" in html
    assert "lisi的消息" not in html
    assert "未读（2）" in html


def test_it_filters_unread_and_read(client: Client, applicant: User) -> None:
    (unread,) = make(applicant)
    Message.objects.create(recipient=applicant, subject="旧消息", read_at=timezone.now())
    client.force_login(applicant)
    unread_page = page(client, f"{INBOX}?show=unread")
    assert unread.subject in unread_page and "旧消息" not in unread_page
    read_page = page(client, f"{INBOX}?show=read")
    assert "旧消息" in read_page and unread.subject not in read_page
    Message.objects.filter(pk=unread.pk).update(read_at=timezone.now())
    assert "没有未读消息" in page(client, f"{INBOX}?show=unread")


def test_it_is_paginated(client: Client, applicant: User) -> None:
    make(applicant, 25)
    client.force_login(applicant)
    first = page(client)
    assert first.count('class="unread"') == 20
    assert "第 1 / 2 页" in first
    assert page(client, f"{INBOX}?page=2").count('class="unread"') == 5


def queries(client: Client, url: str) -> int:
    client.get(url)  # the first request of a session writes the session; measure the next
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_inbox_and_home_cost_the_same_at_1_and_30(
    client: Client, applicant: User, submitted: Any
) -> None:
    client.force_login(applicant)
    Message.objects.create(recipient=applicant, subject="一", application=submitted)
    urls = [INBOX, f"{INBOX}?show=unread", reverse("accounts:home")]
    at_one = [queries(client, url) for url in urls]
    Message.objects.bulk_create(
        [Message(recipient=applicant, subject=f"消息{i}", application=submitted) for i in range(29)]
    )
    assert [queries(client, url) for url in urls] == at_one


def test_opening_marks_read_and_follows_the_link(client: Client, applicant: User) -> None:
    (message,) = make(applicant, link="/applications/")
    client.force_login(applicant)
    response = client.get(reverse("notifications:open", args=[message.pk]))
    assert response.status_code == 302 and response["Location"] == "/applications/"
    message.refresh_from_db()
    assert message.read_at is not None
    assert 'class="read"' in page(client)


def test_a_message_without_a_safe_link_opens_the_inbox(client: Client, applicant: User) -> None:
    (message,) = make(applicant, link="https://evil.example.com/")
    client.force_login(applicant)
    response = client.get(reverse("notifications:open", args=[message.pk]))
    assert response["Location"] == INBOX


def test_someone_elses_message_is_a_404(client: Client, applicant: User, outsider: User) -> None:
    (theirs,) = make(outsider)
    client.force_login(applicant)
    response = client.get(reverse("notifications:open", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read(client: Client, applicant: User, outsider: User) -> None:
    make(applicant, 3)
    make(outsider, 1)
    client.force_login(applicant)
    assert client.get(READ_ALL).status_code == 405
    response = client.post(READ_ALL, follow=True)
    assert "已将 3 条消息标为已读" in response.content.decode()
    assert not Message.objects.filter(recipient=applicant, read_at__isnull=True).exists()
    assert Message.objects.filter(recipient=outsider, read_at__isnull=True).count() == 1


def test_home_shows_the_unread_count(client: Client, applicant: User) -> None:
    make(applicant, 2)
    make(applicant, 1, read=True)
    client.force_login(applicant)
    html = page(client, reverse("accounts:home"))
    assert "消息（2 条未读）" in html
    assert f'href="{INBOX}?show=unread"' in html


@pytest.mark.parametrize(
    "who", ["applicant", "unit_admin", "dept_reviewer", "committee_staff", "hr_admin"]
)
def test_every_role_has_the_menu_entry(
    client: Client, who: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(who))
    html = page(client, reverse("accounts:home"))
    assert f'href="{INBOX}">我的消息</a>' in html
    assert "消息（0 条未读）" in html
    assert page(client).count("我的消息") >= 1


def test_the_unread_count_tag_counts_only_ones_own_unread(applicant: User, outsider: User) -> None:
    make(applicant, 2)
    make(applicant, 1, read=True)
    make(outsider, 4)
    template = Template("{% load notifications_tags %}{% unread_count who as n %}[{{ n }}]")
    assert template.render(Context({"who": applicant})) == "[2]"
    assert template.render(Context({"who": AnonymousUser()})) == "[0]"
