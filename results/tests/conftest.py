"""The results world: applications really walked to 通过形式审核 (testing/worlds.py), papers,
meetings, votes and publicities (testing/results_world.py), and what only these tests need."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import Workbook  # type: ignore[import-untyped]

from accounts.models import User
from applications.models import Application
from catalog.models import Specialty, Title
from orgs.models import BaseUnit, ReviewCommittee
from payments.models import PaymentOrder
from results.excel import HEADERS
from testing.worlds import submit_many, to_passed


@pytest.fixture
def passed_many(
    chain_world: ReviewCommittee,
    title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
    unit_admin: User,
    dept_reviewer: User,
    committee_staff: User,
) -> Callable[[int], list[Application]]:
    """A factory: passed_many(n) walks n more applicants' applications to 通过形式审核."""
    made: list[Application] = []

    def make(n: int) -> list[Application]:
        apps = submit_many(n, qualification=title, field=specialty, unit=unit_a, start=len(made))
        done = [to_passed(a, unit_admin, dept_reviewer, committee_staff) for a in apps]
        made.extend(done)
        return done

    return make


def pay(app: Application, status: str = "paid") -> PaymentOrder:
    return PaymentOrder.objects.create(
        application=app,
        committee_id=app.committee_id,
        out_trade_no=f"T{app.pk:010d}",
        amount=Decimal("300.00"),
        status=status,
    )


def xlsx(rows: list[list[Any]], header: list[Any] | None = None) -> bytes:
    """An .xlsx with the template's header (or the one given) and these rows."""
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.append(list(HEADERS) if header is None else header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
