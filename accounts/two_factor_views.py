"""Pages of the second factor: 登录第二步, 绑定 (QR code), 双因素认证 in the profile,
recovery codes, 停用, and hr_admin's 重置双因素认证 of a colleague.

The password step (accounts.views.LoginView) does not sign a person with a device in: it
keeps who passed it in the session (`PENDING`) for a few minutes and sends them here; only
a correct code signs them in, so `user_logged_in` (and the audit row of the sign-in) means
both factors passed.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import Role, User
from accounts.permissions import hr_admin_required, signed_in_user
from accounts.two_factor_forms import EnrolForm, PasswordConfirmForm, ResetForm, SignInCodeForm
from lib.refusal import Refused
from orgs.models import Region
from orgs.regions import region_by_code, set_region
from zhicheng.refusals import add_refusal

PENDING = "otp_pending"
STAFF_PER_PAGE = 30


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


# ---------------------------------------------------------------- sign-in, second step


def begin_second_step(request: HttpRequest, user: User, region: Region, next_url: str) -> Any:
    """Called by the password step for an account with a device: remember, then ask for a code."""
    request.session[PENDING] = {
        "user": user.pk,
        "backend": getattr(user, "backend", "accounts.backends.LoginNameBackend"),
        "region": region.code,
        "next": next_url,
        "since": time.time(),
        "failures": 0,
    }
    return redirect("accounts:login_verify")


def _pending(request: HttpRequest) -> dict[str, Any] | None:
    data = request.session.get(PENDING)
    if not isinstance(data, dict):
        return None
    if time.time() - float(data.get("since", 0)) > settings.OTP_PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None
    return data


def _restart(request: HttpRequest, message: str) -> HttpResponse:
    request.session.pop(PENDING, None)
    messages.error(request, message)
    return redirect("accounts:login")


@never_cache
@sensitive_post_parameters("code")
def login_verify(request: HttpRequest) -> HttpResponse:
    """登录第二步: the code of the authenticator app, or a recovery code."""
    pending = _pending(request)
    if pending is None:
        return _restart(request, _("登录已超时或尚未输入密码，请重新登录。"))
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        return _restart(request, _("登录已超时或尚未输入密码，请重新登录。"))
    form = SignInCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor.verify_sign_in(user, form.cleaned_data["code"], request=request)
        except Refused as refused:
            failures = int(pending.get("failures", 0)) + 1
            if failures >= settings.OTP_FAILURE_LIMIT:
                two_factor.abandon_sign_in(user, failures, request=request)
                return _restart(
                    request,
                    _("验证码连续输错 %(n)s 次，本次登录已作废，请重新输入用户名和密码。")
                    % {"n": failures},
                )
            pending["failures"] = failures
            request.session[PENDING] = pending
            add_refusal(form, refused)
        else:
            request.session.pop(PENDING, None)
            login(request, user, backend=pending["backend"])
            otp_login(request, device)
            region = region_by_code(pending.get("region"))
            if region is not None:
                set_region(request, region)
            if isinstance(device, StaticDevice):
                left = two_factor.recovery_codes_left(user)
                messages.warning(
                    request,
                    _(
                        "您使用了一个恢复码登录，还剩 %(n)s 个。恢复码用完前请在“双因素认证”中重新生成。"
                    )
                    % {"n": left},
                )
            return redirect(pending.get("next") or settings.LOGIN_REDIRECT_URL)
    return render(
        request,
        "accounts/two_factor/verify.html",
        {
            "form": form,
            "failures": int(pending.get("failures", 0)),
            "failures_left": settings.OTP_FAILURE_LIMIT - int(pending.get("failures", 0)),
        },
    )


# ---------------------------------------------------------------- enrolment and profile


def _codes_page(request: HttpRequest, codes: list[str], next_url: str) -> HttpResponse:
    response = render(
        request, "accounts/two_factor/recovery_codes.html", {"codes": codes, "next": next_url}
    )
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@login_required
@sensitive_post_parameters("password", "code")
def enrol(request: HttpRequest) -> HttpResponse:
    """绑定双因素认证: scan the QR code, type the first code and the password."""
    user = signed_in_user(request)
    next_url = _safe_next(request, reverse("accounts:home"))
    if two_factor.has_second_factor(user):
        messages.info(request, _("您已绑定双因素认证。"))
        return redirect("accounts:two_factor")
    device = two_factor.start_enrolment(user)
    if request.method == "POST":
        form = EnrolForm(user, request.POST)
        if form.is_valid():
            try:
                enrolment = two_factor.confirm_enrolment(
                    user,
                    form.cleaned_data.get("device") or 0,
                    form.cleaned_data["code"],
                    request=request,
                )
            except Refused as refused:
                add_refusal(form, refused)
            else:
                otp_login(request, enrolment.device)
                messages.success(request, _("双因素认证已绑定，以后登录时需要输入动态验证码。"))
                return _codes_page(request, enrolment.recovery_codes, next_url)
    else:
        form = EnrolForm(user)
    return render(
        request,
        "accounts/two_factor/enrol.html",
        {
            "form": form,
            "device_id": device.pk,
            "qr": two_factor.qr_data_uri(device),
            "secret": two_factor.base32_secret(device),
            "required": two_factor.required_for(user),
            "next": next_url,
        },
    )


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    """双因素认证 in the profile: whether it is on, recovery codes left, what can be done."""
    user = signed_in_user(request)
    device = two_factor.totp_device(user)
    return render(
        request,
        "accounts/two_factor/manage.html",
        {
            "device": device,
            "codes_left": two_factor.recovery_codes_left(user) if device else 0,
            "required": two_factor.required_for(user),
        },
    )


@never_cache
@login_required
@sensitive_post_parameters("password")
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """重新生成恢复码 after the password; the new codes are shown once."""
    user = signed_in_user(request)
    if not two_factor.has_second_factor(user):
        return redirect("accounts:two_factor_enrol")
    form = PasswordConfirmForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.regenerate_recovery_codes(user, request=request)
        messages.success(request, _("已生成新的恢复码，原有恢复码已作废。"))
        return _codes_page(request, codes, reverse("accounts:two_factor"))
    return render(
        request,
        "accounts/two_factor/confirm.html",
        {
            "form": form,
            "title": _("重新生成恢复码"),
            "explain": _("生成后，原有的恢复码全部作废。请输入密码确认。"),
            "button": _("生成新的恢复码"),
            "danger": False,
        },
    )


@login_required
@sensitive_post_parameters("password")
def disable(request: HttpRequest) -> HttpResponse:
    """停用双因素认证 (only roles that need not keep it), after the password."""
    user = signed_in_user(request)
    if not two_factor.has_second_factor(user):
        return redirect("accounts:two_factor")
    if two_factor.required_for(user):
        messages.error(request, two_factor.refusal_message(two_factor.Refusal.REQUIRED))
        return redirect("accounts:two_factor")
    form = PasswordConfirmForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        two_factor.disable(user, request=request)
        messages.success(request, _("双因素认证已停用，以后登录只需密码。"))
        return redirect("accounts:two_factor")
    return render(
        request,
        "accounts/two_factor/confirm.html",
        {
            "form": form,
            "title": _("停用双因素认证"),
            "explain": _("停用后登录只需密码，账号安全性降低。手机上的验证器和恢复码都将失效。"),
            "button": _("确认停用"),
            "danger": True,
        },
    )


# ---------------------------------------------------------------- hr_admin: reset a colleague


@hr_admin_required
def staff(request: HttpRequest) -> HttpResponse:
    """重置双因素认证: the staff accounts of this admin's region and whether each has enrolled."""
    admin = signed_in_user(request)
    enrolled = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    qs = (
        two_factor.resettable_accounts(admin)
        .select_related("unit", "department", "committee", "admin_region")
        .annotate(enrolled=Exists(enrolled))
        .order_by("role", "username")
    )
    q = (request.GET.get("q") or "").strip()[:50]
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(real_name__icontains=q))
    role = request.GET.get("role") or ""
    if role in Role.values:
        qs = qs.filter(role=role)
    page = Paginator(qs, STAFF_PER_PAGE).get_page(request.GET.get("page"))
    offered = two_factor.resettable_roles(admin)
    roles = [(value, label) for value, label in Role.choices if value in offered]
    return render(
        request,
        "accounts/two_factor/staff.html",
        {"page": page, "q": q, "role": role, "roles": roles},
    )


@hr_admin_required
def staff_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, give a reason, and remove a colleague's second factor."""
    admin = signed_in_user(request)
    target = get_object_or_404(
        two_factor.resettable_accounts(admin).select_related(
            "unit", "department", "committee", "admin_region"
        ),
        pk=pk,
    )
    enrolled = two_factor.has_second_factor(target)
    form = ResetForm(request.POST or None)
    if request.method == "POST" and enrolled and form.is_valid():
        two_factor.reset_for(admin, target, form.cleaned_data["reason"], request=request)
        messages.success(
            request,
            _("已重置 %(u)s 的双因素认证，其下次登录时须重新绑定。") % {"u": target.username},
        )
        return redirect("accounts:two_factor_staff")
    return render(
        request,
        "accounts/two_factor/staff_reset.html",
        {"target": target, "form": form, "enrolled": enrolled},
    )
