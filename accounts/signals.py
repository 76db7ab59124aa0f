"""Sign-in, sign-out and lockout into the audit log, from Django's and django-axes' signals.

Accounts owns them (they look accounts up by what was typed); the audit app below only
records (docs/adr/0031-kernel-translation-and-import-layers.md).

Failed sign-ins keep what was typed as the login name (ID numbers masked), never the
password, and are linked to the account the name refers to when there is one, so the
account's region administrator sees attempts against it. django-axes deletes its own
failure rows when the account later signs in (AXES_RESET_ON_SUCCESS); these rows stay.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.http import HttpRequest
from django.utils.translation import gettext as _

from accounts.backends import find_user
from accounts.models import User
from audit.actions import record
from audit.models import AuditEvent


def _typed_login(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    typed = ""
    if credentials:
        typed = str(credentials.get("username") or "")
    elif request is not None and hasattr(request, "POST"):
        typed = str(request.POST.get("username") or "")
    return " ".join(typed.split())[:150]


def _first_time(request: HttpRequest | None, what: str) -> bool:
    """One row per request and kind: the lockout page validates the form again, which runs
    authentication (and these signals) a second time for the same attempt."""
    if request is None:
        return True
    seen: set[str] = getattr(request, "_audit_seen", set())
    if what in seen:
        return False
    seen.add(what)
    request._audit_seen = seen  # type: ignore[attr-defined]
    return True


def signed_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    record(AuditEvent.Action.LOGIN, actor=user, target=user.get_username(), request=request)


def signed_out(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    if user is None:
        return
    record(AuditEvent.Action.LOGOUT, actor=user, target=user.get_username(), request=request)


def sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    if not _first_time(request, "login_failed"):
        return
    typed = _typed_login(request, credentials)
    account = find_user(typed)
    record(
        AuditEvent.Action.LOGIN_FAILED,
        actor=account,
        actor_name=typed or "-",
        target=account.get_username() if account is not None else "",
        result=AuditEvent.Result.FAILED,
        detail=_("用户名或密码错误") if account is not None else _("没有与登录名相符的账号"),
        request=request,
    )


def locked_out(sender: Any, request: HttpRequest | None, username: str = "", **kwargs: Any) -> None:
    # axes counts per account: `username` is "user:<pk>" (or a digest for unknown names).
    if not _first_time(request, "lockout"):
        return
    account = None
    if username.startswith("user:") and username[5:].isdigit():
        account = User.objects.filter(pk=int(username[5:])).first()
    typed = _typed_login(request, getattr(request, "axes_credentials", None))
    record(
        AuditEvent.Action.LOCKOUT,
        actor=account,
        actor_name=typed or "-",
        target=account.get_username() if account is not None else "",
        result=AuditEvent.Result.REFUSED,
        detail=_lockout_detail(),
        request=request,
    )


def _lockout_detail() -> str:
    cool = getattr(settings, "AXES_COOLOFF_TIME", None)
    limit = getattr(settings, "AXES_FAILURE_LIMIT", 5)
    if isinstance(cool, timedelta):
        minutes = int(cool.total_seconds() // 60)
    elif isinstance(cool, int | float):
        minutes = int(cool * 60)  # axes reads a number as hours
    else:
        return _("连续 %(n)s 次登录失败，账号已锁定") % {"n": limit}
    return _("连续 %(n)s 次登录失败，账号锁定 %(m)s 分钟") % {"n": limit, "m": minutes}


def connect() -> None:
    """Wired in AccountsConfig.ready."""
    user_logged_in.connect(signed_in, dispatch_uid="audit.signed_in")
    user_logged_out.connect(signed_out, dispatch_uid="audit.signed_out")
    user_login_failed.connect(sign_in_failed, dispatch_uid="audit.sign_in_failed")
    user_locked_out.connect(locked_out, dispatch_uid="audit.locked_out")
