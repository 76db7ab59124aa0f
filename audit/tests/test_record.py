"""What `record` copies onto a row: role, region, masked text, a valid client address."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.models import Role, User
from audit.actions import record
from audit.models import AuditEvent
from conftest import APPLICANT_ID, make_user
from orgs.models import Department, Region

pytestmark = pytest.mark.django_db
A = AuditEvent.Action


def test_the_region_is_the_one_the_actor_acts_for(
    regions: dict[str, Region],
    applicant: User,
    unit_admin: User,
    other_unit_admin: User,
    committee_staff: User,
    hr_admin: User,
) -> None:
    county_dept = Department.objects.create(
        name="岳普湖县教育局", kind="industry", level="county", region=regions["yuepuhu"]
    )
    county_reviewer = make_user("county", Role.DEPT_REVIEWER, department=county_dept)
    expected = {
        applicant: None,
        unit_admin: regions["urumqi"],
        other_unit_admin: regions["kashgar"],
        committee_staff: regions["urumqi"],
        hr_admin: regions["xj"],
        county_reviewer: regions["kashgar"],  # a county folds into its prefecture
    }
    for user, region in expected.items():
        assert record(A.LOGIN, actor=user).region == region, user.username


def test_id_numbers_are_masked_everywhere(applicant: User) -> None:
    row = record(
        A.LOGIN_FAILED,
        actor_name=APPLICANT_ID,
        target=f"账号 {APPLICANT_ID}",
        detail=f"输入 {APPLICANT_ID.lower()}",
    )
    assert APPLICANT_ID not in f"{row.actor_name} {row.target} {row.detail}"
    assert row.actor_name == "6501**********1239"


@pytest.mark.parametrize(
    ("remote", "expected"),
    [("203.0.113.9", "203.0.113.9"), ("2001:db8::1", "2001:db8::1"), ("not-an-ip", None)],
)
def test_the_client_address_comes_from_the_request(
    applicant: User, remote: str, expected: Any
) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    assert record(A.LOGIN, actor=applicant, request=request).ip_address == expected


def test_an_anonymous_actor_is_kept_as_no_actor(db: None) -> None:
    row = record(A.LOGIN_FAILED, actor=AnonymousUser(), actor_name="typed")  # type: ignore[arg-type]
    assert (row.actor_id, row.actor_name, row.role, row.region_id) == (None, "typed", "", None)


def test_a_spoofed_forwarded_for_beyond_the_proxy_count_is_ignored(
    client: Client, settings: Any, unit_admin: User
) -> None:
    settings.PROXY_COUNT = 1
    client.post(
        reverse("accounts:login"),
        {"region": "650000", "username": "unit_a_admin", "password": "wrong"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7",
    )
    row = AuditEvent.objects.get(action=A.LOGIN_FAILED)
    assert row.ip_address == "192.0.2.7"  # the address our one proxy saw, not the forged one
