"""Minutes of use (已使用 N 分钟) from real activity, the 30-minute idle end of a session, and
the second factor the staff roles must have before they use anything."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.db.models import F
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.two_factor import has_second_factor
from zhicheng.sessions import TOUCH_EVERY

SESSION_KEY = "last_seen"
# Activity is written at most once a minute per session, to keep writes off the hot path: the
# session row is touched (saved) only then (SESSION_SAVE_EVERY_REQUEST is off), see
# zhicheng/sessions.py and docs/adr/0036-capacity-per-core.md.
FLUSH_EVERY = TOUCH_EVERY


class ActivityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last = request.session.get(SESSION_KEY)
            idle = settings.SESSION_IDLE_SECONDS
            # The stored time of the last request is at most FLUSH_EVERY old (it is written
            # once a minute, not on every request), so a session ends only after at least
            # `idle` seconds without a request, and at most FLUSH_EVERY later.
            if last is not None and now - last[0] > idle + FLUSH_EVERY:
                logout(request)
                request.session["expired"] = True
            elif (
                last is None or not 0 <= now - last[0] < FLUSH_EVERY or now - last[1] >= FLUSH_EVERY
            ):
                if last is None:
                    last = [now, now]  # [last request, last time seconds were counted]
                gap = now - last[0]
                last[0] = now
                if now - last[1] >= FLUSH_EVERY:
                    counted = int(min(now - last[1], idle))
                    User.objects.filter(pk=user.pk).update(seconds_used=F("seconds_used") + counted)
                    last[1] = now
                elif gap < 0:
                    last[1] = now
                request.session[SESSION_KEY] = last
        return self.get_response(request)


# Pages a signed-in staff member without a second factor may still open: enrolment itself,
# signing out, and the public pages anyone can read. Static files, /healthz and /readyz are
# answered before any view (WhiteNoise, or by path below).
OTP_EXEMPT_VIEWS = frozenset(
    {
        "accounts:two_factor_enrol",
        "accounts:logout",
        "accounts:login",
        "accounts:login_verify",
        "accounts:switch_region",
        "portal:index",
        "portal:notices",
        "portal:notice",
        "portal:notice_file",
        "portal:committees",
        "portal:help",
        "catalog:conditions",
        "catalog:condition",
        "certificates:verify",
        "certificates:verify_token",
        "results:public_list",
        "results:public_detail",
        "qa:faq",
        "javascript_catalog",  # the texts of static/js, as static as the script itself
    }
)
OTP_EXEMPT_PATHS = ("/healthz", "/readyz", "/favicon")


class SecondFactorMiddleware:
    """Roles in settings.OTP_REQUIRED_ROLES use the site only with a verified second factor.

    Without a device they are taken to 绑定 (enrolment) from every page but the exempt ones;
    with a device but a session that did not pass the second step (one older than the device,
    say) they are signed out and asked to sign in again. Needs django-otp's OTPMiddleware
    before it (it sets `request.user.is_verified`).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: object, view_args: object, view_kwargs: object
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if str(getattr(user, "role", "")) not in settings.OTP_REQUIRED_ROLES:
            return None
        is_verified = getattr(user, "is_verified", None)
        if is_verified is not None and is_verified():
            return None
        match = request.resolver_match
        if (match is not None and match.view_name in OTP_EXEMPT_VIEWS) or request.path.startswith(
            (settings.STATIC_URL, *OTP_EXEMPT_PATHS)
        ):
            return None
        if has_second_factor(user):
            logout(request)
            messages.info(request, _("请重新登录，并输入身份验证器显示的动态验证码。"))
            return redirect_to_login(request.get_full_path())
        target = reverse("accounts:two_factor_enrol")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(target)
