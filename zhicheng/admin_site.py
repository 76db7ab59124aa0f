"""The admin site: reference data editing for hr_admin (人社管理员) in this phase (ADR 0004).

Django's default site admits staff only. Here an active hr_admin is admitted too, and the
ModelAdmins that hr_admin may use opt in with `HrAdminEditable` (orgs/catalog admin).
Signing in happens on the platform's own page (region entry, lockout), never a second
login form; a signed-in user without access gets 403 instead of a login loop.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

HR_ADMIN = "hr_admin"


def is_hr_admin(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_authenticated and user.is_active and getattr(user, "role", "") == HR_ADMIN)


class PlatformAdminSite(admin.AdminSite):
    site_header = _("新疆专业技术人员职称管理平台 · 管理后台")
    site_title = _("职称管理平台")
    index_title = _("参考数据维护")
    site_url = "/"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and (user.is_staff or is_hr_admin(request)))

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if self.has_permission(request):
            return HttpResponseRedirect(reverse("admin:index", current_app=self.name))
        if request.user.is_authenticated:
            raise PermissionDenied(_("当前账号不能使用管理后台。"))
        target = request.GET.get(REDIRECT_FIELD_NAME) or reverse(
            "admin:index", current_app=self.name
        )
        return redirect_to_login(target)


class HrAdminEditable:
    """ModelAdmin mixin: hr_admin may view, add, change and delete; staff keep their permissions."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_hr_admin(request) or super().has_module_permission(request)  # type: ignore[misc]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_hr_admin(request) or super().has_view_permission(request, obj)  # type: ignore[misc]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return is_hr_admin(request) or super().has_add_permission(request, *args)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_hr_admin(request) or super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_hr_admin(request) or super().has_delete_permission(request, obj)  # type: ignore[misc]


class HrAdminViewChange(HrAdminEditable):
    """hr_admin may view and change, not add or delete (records created by their owners)."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        if is_hr_admin(request):
            return False
        return super(HrAdminEditable, self).has_add_permission(request, *args)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if is_hr_admin(request):
            return False
        return super(HrAdminEditable, self).has_delete_permission(request, obj)  # type: ignore[misc]
