from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role
from accounts.permissions import role_required, signed_in_user
from lib.refusal import Refused
from orgs.models import Contact, ReviewCommittee
from portal import actions
from portal.forms import NoticeForm
from portal.models import Notice, NoticeAttachment
from zhicheng.refusals import add_refusal
from zhicheng.serving import serve_file

HOME_ITEMS = 6
notice_managers = role_required(Role.HR_ADMIN, Role.COMMITTEE_STAFF)


def _published() -> QuerySet[Notice]:
    return Notice.objects.filter(published_at__isnull=False, published_at__lte=timezone.now())


def index(request: HttpRequest) -> HttpResponse:
    """The public front page: sign in, register, the latest notices and policies."""
    latest = _published().select_related("committee").order_by("-published_at", "-id")
    return render(
        request,
        "portal/index.html",
        {
            "notices": list(latest.filter(kind=Notice.Kind.NOTICE)[:HOME_ITEMS]),
            "policies": list(latest.filter(kind=Notice.Kind.POLICY)[:HOME_ITEMS]),
        },
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A stale or missing CSRF token: explain in Chinese, change nothing."""
    return render(request, "403_csrf.html", status=403)


@login_required
def ping(request: HttpRequest) -> HttpResponse:
    """The smallest signed-in page: the baseline the benchmark compares real pages with."""
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def notices(request: HttpRequest) -> HttpResponse:
    """通知公告 / 政策法规 list; `?kind=notice|policy` narrows it."""
    kind = request.GET.get("kind", "")
    rows = _published().select_related("committee", "region").order_by("-published_at", "-id")
    if kind in Notice.Kind.values:
        rows = rows.filter(kind=kind)
    else:
        kind = ""
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/notices.html",
        {"page": page, "kind": kind, "kinds": Notice.Kind.choices},
    )


@require_GET
def notice(request: HttpRequest, pk: int) -> HttpResponse:
    """One published notice with its attachments; a withdrawn one is a 404."""
    item = get_object_or_404(
        _published().select_related("committee", "region").prefetch_related("attachments"),
        pk=pk,
    )
    return render(request, "portal/notice.html", {"notice": item})


@require_GET
def notice_file(request: HttpRequest, pk: int, file_id: int) -> HttpResponseBase:
    """An attachment of a published notice, for anyone (notices are public)."""
    item = get_object_or_404(
        NoticeAttachment.objects.filter(notice__in=_published()), pk=file_id, notice_id=pk
    )
    return serve_file(item.file, item.display_name, item.content_type)


@require_GET
def committees(request: HttpRequest) -> HttpResponse:
    """评审委员会目录: every active committee with address and contacts, by region (2 queries)."""
    rows = (
        ReviewCommittee.objects.filter(is_active=True)
        .select_related("region")
        .prefetch_related(Prefetch("contacts", queryset=Contact.objects.order_by("id")))
        .order_by("region__sort_order", "region__code", "name")
    )
    groups = [(region, list(items)) for region, items in groupby(rows, key=lambda c: c.region)]
    return render(request, "portal/committees.html", {"groups": groups})


@require_GET
def help_page(request: HttpRequest) -> HttpResponse:
    """填报帮助: how to register, apply, submit, recall, print and pay."""
    return render(request, "portal/help.html")


# --- 通知公告管理 ------------------------------------------------------------------------------


@notice_managers
def manage_notices(request: HttpRequest) -> HttpResponse:
    """The notices this user may edit, newest first, withdrawn ones included."""
    user = signed_in_user(request)
    rows = (
        actions.manageable(user)
        .select_related("committee", "region", "author")
        .annotate(file_count=Count("attachments"))
        .order_by("-created_at", "-id")
    )
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    return render(request, "portal/manage_notices.html", {"page": page})


def _details(form: NoticeForm) -> actions.NoticeDetails:
    data = form.cleaned_data
    return actions.NoticeDetails(
        kind=data["kind"],
        title=data["title"],
        body=data["body"],
        region=data.get("region"),
        publish=bool(data.get("publish")),
    )


def _with_region(request: HttpRequest) -> bool:
    user = signed_in_user(request)
    return user.role == Role.HR_ADMIN and (
        user.admin_region is None or user.admin_region.level == "autonomous"
    )


@notice_managers
def create_notice(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if request.method == "POST":
        form = NoticeForm(request.POST, request.FILES, with_region=_with_region(request))
        if form.is_valid():
            try:
                actions.create_notice(user, _details(form), form.cleaned_data["attachments"])
            except Refused as refused:
                add_refusal(form, refused)
            else:
                messages.success(request, _("通知已保存。"))
                return redirect("portal:manage_notices")
    else:
        form = NoticeForm(with_region=_with_region(request))
    return render(request, "portal/notice_form.html", {"form": form, "notice": None})


@notice_managers
def edit_notice(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    item = get_object_or_404(actions.manageable(user).prefetch_related("attachments"), pk=pk)
    with_region = _with_region(request) and item.committee_id is None
    if request.method == "POST":
        form = NoticeForm(request.POST, request.FILES, with_region=with_region)
        if form.is_valid():
            try:
                actions.update_notice(
                    user, item.pk, _details(form), form.cleaned_data["attachments"]
                )
            except Refused as refused:
                add_refusal(form, refused)
            else:
                messages.success(request, _("通知已保存。"))
                return redirect("portal:manage_notices")
    else:
        form = NoticeForm(
            with_region=with_region,
            initial={
                "kind": item.kind,
                "title": item.title,
                "body": item.body,
                "region": item.region_id,
                "publish": item.is_published,
            },
        )
    return render(request, "portal/notice_form.html", {"form": form, "notice": item})


@require_POST
@notice_managers
def publish_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """发布 (publish=1) or 撤回 a notice in my scope."""
    published = request.POST.get("publish") == "1"
    actions.set_published(signed_in_user(request), pk, published)
    messages.success(request, _("已发布。") if published else _("已撤回，公众不再可见。"))
    return redirect("portal:manage_notices")


@require_POST
@notice_managers
def remove_notice_file(request: HttpRequest, pk: int, file_id: int) -> HttpResponse:
    actions.remove_attachment(signed_in_user(request), pk, file_id)
    messages.success(request, _("附件已删除。"))
    return redirect("portal:edit_notice", pk)
