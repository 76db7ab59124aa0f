"""登录 with a region entry, the lockout, switching region, idle sessions."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import SESSION_KEY as LAST_SEEN
from accounts.models import User
from conftest import APPLICANT_ID, PASSWORD

URL = reverse("accounts:login")


def sign_in(
    client: Client, login: str, password: str = PASSWORD, region: str = "653100", **extra: str
) -> Any:
    return client.post(URL, {"region": region, "username": login, "password": password, **extra})


def test_the_page_offers_every_entry(client: Client, regions: Any) -> None:
    html = client.get(URL).content.decode()
    assert "自治区本级" in html and "乌鲁木齐市" in html and "喀什地区" in html


def test_it_signs_in_through_a_prefecture_entry(client: Client, applicant: User) -> None:
    response = sign_in(client, "zhangsan")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:home")
    assert client.session["entry_region"] == "653100"
    home = client.get(reverse("accounts:home")).content.decode()
    assert 'id="profile-region">喀什地区' in home


def test_one_account_works_in_every_entry(client: Client, applicant: User) -> None:
    for code in ("650000", "650100", "653100"):
        assert sign_in(client, "zhangsan", region=code).status_code == 302
        assert client.session["entry_region"] == code
        client.post(reverse("accounts:logout"))


def test_it_accepts_the_id_number_or_mobile_as_login_name(client: Client, applicant: User) -> None:
    assert sign_in(client, APPLICANT_ID.lower()).status_code == 302
    client.post(reverse("accounts:logout"))
    assert sign_in(client, "13800000001").status_code == 302


def test_wrong_password_and_unknown_account_get_the_same_answer(
    client: Client, applicant: User
) -> None:
    wrong = sign_in(client, "zhangsan", "Wrong@2026").content.decode()
    unknown = sign_in(client, "nobody_here", "Wrong@2026").content.decode()
    assert "用户名或密码错误" in wrong and "用户名或密码错误" in unknown
    assert 'value="zhangsan"' in wrong  # what was typed stays


def test_five_failures_lock_the_account_for_fifteen_minutes(
    client: Client, applicant: User
) -> None:
    for _ in range(5):
        sign_in(client, "zhangsan", "Wrong@2026")
    locked = sign_in(client, "zhangsan")  # even the right password is refused now
    assert locked.status_code == 429
    assert "已被锁定 15 分钟" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Typing the ID number instead of the username counts against the same account.
    assert sign_in(client, APPLICANT_ID).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert sign_in(client, "zhangsan").status_code == 302


def test_the_lockout_of_one_account_leaves_others_alone(
    client: Client, applicant: User, outsider: User
) -> None:
    for _ in range(5):
        sign_in(client, "zhangsan", "Wrong@2026")
    assert sign_in(Client(), "lisi").status_code == 302


def test_lockout_records_hold_no_id_number(client: Client, applicant: User) -> None:
    for _ in range(3):
        sign_in(client, APPLICANT_ID, "Wrong@2026")
    sign_in(client, "650102198512121232", "Wrong@2026")  # an ID nobody registered
    for attempt in AccessAttempt.objects.all():
        assert APPLICANT_ID not in f"{attempt.username} {attempt.post_data} {attempt.get_data}"
        assert "650102198512121232" not in f"{attempt.username} {attempt.post_data}"


def test_an_outside_next_url_is_ignored(client: Client, applicant: User) -> None:
    response = sign_in(client, "zhangsan", next="https://evil.example/")
    assert response["Location"] == reverse("accounts:home")


def test_the_region_can_be_switched_after_sign_in(client: Client, applicant: User) -> None:
    sign_in(client, "zhangsan", region="650000")
    response = client.post(
        reverse("accounts:switch_region"), {"region": "650100", "next": "/accounts/home/"}
    )
    assert response["Location"] == "/accounts/home/"
    assert client.session["entry_region"] == "650100"
    home = client.get(reverse("accounts:home")).content.decode()
    assert 'id="profile-region">乌鲁木齐市' in home


def test_an_unknown_region_is_refused(client: Client, applicant: User) -> None:
    sign_in(client, "zhangsan", region="650000")
    response = client.post(reverse("accounts:switch_region"), {"region": "110000"}, follow=True)
    assert "请选择有效的评审区域" in response.content.decode()
    assert client.session["entry_region"] == "650000"


def test_an_unknown_region_on_the_login_form_is_refused(client: Client, applicant: User) -> None:
    response = sign_in(client, "zhangsan", region="110000")
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_an_idle_session_ends_after_thirty_minutes(client: Client, applicant: User) -> None:
    sign_in(client, "zhangsan")
    session = client.session
    session[LAST_SEEN] = [time.time() - 31 * 60, time.time() - 31 * 60]
    session.save()
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 302 and URL in response["Location"]
    login_page = client.get(response["Location"]).content.decode()
    assert "30 分钟未操作" in login_page


def test_minutes_of_use_accumulate_from_activity(client: Client, applicant: User) -> None:
    sign_in(client, "zhangsan")
    session = client.session
    session[LAST_SEEN] = [time.time() - 5, time.time() - 10 * 60]
    session.save()
    html = client.get(reverse("accounts:home")).content.decode()
    applicant.refresh_from_db()
    assert applicant.minutes_used == 10
    # The page shows the figure written by this very request's middleware.
    assert "已使用" in html


def test_logout_needs_post(client: Client, applicant: User) -> None:
    client.force_login(applicant)
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session
