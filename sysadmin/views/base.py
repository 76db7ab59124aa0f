"""What every 系统设置 page shares, and the index page."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.models import User
from accounts.permissions import hr_admin_required, signed_in_user
from sysadmin import scoping
from sysadmin.models import SettingChange

PER_PAGE = 50


def autonomous_only(user: User) -> None:
    """The catalogue and the templates serve every region: 403 for a prefecture admin."""
    if not scoping.is_autonomous_admin(user):
        raise PermissionDenied(_("资格目录和申请书模板由自治区人社管理员维护。"))


def page_of(request: HttpRequest, qs: Any) -> Any:
    return Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))


@require_GET
@hr_admin_required
def index(request: HttpRequest) -> HttpResponse:
    """系统设置: what can be set here, and the latest changes."""
    user = signed_in_user(request)
    changes = SettingChange.objects.select_related("actor")
    if not scoping.is_autonomous_admin(user):
        # A prefecture admin sees their own changes, not other regions' work.
        changes = changes.filter(actor=user)
    return render(
        request,
        "sysadmin/index.html",
        {"changes": changes[:10], "autonomous": scoping.is_autonomous_admin(user)},
    )
