"""待办 of applications for 我的主页 (registered with accounts.todo in AppConfig.ready).

The applicant: each application still with them (returned first, then unsubmitted) with the
days left in its window. The staff of a unit, department or committee: how many wait in their
queue and how long the oldest has waited. One or two queries whatever the number of
applications (ADR 0038).
"""

from __future__ import annotations

import math
from datetime import datetime

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.todo import Todo, seed, shared
from applications import display, rules
from applications.models import Application, Status
from applications.scoping import held_by
from catalog.models import BusinessType
from orgs.models import ApplicationWindow

STAFF = frozenset({Role.UNIT_ADMIN, Role.DEPT_REVIEWER, Role.COMMITTEE_STAFF})
URGENT_DAYS = 3


def _list_menu(business_type: str) -> str:
    if business_type == BusinessType.REVIEW:
        return "applications:list"
    return f"applications:list_{business_type}"


APPLICANT_APPLICATIONS = "applicant_applications"


def applicant_applications(user: User) -> list[Application]:
    """The applicant's applications with their reference rows (a handful), read once for all
    the providers of a 待办 round: payments and results ask only when one has passed."""

    def read() -> list[Application]:
        mine = Application.objects.filter(applicant=user).order_by("pk")
        return list(display.with_reference(mine))

    apps: list[Application] = shared(user, APPLICANT_APPLICATIONS, read)
    return apps


def seed_applicant_applications(user: User, apps: list[Application]) -> None:
    """我的申请书 has read every application of the applicant, reference rows attached: the
    menu's 待办 of the same request use those rows instead of reading them again."""
    seed(user, APPLICANT_APPLICATIONS, sorted(apps, key=lambda app: app.pk))


def has_passed(user: User) -> bool:
    """Whether any of the applicant's applications has passed formal review."""
    return any(app.status == Status.PASSED for app in applicant_applications(user))


def _applicant(user: User) -> list[Todo]:
    now = timezone.now()
    # Returned before draft, each in the order they were made.
    apps = sorted(
        (a for a in applicant_applications(user) if a.status in (Status.RETURNED, Status.DRAFT)),
        key=lambda a: (a.status != Status.RETURNED, a.pk),
    )
    todos = []
    for app in apps:
        windows = rules.matching_windows(app, list(app.committee.windows.all()))
        deadline = rules.deadline(windows, now)
        names = {"number": app.number or "", "title": app.title.name}
        if app.status == Status.RETURNED:
            text = _("申请书 %(number)s（%(title)s）已退回修改，请修改后重新提交") % names
        else:
            text = _("申请书 %(number)s（%(title)s）尚未提交") % names
        closing = deadline.is_open and _days_left(windows, now) <= URGENT_DAYS
        todos.append(
            Todo(
                text=text,
                url=reverse("applications:edit", args=[app.pk]),
                menu=_list_menu(app.business_type),
                urgent=app.status == Status.RETURNED or closing,
                detail=deadline.text,
            )
        )
    return todos


def _days_left(windows: list[ApplicationWindow], now: datetime) -> int:
    closes = [w.closes_at for w in windows if w.opens_at <= now < w.closes_at]
    if not closes:
        return 10**6
    return math.ceil((max(closes) - now).total_seconds() / 86400)


def _staff(user: User) -> list[Todo]:
    waiting = held_by(user).aggregate(n=Count("id"), oldest=Min("last_action_at"))
    count = int(waiting["n"] or 0)
    if not count:
        return []
    days = 0
    if waiting["oldest"] is not None:
        days = max(0, math.floor((timezone.now() - waiting["oldest"]).total_seconds() / 86400))
    return [
        Todo(
            text=_("申请书待审核 %(n)d 份") % {"n": count},
            detail=_("最早的已等待 %(d)d 天") % {"d": days},
            url=reverse("reviews:queue"),
            count=count,
            menu="reviews:queue",
            urgent=True,
        )
    ]


def todos(user: User) -> list[Todo]:
    """What waits for `user` in applications."""
    if user.role == Role.APPLICANT:
        return _applicant(user)
    if user.role in STAFF:
        return _staff(user)
    return []
