"""payment_due: what the applicant's list draws beside an application, at no query cost."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from applications.models import Application
from orgs.models import ReviewCommittee
from payments import actions
from payments.actions import NOT_REQUIRED, payment_due, with_payment
from payments.models import PaymentOrder

pytestmark = pytest.mark.django_db


def loaded(app: Application) -> Application:
    return with_payment(Application.objects.filter(pk=app.pk)).get()


def test_not_required_before_formal_review(
    at_committee: Application, charging: ReviewCommittee
) -> None:
    assert payment_due(loaded(at_committee)) == NOT_REQUIRED == "not_required"


def test_not_required_where_the_committee_charges_nothing(passed: Application) -> None:
    assert payment_due(loaded(passed)) == NOT_REQUIRED


def test_none_while_a_fee_is_due_and_no_order_exists(
    passed: Application, charging: ReviewCommittee
) -> None:
    assert payment_due(loaded(passed)) is None


def test_the_order_once_it_exists_whatever_its_status(
    order: PaymentOrder, committee_staff: User
) -> None:
    due = payment_due(loaded(order.application))
    assert isinstance(due, PaymentOrder) and due.pk == order.pk and due.status == "unpaid"
    actions.confirm_offline(committee_staff, order.pk, "REF-0001", expected_version=None)
    due = payment_due(loaded(order.application))
    assert isinstance(due, PaymentOrder) and due.get_status_display() == "已缴费"


def test_it_reads_only_what_with_payment_fetched(
    order: PaymentOrder, at_committee: Application
) -> None:
    apps = list(with_payment(Application.objects.all()))
    with CaptureQueriesContext(connection) as ctx:
        states = [payment_due(app) for app in apps]
    assert len(ctx.captured_queries) == 0
    assert any(isinstance(s, PaymentOrder) for s in states)
