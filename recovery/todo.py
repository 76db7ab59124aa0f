"""待办 of 账号找回审核 for hr_admin's 我的主页 (registered with accounts.todo)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.todo import Todo
from recovery.models import Appeal
from recovery.views import _appeals as appeals_for  # the one scoping of 账号找回审核


def todos(user: User) -> list[Todo]:
    """Pending appeals the hr_admin may decide: one count query."""
    if user.role != Role.HR_ADMIN:
        return []
    count = appeals_for(user).filter(status=Appeal.Status.PENDING).count()
    if not count:
        return []
    return [
        Todo(
            text=_("账号找回申请待审核 %(n)d 个") % {"n": count},
            url=reverse("recovery:reviews"),
            count=count,
            menu="recovery:reviews",
            urgent=True,
        )
    ]
