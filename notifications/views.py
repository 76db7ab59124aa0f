"""消息: the signed-in user's inbox. Every query is scoped to the recipient."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import signed_in_user
from notifications import actions
from notifications.models import Message

PER_PAGE = 20
FILTERS = {"unread": {"read_at__isnull": True}, "read": {"read_at__isnull": False}}


@require_GET
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """我的消息: newest first, all / 未读 / 已读, paginated."""
    user = signed_in_user(request)
    show = request.GET.get("show", "")
    if show not in FILTERS:
        show = ""
    mine = Message.objects.filter(recipient=user)
    if show:
        mine = mine.filter(**FILTERS[show])
    rows = mine.select_related("application").order_by("-created_at", "-id")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "show": show, "unread": actions.unread_count(user)}
    return render(request, "notifications/inbox.html", context)


@require_GET
@login_required
def open_message(request: HttpRequest, message_id: int) -> HttpResponse:
    """Open a message: it becomes read, and the user goes where it points."""
    message = actions.mark_read(signed_in_user(request), message_id)
    target = message.link
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return redirect(target)
    return redirect("notifications:inbox")


@require_POST
@login_required
def mark_all_read(request: HttpRequest) -> HttpResponse:
    """全部标为已读."""
    count = actions.mark_all_read(signed_in_user(request))
    if count:
        messages.success(request, _("已将 %(n)s 条消息标为已读。") % {"n": count})
    return redirect("notifications:inbox")
