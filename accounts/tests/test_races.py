"""Two registrations racing with one ID number or one credit code (PostgreSQL, real threads)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from accounts import actions
from accounts.models import User
from conftest import make_png
from lib.files import CheckedUpload
from lib.refusal import Refused
from orgs.models import BaseUnit, Region

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="races are tested on PostgreSQL"),
]

SCAN = CheckedUpload(content=make_png(), kind="png", display_name="scan.png")


def race(attempts: list[Callable[[], Any]]) -> list[Any]:
    """Run the callables at the same instant in threads; return each result or exception."""
    barrier = threading.Barrier(len(attempts))
    results: list[Any] = [None] * len(attempts)

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = attempts[i]()
        except Exception as exc:  # noqa: BLE001 - the exception is the result under test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(attempts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_two_registrations_with_one_id_number_give_one_account(regions: Any) -> None:
    def attempt(n: int) -> Callable[[], User]:
        data = actions.ApplicantData(
            username=f"racer{n}",
            real_name="赛跑",
            id_number="650102198512121232",
            mobile="13900000000",
            email=f"r{n}@example.cn",
            password="Race@20261",
        )
        return lambda: actions.register_applicant(data, SCAN)

    results = race([attempt(n) for n in range(4)])
    users = [r for r in results if isinstance(r, User)]
    conflicts = [r for r in results if isinstance(r, Refused)]
    assert len(users) == 1 and len(conflicts) == 3
    assert all(c.field == "id_number" and "该身份证号已注册" in c.message for c in conflicts)
    assert User.objects.filter(id_number="650102198512121232").count() == 1


def test_two_registrations_of_one_unit_give_one_unit(regions: Any) -> None:
    urumqi = Region.objects.get(code="650100")

    def attempt(n: int) -> Callable[[], User]:
        data = actions.UnitData(
            unit_name=f"赛跑单位{n}",
            uscc="91650100MA77XXXX0T",
            region=urumqi,
            county=None,
            nature="prefecture",
            contact_name="赛跑",
            contact_mobile="13900000000",
            username=f"unitracer{n}",
            email=f"u{n}@example.cn",
            password="Race@20261",
        )
        return lambda: actions.register_unit(data, SCAN)

    results = race([attempt(n) for n in range(3)])
    assert sum(isinstance(r, User) for r in results) == 1
    assert all(
        isinstance(r, User) or (isinstance(r, Refused) and r.field == "uscc") for r in results
    )
    assert BaseUnit.objects.filter(uscc="91650100MA77XXXX0T").count() == 1
    assert User.objects.filter(role="unit_admin").count() == 1
