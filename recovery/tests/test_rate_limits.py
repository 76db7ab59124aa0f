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

pytestmark = pytest.mark.django_db
LIMITED = "操作过于频繁"


def test_the_sixth_code_for_one_mobile_is_refused(client: Client, applicant: User, sms) -> None:
    for _ in range(actions.TARGET_LIMIT):
        assert client.post(reverse("recovery:mobile"), {"mobile": "13800000001"}).status_code == 302
    response = client.post(reverse("recovery:mobile"), {"mobile": "13800000001"})
    assert response.status_code == 429 and LIMITED in response.content.decode()
    assert RecoveryCode.objects.count() == actions.TARGET_LIMIT


def test_one_address_is_limited_across_targets(
    client: Client, applicant: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(actions, "IP_LIMIT", 3)
    for i in range(3):
        client.post(reverse("recovery:email"), {"email": f"x{i}@example.cn"})
    response = client.post(reverse("recovery:email"), {"email": "zhangsan@example.cn"})
    assert response.status_code == 429 and LIMITED in response.content.decode()
    assert not ResetGrant.objects.exists()
    other = Client(REMOTE_ADDR="10.0.0.9")  # another address is not affected
    assert other.post(reverse("recovery:email"), {"email": "y@example.cn"}).status_code == 302


def test_identity_checks_are_limited_per_id_number(client: Client, applicant: User) -> None:
    data = {"id_number": APPLICANT_ID, "real_name": "李四", "contact": "13800000001"}
    for _ in range(actions.TARGET_LIMIT):
        Client(REMOTE_ADDR=f"10.0.0.{_ + 1}").post(reverse("recovery:identity"), data)
    right = {**data, "real_name": "张三"}
    response = client.post(reverse("recovery:identity"), right)
    assert response.status_code == 429 and LIMITED in response.content.decode()
    assert not ResetGrant.objects.exists()


def test_appeals_are_limited(client: Client, applicant: User) -> None:
    for _ in range(actions.TARGET_LIMIT):
        client.post(reverse("recovery:appeal"), person_fields())
    response = client.post(reverse("recovery:appeal"), person_fields())
    assert response.status_code == 429 and LIMITED in response.content.decode()
    assert Appeal.objects.count() == actions.TARGET_LIMIT


def test_the_limit_ends_with_its_window(client: Client, applicant: User) -> None:
    for _ in range(actions.TARGET_LIMIT + 1):
        client.post(reverse("recovery:mobile"), {"mobile": "13800000001"})
    cache.clear()  # what the passing hour does
    assert client.post(reverse("recovery:mobile"), {"mobile": "13800000001"}).status_code == 302


def test_the_cache_holds_no_mobile_or_id_number(client: Client, applicant: User) -> None:
    client.post(reverse("recovery:mobile"), {"mobile": "13800000001"})
    keys = list(cache._cache.keys())  # type: ignore[attr-defined]
    assert keys and not any("13800000001" in k or APPLICANT_ID in k for k in keys)
