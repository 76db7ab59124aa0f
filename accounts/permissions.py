"""Who may open what. Views use these decorators; object scoping is done in querysets."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from accounts.models import Role, User

View = TypeVar("View", bound=Callable[..., HttpResponse])


def role_required(*roles: str) -> Callable[[View], View]:
    """Signed-in users of these roles only; others get 403 (a page in Chinese)."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = cast(User, request.user)
            if user.role not in roles:
                raise PermissionDenied(_("当前账号的角色不能使用此功能。"))
            return view(request, *args, **kwargs)

        return cast(View, wrapped)

    return decorator


applicant_required = role_required(Role.APPLICANT)
unit_admin_required = role_required(Role.UNIT_ADMIN)
hr_admin_required = role_required(Role.HR_ADMIN)
reviewer_required = role_required(Role.UNIT_ADMIN, Role.DEPT_REVIEWER, Role.COMMITTEE_STAFF)


def signed_in_user(request: HttpRequest) -> User:
    """The signed-in user, typed (views behind login_required only)."""
    return cast(User, request.user)
