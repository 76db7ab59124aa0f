"""待办 of 缴费 for the applicant's 我的主页 (registered with accounts.todo): each unpaid order.

One query whatever the number of orders (ADR 0038).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.todo import Todo
from payments.models import PaymentOrder


def todos(user: User) -> list[Todo]:
    if user.role != Role.APPLICANT:
        return []
    orders = (
        PaymentOrder.objects.filter(application__applicant=user, status=PaymentOrder.Status.UNPAID)
        .select_related("application")
        .order_by("pk")
    )
    return [
        Todo(
            text=_("申请书 %(number)s 待缴评审费 %(amount)s 元")
            % {"number": order.application.number or "", "amount": order.amount},
            url=reverse("payments:pay", args=[order.application_id]),
            urgent=True,
        )
        for order in orders
    ]
