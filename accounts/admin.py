"""Accounts in the admin (superusers only): the list keeps ID numbers masked.

Full resident ID numbers never appear in a list or on a read-only page; only a superuser's
edit form holds the number, because only a superuser may correct it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.actions import record_role_change, role_snapshot
from accounts.forms import AdminUserAddForm, AdminUserChangeForm
from accounts.models import User
from accounts.permissions import signed_in_user

Fieldsets = list[tuple[Any, dict[str, Any]]]

PEOPLE_FIELDS = ("username", "real_name", "email", "mobile")
ORGANISATION_FIELDS = ("role", "unit", "department", "committee", "admin_region")
PRIVATE_FIELDS = ("masked_id", "id_card_scan_name")
USAGE_FIELDS = ("is_active", "last_login", "date_joined", "seconds_used")
VIEWER_FIELDS = (*PEOPLE_FIELDS, *PRIVATE_FIELDS, *ORGANISATION_FIELDS, *USAGE_FIELDS)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = AdminUserChangeForm
    add_form = AdminUserAddForm
    list_display = [
        "username",
        "real_name",
        "role",
        "masked_id",
        "mobile",
        "unit",
        "is_active",
        "last_login",
    ]
    list_filter = ["role", "is_active", "is_staff", "is_superuser"]
    list_select_related = ["unit"]
    ordering = ["username"]
    search_fields = ["username", "real_name", "email", "mobile"]
    autocomplete_fields = ["unit", "department", "committee", "admin_region"]
    readonly_fields = [
        "masked_id",
        "id_card_scan_name",
        "seconds_used",
        "notice_accepted_at",
        "last_login",
        "date_joined",
    ]

    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (
            _("个人信息"),
            {"fields": ["real_name", "email", "mobile", "id_number", "id_card_scan_name"]},
        ),
        (_("角色与单位"), {"fields": ORGANISATION_FIELDS}),
        (
            _("权限"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (
            _("使用情况"),
            {"fields": ["last_login", "date_joined", "seconds_used", "notice_accepted_at"]},
        ),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "username",
                    "usable_password",
                    "password1",
                    "password2",
                    "real_name",
                    "email",
                    "id_number",
                    *ORGANISATION_FIELDS,
                ],
            },
        ),
    ]
    # What hr_admin sees: the same facts, the ID number masked, no password hash.
    viewer_fieldsets = [
        (None, {"fields": PEOPLE_FIELDS}),
        (_("个人信息"), {"fields": PRIVATE_FIELDS}),
        (_("角色与单位"), {"fields": ORGANISATION_FIELDS}),
        (_("使用情况"), {"fields": USAGE_FIELDS}),
    ]

    @admin.display(description=_("身份证号"))
    def masked_id(self, obj: User) -> str:
        return obj.masked_id_number or "—"

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and not request.user.is_superuser:
            return self.viewer_fieldsets
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(
        self, request: HttpRequest, obj: Any = None
    ) -> list[str] | tuple[str, ...]:
        if not request.user.is_superuser:
            return VIEWER_FIELDS
        return self.readonly_fields

    def get_search_fields(self, request: HttpRequest) -> list[str] | tuple[str, ...]:
        if request.user.is_superuser:
            return [*self.search_fields, "=id_number"]
        return self.search_fields

    # A change of role, organisation, flags, groups or permissions is audited as such (the
    # site audits every save too); the snapshot is taken before the form is written.
    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        form.role_before = role_snapshot(obj) if change else {}
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        record_role_change(
            signed_in_user(request),
            form.instance,
            getattr(form, "role_before", {}),
            request=request,
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)
