"""The expert's pages: only meetings they are drawn for, no ID numbers, secret votes, constant queries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from applications.models import Application
from conftest import APPLICANT_ID
from experts import panels
from experts.models import Expert, Panel, Vote
from experts.tests.conftest import seats
from results import actions as results_actions
from results.models import Meeting


def page(client: Client, user: User, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_an_expert_sees_the_meeting_they_are_drawn_for(
    client: Client, panel: Panel, ready: Application
) -> None:
    user = seats(panel)[0].expert.user
    html = page(client, user, reverse("experts:mine"))
    assert "中级职称评审会议" in html
    html = page(client, user, reverse("experts:review", args=[panel.meeting_id]))
    assert str(ready.number) in html and "张三" in html
    html = page(client, user, reverse("experts:application", args=[panel.meeting_id, ready.pk]))
    assert APPLICANT_ID not in html and APPLICANT_ID[-4:] not in html
    assert "提交表决" in html


def test_an_expert_not_drawn_gets_404(
    client: Client, panel: Panel, pool: list[Expert], ready: Application
) -> None:
    drawn = {s.expert_id for s in seats(panel)}
    outsider = next(e for e in pool if e.pk not in drawn).user
    client.force_login(outsider)
    assert "中级职称评审会议" not in client.get(reverse("experts:mine")).content.decode()
    for url in (
        reverse("experts:review", args=[panel.meeting_id]),
        reverse("experts:application", args=[panel.meeting_id, ready.pk]),
    ):
        assert client.get(url).status_code == 404
    response = client.post(
        reverse("experts:application", args=[panel.meeting_id, ready.pk]),
        {"step": "vote", "choice": "for"},
    )
    assert response.status_code == 404
    assert not Vote.objects.exists()


def test_other_roles_cannot_open_the_expert_pages(
    client: Client, panel: Panel, applicant: User
) -> None:
    client.force_login(applicant)
    assert client.get(reverse("experts:review", args=[panel.meeting_id])).status_code == 403


def test_it_votes_from_the_page_and_keeps_others_votes_secret(
    client: Client, panel: Panel, ready: Application
) -> None:
    first, second = seats(panel)[:2]
    client.force_login(first.expert.user)
    url = reverse("experts:application", args=[panel.meeting_id, ready.pk])
    response = client.post(url, {"step": "vote", "choice": "against", "opinion": "论文不足"})
    assert response.status_code == 302
    assert Vote.objects.get(seat=first).choice == "against"
    html = page(client, second.expert.user, reverse("experts:review", args=[panel.meeting_id]))
    assert "不同意" not in html
    again = client.post(url, {"step": "vote", "choice": "for"})
    html = again.content.decode()
    assert "投票后不能更改" not in html  # the second expert has not voted: a fresh vote of theirs
    client.force_login(first.expert.user)
    again = client.post(url, {"step": "vote", "choice": "for"})
    assert again.status_code == 400
    assert "投票后不能更改" in again.content.decode()


def test_the_staff_panel_page_draws_and_closes(
    client: Client,
    in_meeting: Meeting,
    pool: list[Expert],
    committee_staff: User,
    ready: Application,
) -> None:
    client.force_login(committee_staff)
    url = reverse("experts:panel", args=[in_meeting.pk])
    assert "随机抽取" in page(client, committee_staff, url)
    response = client.post(url, {"step": "draw", "size": "3"})
    assert response.status_code == 302
    panel = Panel.objects.get(meeting=in_meeting)
    html = page(client, committee_staff, url)
    assert panel.seed in html and "复核一致" in html
    listing = page(client, committee_staff, reverse("experts:meetings"))
    assert "3 / 3" in listing and "评审中" in listing
    response = client.post(url, {"step": "close", "attended": [seats(panel)[0].pk]})
    assert response.status_code == 400
    assert "会议无效" in response.content.decode()


@pytest.mark.parametrize("n", [1, 20])
def test_query_counts_do_not_grow_with_applications(
    n: int,
    client: Client,
    meeting: Meeting,
    pool: list[Expert],
    passed_many: Callable[[int], list[Application]],
    committee_staff: User,
    django_assert_max_num_queries: Any,
) -> None:
    apps = passed_many(n)
    results_actions.add_to_meeting(committee_staff, meeting.pk, [a.pk for a in apps])
    panel = panels.draw_panel(committee_staff, meeting.pk, 3, {}, seed="q")
    user = seats(panel)[0].expert.user
    panels.cast_vote(user, meeting.pk, apps[0].pk, choice="for")
    client.force_login(user)
    for url in (reverse("experts:mine"), reverse("experts:review", args=[meeting.pk])):
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200


def test_an_expert_declines_from_the_page(client: Client, panel: Panel) -> None:
    first = seats(panel)[0]
    client.force_login(first.expert.user)
    response = client.post(
        reverse("experts:decline", args=[panel.meeting_id]), {"reason": "同期出国访问"}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == "declined"
    assert len(seats(panel)) == 5
    assert client.get(reverse("experts:review", args=[panel.meeting_id])).status_code == 404


def test_attachments_only_for_drawn_experts(
    client: Client, panel: Panel, pool: list[Expert], ready: Application, applicant: User
) -> None:
    placed = ready.slot_files.first()
    assert placed is not None
    url = reverse("experts:attachment", args=[panel.meeting_id, ready.pk, placed.pk])
    client.force_login(seats(panel)[0].expert.user)
    assert client.get(url).status_code == 200
    drawn = {s.expert_id for s in seats(panel)}
    client.force_login(next(e for e in pool if e.pk not in drawn).user)
    assert client.get(url).status_code == 404
    client.force_login(applicant)
    assert client.get(url).status_code == 404
