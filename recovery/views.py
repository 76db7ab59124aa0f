"""找回用户名和密码 (four ways), 账号申诉, setting the new password, and hr_admin's review list.

Every public step answers the same whether or not an account exists: a request for a
code or a link always moves on to the same next page, a failed check always shows the
same message. Attempts are counted per client address (behind PROXY_COUNT proxies) and per
target before any lookup (settings.RATE_LIMITS); an unreachable cache answers 503.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from accounts.permissions import hr_admin_required, signed_in_user
from audit.exports import export_table
from lib.mobile import mask_mobile
from lib.refusal import Refused
from orgs.models import Region
from recovery import actions
from recovery.forms import (
    CodeForm,
    EmailForm,
    IdentityForm,
    MobileForm,
    NewPasswordForm,
    PersonAppealForm,
    RejectForm,
    UnitAppealForm,
)
from recovery.models import Appeal
from recovery.sms import ConsoleSmsSender, FileSmsSender, backend_class
from recovery.tables import AppealTable, export_columns
from zhicheng.ratelimit import client_key
from zhicheng.refusals import add_refusal, flash_refusal
from zhicheng.serving import serve_file
from zhicheng.tables import configure, wants_export

SESSION_CODE = "recovery_code"
SESSION_MOBILE = "recovery_mobile"


def _too_many(form: object) -> None:
    form.add_error(None, _("操作过于频繁，请 1 小时后再试。"))  # type: ignore[attr-defined]


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _sms_demo() -> bool:
    """A development sender writes the messages where the demo can read them (the page says so)."""
    return backend_class() in (FileSmsSender, ConsoleSmsSender)


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """找回用户名或密码: the four ways, and 账号申诉 for units."""
    return render(request, "recovery/start.html")


def mobile(request: HttpRequest) -> HttpResponse:
    """方式一: a 6-digit code to the registered mobile."""
    status = 200
    if request.method == "POST":
        form = MobileForm(request.POST)
        if form.is_valid():
            number = form.cleaned_data["mobile"]
            if actions.allow_attempt("sms", client_key(request), number):
                request.session[SESSION_CODE] = actions.request_sms_code(number)
                request.session[SESSION_MOBILE] = mask_mobile(number)
                return redirect("recovery:mobile_verify")
            _too_many(form)
            status = 429
    else:
        form = MobileForm()
    return render(
        request, "recovery/mobile.html", {"form": form, "sms_demo": _sms_demo()}, status=status
    )


def mobile_verify(request: HttpRequest) -> HttpResponse:
    """Type the code; a right one opens the page that shows the username and sets a password."""
    code_id = request.session.get(SESSION_CODE)
    if not isinstance(code_id, int):
        return redirect("recovery:mobile")
    status = 200
    if request.method == "POST":
        form = CodeForm(request.POST)
        if form.is_valid():
            # A code closes itself after five wrong tries; this only stops cycling through codes.
            if not actions.allow_attempt(
                "sms-verify", client_key(request), str(code_id), target_limit=actions.CODE_LIMIT
            ):
                _too_many(form)
                status = 429
            else:
                try:
                    token = actions.verify_sms_code(code_id, form.cleaned_data["code"])
                except Refused as refused:
                    add_refusal(form, refused)
                else:
                    request.session.pop(SESSION_CODE, None)
                    return redirect("recovery:reset", token=token)
    else:
        form = CodeForm()
    context = {
        "form": form,
        "masked_mobile": request.session.get(SESSION_MOBILE, ""),
        "sms_demo": _sms_demo(),
    }
    return render(request, "recovery/mobile_verify.html", context, status=status)


def email(request: HttpRequest) -> HttpResponse:
    """方式二: a one-hour link to the registered e-mail."""
    status = 200
    if request.method == "POST":
        form = EmailForm(request.POST)
        if form.is_valid():
            address = form.cleaned_data["email"]
            if actions.allow_attempt("email", client_key(request), address):
                actions.request_email_link(address, _base_url(request))
                return redirect("recovery:sent", kind="email")
            _too_many(form)
            status = 429
    else:
        form = EmailForm()
    return render(request, "recovery/email.html", {"form": form}, status=status)


@sensitive_post_parameters("id_number")
def identity(request: HttpRequest) -> HttpResponse:
    """方式三: ID number, real name and the registered mobile or e-mail, all matching."""
    status = 200
    if request.method == "POST":
        form = IdentityForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            if not actions.allow_attempt("identity", client_key(request), d["id_number"]):
                _too_many(form)
                status = 429
            else:
                token = actions.verify_identity(d["id_number"], d["real_name"], d["contact"])
                if token:
                    return redirect("recovery:reset", token=token)
                form.add_error(
                    None,
                    _(
                        "填写的信息与注册信息不符，请核对后重新输入；如仍无法找回，请使用“身份证件申诉”。"
                    ),
                )
    else:
        form = IdentityForm()
    return render(request, "recovery/identity.html", {"form": form}, status=status)


@sensitive_post_parameters("id_number")
def appeal(request: HttpRequest) -> HttpResponse:
    """方式四: 身份证件申诉 — an ID-card image checked by hr_admin."""
    status = 200
    if request.method == "POST":
        form = PersonAppealForm(request.POST, request.FILES)
        if form.is_valid():
            d = form.cleaned_data
            if actions.allow_attempt("appeal", client_key(request), d["id_number"]):
                actions.submit_person_appeal(
                    actions.PersonAppealData(
                        id_number=d["id_number"],
                        real_name=d["real_name"],
                        contact_mobile=d["contact_mobile"],
                        contact_email=d.get("contact_email") or "",
                    ),
                    d["scan"],
                )
                return redirect("recovery:sent", kind="appeal")
            _too_many(form)
            status = 429
    else:
        form = PersonAppealForm()
    return render(request, "recovery/appeal.html", {"form": form}, status=status)


def unit_appeal(request: HttpRequest) -> HttpResponse:
    """账号申诉 for a base unit: name, credit code, the new contact and the licence image."""
    status = 200
    if request.method == "POST":
        form = UnitAppealForm(request.POST, request.FILES)
        if form.is_valid():
            d = form.cleaned_data
            if actions.allow_attempt("unit-appeal", client_key(request), d["uscc"]):
                actions.submit_unit_appeal(
                    actions.UnitAppealData(
                        unit_name=d["unit_name"],
                        uscc=d["uscc"],
                        contact_name=d["contact_name"],
                        contact_mobile=d["contact_mobile"],
                        contact_email=d.get("contact_email") or "",
                    ),
                    d["scan"],
                )
                return redirect("recovery:sent", kind="appeal")
            _too_many(form)
            status = 429
    else:
        form = UnitAppealForm()
    return render(request, "recovery/unit_appeal.html", {"form": form}, status=status)


@require_GET
def sent(request: HttpRequest, kind: str) -> HttpResponse:
    """The one answer after asking for a link or filing an appeal, account or not."""
    if kind not in ("email", "appeal"):
        raise Http404
    return render(request, "recovery/sent.html", {"kind": kind})


@sensitive_post_parameters("password1", "password2")
def reset(request: HttpRequest, token: str) -> HttpResponse:
    """Shows the recovered username and sets a new password; the token works once."""
    user = actions.grant_user(token)
    if user is None:
        return render(request, "recovery/reset_invalid.html", status=410)
    if request.method == "POST":
        form = NewPasswordForm(user, request.POST)
        if form.is_valid():
            try:
                user = actions.reset_password(token, form.cleaned_data["password1"])
            except Refused:
                return render(request, "recovery/reset_invalid.html", status=410)
            return render(request, "recovery/done.html", {"username": user.username})
    else:
        form = NewPasswordForm(user)
    return render(request, "recovery/reset.html", {"form": form, "username": user.username})


# --- hr_admin: 账号找回审核 -------------------------------------------------------------------


def _appeals(user: User) -> QuerySet[Appeal]:
    """Appeals an hr_admin may see: all for the autonomous region; a prefecture's own units."""
    region = user.admin_region
    appeals = Appeal.objects.select_related("user", "user__unit", "decided_by")
    if region is None or region.level == Region.Level.AUTONOMOUS:
        return appeals
    return appeals.filter(kind=Appeal.Kind.UNIT, user__unit__region=region)


