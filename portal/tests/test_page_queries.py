"""The deadline-wave pages cost the same number of queries with 10 applications waiting as with
1,000 (issue 11, docs/adr/0036-capacity-per-core.md): the applicant's 我的申请书, 编辑申请书
and a section page, the unit's 办理, queue and 申请书查询, the committee's queue, and the public
certificate verification pages. The rows are copies of a real application, made in bulk."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role, User
from applications import actions
from applications.models import Application, Status
from catalog.models import Specialty, Title
from certificates.models import Certificate
from orgs.models import BaseUnit, ReviewCommittee
from testing.people import make_user
from testing.worlds import fill

pytestmark = pytest.mark.django_db


def copies(src: Application, n: int, start: int, **where: Any) -> None:
    """n applications like `src`, each of its own new applicant, waiting where `where` says."""
    users = User.objects.bulk_create(
        [
            User(
                username=f"queued{start + i}",
                role=Role.APPLICANT,
                real_name=f"排队{start + i}",
                id_number=f"6501021990{start + i:08d}",
                mobile=f"137{start + i:08d}",
                password="!",
            )
            for i in range(n)
        ]
    )
    values = {
        f.attname: getattr(src, f.attname)
        for f in Application._meta.concrete_fields
        if not f.primary_key
    }
    Application.objects.bulk_create(
        [
            Application(
                **{
                    **values,
                    "applicant_id": u.pk,
                    "number": f"Q{start + i:09d}",
                    "status": Status.IN_REVIEW,
                    "holder_unit_id": None,
                    "holder_department_id": None,
                    "holder_committee_id": None,
                    **where,
                }
            )
            for i, u in enumerate(users)
        ]
    )


@pytest.fixture
def world(
    certificate: Certificate,
    unit_a: BaseUnit,
    committee: ReviewCommittee,
    title: Title,
    specialty: Specialty,
) -> dict[str, Any]:
    """张三's passed application with its certificate, another applicant's filled draft, and a
    `grow(n)` that puts n more applications in the unit's queue and n in the committee's."""
    src = certificate.application
    person = make_user(
        "wave_applicant", Role.APPLICANT, real_name="李四", id_number="650102199001019999"
    )
    draft = fill(actions.create_application(person, title=title, specialty=specialty, unit=unit_a))
    made = [0]

    def grow(n: int) -> None:
        copies(src, n, made[0], position=1, holder_unit_id=unit_a.pk)
        copies(src, n, made[0] + n, position=3, holder_committee_id=committee.pk)
        made[0] += 2 * n

    grow(10)
    return {"draft": draft, "person": person, "certificate": certificate, "grow": grow}


def pages(world: dict[str, Any], unit_admin: User, committee_staff: User) -> list[Any]:
    draft: Application = world["draft"]
    waiting = Application.objects.filter(holder_unit_id=draft.unit_id).order_by("id").first()
    assert waiting is not None
    return [
        ("我的申请书", world["person"], reverse("applications:list")),
        ("编辑申请书", world["person"], reverse("applications:edit", args=[draft.pk])),
        ("section", world["person"], reverse("applications:section", args=[draft.pk, "basic"])),
        ("办理", unit_admin, reverse("reviews:handle", args=[waiting.pk])),
        ("unit queue", unit_admin, reverse("reviews:queue")),
        ("申请书查询", unit_admin, reverse("reviews:search")),
        ("committee queue", committee_staff, reverse("reviews:queue")),
        ("verify", None, reverse("certificates:verify")),
        (
            "verify token",
            None,
            reverse("certificates:verify_token", args=[world["certificate"].token]),
        ),
    ]


def counts(client: Client, listed: list[Any]) -> dict[str, int]:
    found = {}
    for name, user, url in listed:
        client.logout()
        if user is not None:
            client.force_login(user)
        client.get(url)  # the first request of a session writes it; count the next one
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        found[name] = len(ctx.captured_queries)
    return found


def test_the_wave_pages_cost_the_same_queries_with_10_or_1000_waiting(
    client: Client,
    world: dict[str, Any],
    unit_admin: User,
    committee_staff: User,
) -> None:
    listed = pages(world, unit_admin, committee_staff)
    at_ten = counts(client, listed)
    grow: Callable[[int], None] = world["grow"]
    grow(990)
    assert Application.objects.filter(holder_unit_id=world["draft"].unit_id).count() >= 1000
    assert counts(client, listed) == at_ten
    for user in (unit_admin, committee_staff):  # the copies are really on the queues
        client.force_login(user)
        page = client.get(reverse("reviews:queue"), {"per_page": 100}).content.decode()
        assert page.count("排队") >= 100, user.role
