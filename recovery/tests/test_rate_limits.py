"""Every way is limited per IP address and per target, whether or not an account exists."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.models import User
from conftest import APPLICANT_ID
from recovery import actions
from recovery.models import Appeal, RecoveryCode, ResetGrant
from recovery.tests.test_appeals import person_fields
from zhicheng import ratelimit

pytestmark = pytest.mark.django_db
LIMITED = "操作过于频繁"
TARGET_LIMIT = ratelimit.rate(actions.TARGET_LIMIT).count  # 5 an hour


def test_the_sixth_code_for_one_mobile_is_refused(client: Client, applicant: User, sms) -> None:
    for _ in range(TARGET_LIMIT):
        assert client.post(reverse("recovery:mobile"), {"mobile": "13800000001"}).status_code == 302
    response = client.post(reverse("recovery:mobile"), {"mobile": "13800000001"})
    assert response.status_code == 429 and LIMITED in response.content.decode()
    assert RecoveryCode.objects.count() == TARGET_LIMIT


def test_one_address_is_limited_across_targets(client: Client, applicant: User, settings) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, actions.IP_LIMIT: "3/h"}
    for i in range(3):
        client.post(reverse("recovery:email"), {"email": f"x{i}@example.cn"})
    response = client.post(reverse("recovery:email"), {"email": "zhangsan@example.cn"})
    assert response.status_code == 429 and LIMITED in response.content.decode()
    assert not ResetGrant.objects.exists()
    other = Client(REMOTE_ADDR="10.0.0.9")  # another address is not affected
    assert other.post(reverse("recovery:email"), {"email": "y@example.cn"}).status_code == 302


def test_identity_checks_are_limited_per_id_number(client: Client, applicant: User) -> None:
    data = {"id_number": APPLICANT_ID, "real_name": "李四", "contact": "13800000001"}
    for _ in range(TARGET_LIMIT):
        Client(REMOTE_ADDR=f"10.0.0.{_ + 1}").post(reverse("recovery:identity"), data)
    right = {**data, "real_name": "张三"}
    response = client.post(reverse("recovery:identity"), right)
    assert response.status_code == 429 and LIMITED in response.content.decode()
    assert not ResetGrant.objects.exists()


def test_appeals_are_limited(client: Client, applicant: User) -> None:
    for _ in range(TARGET_LIMIT):
        client.post(reverse("recovery:appeal"), person_fields())
    response = client.post(reverse("recovery:appeal"), person_fields())
    assert response.status_code == 429 and LIMITED in response.content.decode()
    assert Appeal.objects.count() == TARGET_LIMIT


def test_the_limit_ends_with_its_window(client: Client, applicant: User) -> None:
    for _ in range(TARGET_LIMIT + 1):
        client.post(reverse("recovery:mobile"), {"mobile": "13800000001"})
    cache.clear()  # what the passing hour does
    assert client.post(reverse("recovery:mobile"), {"mobile": "13800000001"}).status_code == 302


def test_the_cache_holds_no_mobile_or_id_number(client: Client, applicant: User) -> None:
    client.post(reverse("recovery:mobile"), {"mobile": "13800000001"})
    keys = list(cache._cache.keys())  # type: ignore[attr-defined]
    assert keys and not any("13800000001" in k or APPLICANT_ID in k for k in keys)


# --- behind the reverse proxy (PROXY_COUNT) --------------------------------------------------

PROXY = "10.0.0.1"  # what REMOTE_ADDR is for every visitor behind the proxy


def behind_proxy(forwarded_for: str) -> Client:
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


def ask_link(client: Client, n: int) -> int:
    return client.post(reverse("recovery:email"), {"email": f"x{n}@example.cn"}).status_code


def test_behind_the_proxy_each_client_has_its_own_limit(applicant: User, settings) -> None:
    settings.PROXY_COUNT = 1
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, actions.IP_LIMIT: "3/h"}
    first, second = behind_proxy("198.51.100.1"), behind_proxy("198.51.100.2")
    assert [ask_link(first, n) for n in range(3)] == [302, 302, 302]
    refused = first.post(reverse("recovery:email"), {"email": "y@example.cn"})
    assert refused.status_code == 429 and LIMITED in refused.content.decode()
    # Another visitor behind the same proxy is not held back by the first one.
    assert ask_link(second, 10) == 302
    assert ask_link(second, 11) == 302


def test_a_spoofed_forwarded_for_does_not_escape_the_limit(applicant: User, settings) -> None:
    settings.PROXY_COUNT = 1
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, actions.IP_LIMIT: "3/h"}
    # The client sends made-up hops; the proxy appends the address it really saw.
    for n in range(3):
        spoofed = behind_proxy(f"203.0.113.{n}, 6.6.6.{n}, 198.51.100.7")
        assert ask_link(spoofed, n) == 302
    again = behind_proxy("1.1.1.1, 2.2.2.2, 3.3.3.3, 198.51.100.7")
    response = again.post(reverse("recovery:email"), {"email": "z@example.cn"})
    assert response.status_code == 429 and LIMITED in response.content.decode()
    assert ask_link(behind_proxy("not-an-ip, 198.51.100.7"), 20) == 429


def test_without_a_trusted_proxy_the_header_is_ignored(applicant: User, settings) -> None:
    settings.PROXY_COUNT = 0
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, actions.IP_LIMIT: "3/h"}
    for n in range(3):
        assert ask_link(behind_proxy(f"198.51.100.{n}"), n) == 302
    assert ask_link(behind_proxy("198.51.100.99"), 99) == 429  # all are REMOTE_ADDR 10.0.0.1
