"""The admin site: for superusers only (ADR 0004, superseded by ADR 0014 and ADR 0022).

It lives in audit, not in the project package: every change made here is audited, and the
project package sits below audit in the import layers (docs/adr/0031).

hr_admin works through 系统设置 (sysadmin), which keeps versions, region scoping and the
audit. Here only active superusers are admitted — `is_staff` alone is not enough. Signing in
happens on the platform's own page (region entry, lockout, second factor), never a second
login form; a signed-in user without access gets 403 instead of a login loop.

Every ModelAdmin registered on this site is given `AuditedAdmin`, so each add, change and
delete made here also writes a security audit row (who, what, from where).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.actions import record
from audit.models import AuditEvent


def is_admin_user(request: HttpRequest) -> bool:
    """Who may use the admin: an active superuser."""
    user = request.user
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


class PlatformAdminSite(admin.AdminSite):
    site_header = gettext_lazy("新疆专业技术人员职称管理平台 · 管理后台")
    site_title = gettext_lazy("职称管理平台")
    index_title = gettext_lazy("超级管理员后台")
    site_url = "/"

    def has_permission(self, request: HttpRequest) -> bool:
        return is_admin_user(request)

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if self.has_permission(request):
            return HttpResponseRedirect(reverse("admin:index", current_app=self.name))
        if request.user.is_authenticated:
            raise PermissionDenied(_("管理后台仅限超级管理员使用。人社管理员请使用“系统设置”。"))
        target = request.GET.get(REDIRECT_FIELD_NAME) or reverse(
            "admin:index", current_app=self.name
        )
        return redirect_to_login(target)

    def register(
        self,
        model_or_iterable: Any,
        admin_class: type[admin.ModelAdmin[Any]] | None = None,
        **options: Any,
    ) -> None:
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AuditedAdmin):
            admin_class = type(
                admin_class.__name__,
                (AuditedAdmin, admin_class),
                {"__module__": admin_class.__module__},
            )
        super().register(model_or_iterable, admin_class, **options)


def _audit(request: HttpRequest, verb: str, obj: Model, message: str = "") -> None:
    label = f"{obj._meta.verbose_name} #{obj.pk} {obj}"
    record(
        AuditEvent.Action.ADMIN_CHANGED,
        actor=request.user,  # type: ignore[arg-type]
        target=label,
        detail=f"{verb}{('：' + message) if message else ''}",
        request=request,
    )


class AuditedAdmin:
    """ModelAdmin mixin (added by the site to every registration): the admin's own history
    (LogEntry) plus one security audit row per object added, changed or deleted."""

    def log_addition(self, request: HttpRequest, obj: Model, message: Any) -> LogEntry:
        entry: LogEntry = super().log_addition(request, obj, message)  # type: ignore[misc]
        _audit(request, _("新增"), obj, entry.get_change_message())
        return entry

    def log_change(self, request: HttpRequest, obj: Model, message: Any) -> LogEntry:
        entry: LogEntry = super().log_change(request, obj, message)  # type: ignore[misc]
        _audit(request, _("修改"), obj, entry.get_change_message())
        return entry

    def log_deletions(self, request: HttpRequest, queryset: Iterable[Model]) -> Any:
        objects = list(queryset)
        entries = super().log_deletions(request, objects)  # type: ignore[misc]
        for obj in objects:
            _audit(request, _("删除"), obj)
        return entries


class ViewChangeOnly:
    """ModelAdmin mixin: records created by their owners (units register themselves; flags are
    raised by registration) are never added or deleted in the admin."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
