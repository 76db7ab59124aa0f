"""Sign-in by username, resident ID number or mobile, with one lockout counter per account."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from accounts.models import User
from lib import mobile
from lib.idcard import normalise_id_number


def find_user(login: str) -> User | None:
    """The account a typed login name refers to: username, ID number, or mobile."""
    login = (login or "").strip()
    if not login:
        return None
    id_like = normalise_id_number(login)
    query = Q(username=login) | Q(id_number=id_like)
    if mobile.is_mobile(login):  # the one mobile rule (lib.mobile)
        query |= Q(mobile=mobile.normalise(login), role="applicant")
    matches = list(User.objects.filter(query)[:2])
    return matches[0] if len(matches) == 1 else None


class LoginNameBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None or password is None:
            return None
        user = find_user(username)
        if user is None:
            # Spend the same time as a real check so timing does not reveal accounts.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """Count failures per account, whichever login name was typed (never the ID number itself)."""
    typed = ""
    if credentials:
        typed = str(credentials.get("username") or "")
    elif request is not None and hasattr(request, "POST"):
        typed = str(request.POST.get("username") or "")
    user = find_user(typed)
    if user is not None:
        return f"user:{user.pk}"
    # An unknown login name may be somebody's ID number: keep only a keyed digest of it.
    return "login:" + salted_hmac("axes-login", normalise_id_number(typed)).hexdigest()[:24]
