"""待办 of 缴费 for the applicant's 我的主页 (registered with accounts.todo).

Each passed application whose committee charges a fee and that is not paid yet: an unpaid order,
or no order yet where the committee has set the fee for the level (the pay page makes the order,
payments.actions.ensure_order; without a fee rule it could only refuse, so nothing waits).
One query whatever the number of applications (ADR 0038).
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.todo import Todo
from applications.models import Application, Status
from applications.todo import has_passed
from payments.actions import charging, fee_rules, order_of
from payments.models import PaymentOrder


def todos(user: User) -> list[Todo]:
    """The applicant's review fees still to pay."""
    if user.role != Role.APPLICANT:
        return []
    if not has_passed(user):  # the common case: nothing has passed yet
        return []
    fee = fee_rules(OuterRef("committee_id"), OuterRef("level"))
    apps = (
        charging(
            Application.objects.filter(
                Q(payment__isnull=True) | Q(payment__status=PaymentOrder.Status.UNPAID),
                applicant=user,
                status=Status.PASSED,
            )
        )
        .annotate(
            fee=Subquery(fee.values("amount")[:1], output_field=DecimalField(decimal_places=2))
        )
        .select_related("payment")
        .order_by("pk")
    )
    found = []
    for app in apps:
        order = order_of(app)
        amount: Decimal | None = order.amount if order is not None else app.fee
        if amount is None:
            continue
        found.append(
            Todo(
                text=_("申请书 %(number)s 待缴评审费 %(amount)s 元")
                % {"number": app.number or "", "amount": f"{Decimal(amount):.2f}"},
                url=reverse("payments:pay", args=[app.pk]),
                menu="results:mine",
                urgent=True,
            )
        )
    return found
