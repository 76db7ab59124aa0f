"""Double clicks, two tabs, two colleagues and a gateway delivering twice (PostgreSQL, threads)."""

from __future__ import annotations

import pytest
from django.db import connection

from accounts.models import Role, User
from accounts.tests.test_races import race
from applications.models import Application
from conftest import make_user
from lib.refusal import Refused
from orgs.models import ReviewCommittee
from payments import actions
from payments.models import PaymentNotice, PaymentOrder
from payments.tests.conftest import SandboxGateway, fresh, notice_body, sign

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="races are tested on PostgreSQL"),
]


def test_eight_visits_at_once_make_one_order(
    passed: Application, charging: ReviewCommittee
) -> None:
    results = race([lambda: actions.ensure_order(passed.pk)] * 8)
    assert all(isinstance(r, PaymentOrder) for r in results), results
    assert len({r.out_trade_no for r in results}) == 1
    assert PaymentOrder.objects.count() == 1


def test_two_colleagues_confirming_one_order_confirm_it_once(
    order: PaymentOrder, committee_staff: User
) -> None:
    colleague = make_user(
        "committee_staff2", Role.COMMITTEE_STAFF, committee_id=committee_staff.committee_id
    )
    results = race(
        [
            lambda: actions.confirm_offline(committee_staff, order.pk, "REF-A", expected_version=1),
            lambda: actions.confirm_offline(colleague, order.pk, "REF-B", expected_version=1),
        ]
    )
    assert sum(isinstance(r, PaymentOrder) for r in results) == 1
    assert sum(isinstance(r, Refused) for r in results) == 1
    done = fresh(order)
    assert done.status == "paid" and done.version == 2 and done.reference in ("REF-A", "REF-B")


def test_one_reference_on_two_orders_at_once_is_used_once(
    order: PaymentOrder, committee_staff: User, many_orders: object
) -> None:
    (other,) = many_orders(1)  # type: ignore[operator]
    results = race(
        [
            lambda: actions.confirm_offline(
                committee_staff, order.pk, "SAME-1", expected_version=None
            ),
            lambda: actions.confirm_offline(
                committee_staff, other.pk, "SAME-1", expected_version=None
            ),
        ]
    )
    assert sum(isinstance(r, PaymentOrder) for r in results) == 1
    assert PaymentOrder.objects.filter(reference="SAME-1").count() == 1


def test_a_notification_delivered_five_times_at_once_pays_once(
    online_order: PaymentOrder, sandbox: SandboxGateway
) -> None:
    body = notice_body(online_order)
    headers = {"X-Signature": sign(body)}
    results = race([lambda: actions.handle_notify("sandbox", body, headers)] * 5)
    codes = sorted(r.code for r in results)
    assert codes == ["already_processed"] * 4 + ["paid"], results
    assert fresh(online_order).version == 2
    assert PaymentNotice.objects.filter(signature_ok=True).count() == 1