def _export(request: HttpRequest, table: AppealTable, status: str) -> HttpResponse:
    """Exactly the listed appeals, in the chosen order, as .xlsx; the export is audited."""
    user = signed_in_user(request)
    return export_table(
        request,
        user,
        table,
        export_columns(user),
        title=_("账号找回审核"),
        ascii_name="appeals",
        filters=f"{_('状态')}={Appeal.Status(status).label}",
    )


@require_GET
@hr_admin_required
def reviews(request: HttpRequest) -> HttpResponse:
    """账号找回审核: pending appeals first; ?status=approved / rejected for the decided."""
    status = request.GET.get("status") or Appeal.Status.PENDING
    if status not in Appeal.Status.values:
        status = Appeal.Status.PENDING
    user = signed_in_user(request)
    appeals = _appeals(user).filter(status=status).order_by("-created_at", "-id")
    table = AppealTable(appeals, viewer=user)
    if wants_export(request):
        return _export(request, table, status)
    configure(request, table)
    page = table.page
    return render(
        request,
        "recovery/reviews.html",
        {
            "table": table,
            "page": page,
            "appeals": page.object_list,
            "status": status,
            "statuses": Appeal.Status.choices,
        },
    )


@hr_admin_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """One appeal: the details, the scan, whether an account matches; approve or reject."""
    appeal = get_object_or_404(_appeals(signed_in_user(request)), pk=pk)
    return render(request, "recovery/review.html", {"appeal": appeal, "form": RejectForm()})


@require_POST
@hr_admin_required
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in_user(request)
    appeal = get_object_or_404(_appeals(actor), pk=pk)
    try:
        actions.approve_appeal(appeal.pk, actor, _base_url(request))
    except Refused as refused:
        flash_refusal(request, refused)
        return redirect("recovery:review", pk=appeal.pk)
    messages.success(request, _("已通过，重置密码链接已发送给申诉人。"))
    return redirect("recovery:reviews")


@require_POST
@hr_admin_required
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in_user(request)
    appeal = get_object_or_404(_appeals(actor), pk=pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return render(request, "recovery/review.html", {"appeal": appeal, "form": form})
    try:
        actions.reject_appeal(appeal.pk, actor, form.cleaned_data["reason"])
    except Refused as refused:
        flash_refusal(request, refused)
        return redirect("recovery:review", pk=appeal.pk)
    messages.success(request, _("已驳回，原因已通知申诉人。"))
    return redirect("recovery:reviews")


@require_GET
@hr_admin_required
def scan(request: HttpRequest, pk: int) -> HttpResponse:
    """The appeal's ID-card or licence image, for the reviewer only."""
    appeal = get_object_or_404(_appeals(signed_in_user(request)), pk=pk)
    response = serve_file(appeal.scan, appeal.scan_name)
    # role_required is typed for HttpResponse; a FileResponse streams but is served the same.
    return cast(HttpResponse, response)
