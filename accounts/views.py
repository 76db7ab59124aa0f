"""Registration, sign-in with a region entry, 我的主页 and the profile."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from accounts import actions, todo, two_factor, two_factor_views, uploads
from accounts.forms import ApplicantRegistrationForm, LoginForm, ProfileForm, UnitRegistrationForm
from accounts.menus import menus_for
from accounts.models import Role
from accounts.permissions import signed_in_user
from audit.actions import record
from audit.models import AuditEvent
from lib.files import CheckedUpload
from lib.refusal import Refused
from orgs.regions import current_region, region_by_code, region_label, set_region
from orgs.similarity import similar_units
from zhicheng.refusals import add_refusal
from zhicheng.serving import serve_file


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


def register(request: HttpRequest) -> HttpResponse:
    """注册: choose 申请人注册 or 基层工作单位注册."""
    return render(request, "accounts/register.html")


def _carry_scan(request: HttpRequest, form: Any) -> None:
    """After a failed submit, keep a scan that passed its checks so it need not be chosen again."""
    scan = form.cleaned_data.get("scan") if hasattr(form, "cleaned_data") else None
    if isinstance(scan, CheckedUpload):
        data = form.data.copy()
        data["scan_token"] = uploads.stash(request, scan)
        form.data = data
        form.stashed = scan


@sensitive_post_parameters("password1", "password2", "id_number")
def register_applicant(request: HttpRequest) -> HttpResponse:
    """申请人注册（个人注册）."""
    if request.user.is_authenticated:
        return redirect("accounts:home")
    if request.method == "POST":
        token = request.POST.get("scan_token", "")
        form = ApplicantRegistrationForm(
            request.POST, request.FILES, stashed=uploads.unstash(request, token)
        )
        if form.is_valid():
            d = form.cleaned_data
            try:
                user = actions.register_applicant(
                    actions.ApplicantData(
                        username=d["username"],
                        real_name=d["real_name"],
                        id_number=d["id_number"],
                        mobile=d["mobile"],
                        email=d["email"],
                        password=d["password1"],
                    ),
                    d["scan"],
                )
            except Refused as refused:
                add_refusal(form, refused)
            else:
                uploads.discard(token)
                login(request, user, backend="accounts.backends.LoginNameBackend")
                messages.success(
                    request, _("注册成功，欢迎使用。请牢记您的用户名：%(u)s") % {"u": user.username}
                )
                return redirect("accounts:home")
        _carry_scan(request, form)
    else:
        form = ApplicantRegistrationForm()
    return render(request, "accounts/register_applicant.html", {"form": form})


@sensitive_post_parameters("password1", "password2")
def register_unit(request: HttpRequest) -> HttpResponse:
    """基层工作单位注册（单位注册）: one registration per unit."""
    if request.user.is_authenticated:
        return redirect("accounts:home")
    similar: list[Any] = []
    if request.method == "POST":
        token = request.POST.get("scan_token", "")
        form = UnitRegistrationForm(
            request.POST, request.FILES, stashed=uploads.unstash(request, token)
        )
        if form.is_valid():
            d = form.cleaned_data
            similar = similar_units(d["unit_name"], d["region"])
            if similar and not d.get("confirm_similar"):
                form.add_error(
                    "unit_name",
                    _(
                        "已有名称相近的单位注册。请确认不是同一单位（同一单位不能用全称和简称重复注册）。"
                    ),
                )
            else:
                try:
                    user = actions.register_unit(
                        actions.UnitData(
                            unit_name=d["unit_name"],
                            uscc=d["uscc"],
                            region=d["region"],
                            county=d["county"],
                            nature=d["nature"],
                            contact_name=d["contact_name"],
                            contact_mobile=d["contact_mobile"],
                            username=d["username"],
                            email=d["email"],
                            password=d["password1"],
                        ),
                        d["scan"],
                    )
                except Refused as refused:
                    add_refusal(form, refused)
                else:
                    uploads.discard(token)
                    login(request, user, backend="accounts.backends.LoginNameBackend")
                    set_region(request, d["region"])
                    messages.success(
                        request, _("单位注册成功。请先完善单位信息，完善后才能审核申报材料。")
                    )
                    return redirect("accounts:home")
        _carry_scan(request, form)
    else:
        form = UnitRegistrationForm()
    return render(request, "accounts/register_unit.html", {"form": form, "similar": similar})


class LoginView(auth_views.LoginView):
    """登录: choose the region entry (自治区 or a prefecture); one account works in all."""

    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_initial(self) -> dict[str, Any]:
        region = current_region(self.request)
        return {"region": region.code if region else ""}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["expired"] = self.request.session.pop("expired", False)
        return context

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if two_factor.has_second_factor(user):
            # Not signed in yet: the second step signs in (accounts/two_factor_views.py).
            return two_factor_views.begin_second_step(
                self.request, user, form.cleaned_data["region"], self.get_success_url()
            )
        response = super().form_valid(form)
        set_region(self.request, form.cleaned_data["region"])
        return response


def lockout(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """django-axes calls this once an account has failed 5 times within 15 minutes."""
    form = LoginForm(request, data=request.POST or None)
    form.is_valid()  # fills cleaned data so what was typed is shown again
    form.errors.clear()
    return render(
        request,
        "accounts/login.html",
        {"form": form, "locked": True},
        status=429,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    region = request.session.get("entry_region")
    logout(request)
    if region:
        request.session["entry_region"] = region
    messages.info(request, _("您已安全退出。"))
    return redirect("portal:index")


@require_POST
def switch_region(request: HttpRequest) -> HttpResponse:
    """切换评审区域 after (or before) signing in."""
    region = region_by_code(request.POST.get("region"))
    if region is None:
        messages.error(request, _("请选择有效的评审区域。"))
    else:
        set_region(request, region)
        name = region_label(region)
        messages.success(request, _("已切换到 %(r)s。") % {"r": name})
    return HttpResponseRedirect(_safe_next(request, reverse("portal:index")))


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """我的主页: first what waits for the person (待办), then the role's menus and the
    profile panel (个人资料)."""
    user = signed_in_user(request)
    unit = user.unit if user.role == Role.UNIT_ADMIN else None
    context = {
        "todos": todo.todos_for(user),
        "menus": menus_for(user.role, todo.badges_for(user)),
        "unit": unit,
    }
    return render(request, "accounts/home.html", context)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """编辑个人信息."""
    user = signed_in_user(request)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            actions.update_profile(
                user, email=form.cleaned_data["email"], mobile=form.cleaned_data["mobile"]
            )
            messages.success(request, _("个人信息已保存。"))
            return redirect("accounts:home")
    else:
        form = ProfileForm(initial={"email": user.email, "mobile": user.mobile})
    return render(request, "accounts/profile.html", {"form": form})


class PasswordChangeView(auth_views.PasswordChangeView):
    """修改密码."""

    form_class = PasswordChangeForm
    template_name = "accounts/password_change.html"

    def get_success_url(self) -> str:
        messages.success(self.request, _("密码已修改。"))
        return reverse("accounts:home")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        record(
            AuditEvent.Action.PASSWORD_CHANGED,
            actor=form.user,
            target=form.user.get_username(),
            request=self.request,
        )
        return response

    def form_invalid(self, form: PasswordChangeForm) -> HttpResponse:
        if form.has_error("old_password"):
            record(
                AuditEvent.Action.PASSWORD_CHANGED,
                actor=form.user,
                target=form.user.get_username(),
                result=AuditEvent.Result.FAILED,
                detail=_("原密码不正确"),
                request=self.request,
            )
        return super().form_invalid(form)


@login_required
def id_card_scan(request: HttpRequest) -> HttpResponseBase:
    """The holder's own ID-card scan; nobody else's account is reachable from here."""
    user = signed_in_user(request)
    return serve_file(user.id_card_scan, user.id_card_scan_name)
