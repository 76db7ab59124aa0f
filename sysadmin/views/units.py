"""系统设置 → 行政区域 (read-only), 基层工作单位 (更正信息, 变更名称) and 用户查询 (read-only)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.models import User
from accounts.permissions import hr_admin_required, signed_in_user
from audit.exports import export_table
from lib import stale
from lib.refusal import Refused
from sysadmin import actions, forms, scoping
from sysadmin.tables import UnitTable, UserTable, unit_columns, user_columns
from sysadmin.views.base import page_of
from sysadmin.views.unit_pages import rename_page
from zhicheng.refusals import add_refusal
from zhicheng.tables import configure, wants_export

# ---------------------------------------------------------------------------- regions


@require_GET
@hr_admin_required
def regions(request: HttpRequest) -> HttpResponse:
    """行政区域, read-only: codes, names and flags come from the national division codes and
    are corrected by every load of the reference data (ADR 0003), so nothing here is edited."""
    user = signed_in_user(request)
    qs = (
        scoping.regions_for(user)
        .select_related("parent")
        .annotate(unit_count=Count("units", distinct=True))
        .order_by("sort_order", "code")
    )
    page = page_of(request, qs)
    return render(request, "sysadmin/regions.html", {"page": page, "rows": page.object_list})


# ------------------------------------------------------------------------- base units


@require_GET
@hr_admin_required
def units(request: HttpRequest) -> HttpResponse:
    """基层工作单位 of the admin's region, searchable by name or code."""
    user = signed_in_user(request)
    form = forms.UnitSearchForm(request.GET)
    qs = scoping.units_for(user).select_related("region", "county")
    if form.is_valid() and form.cleaned_data["q"]:
        text = form.cleaned_data["q"]
        qs = qs.filter(Q(name__icontains=text) | Q(uscc__icontains=text.upper()))
    elif not form.is_valid():
        qs = qs.none()
    table = UnitTable(qs.order_by("region__sort_order", "name", "id"))
    if wants_export(request) and form.is_valid():
        return export_table(
            request,
            user,
            table,
            unit_columns(),
            title=_("基层工作单位"),
            ascii_name="units",
            filters=_filters(form),
        )
    configure(request, table)
    return render(
        request,
        "sysadmin/units.html",
        {"table": table, "page": table.page, "form": form},
        status=200 if form.is_valid() else 400,
    )


def _filters(form: Any) -> str:
    """The search a list was filtered by, as 标签=值 pairs (a choice by its label) for the
    export's audit row."""
    pairs = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value:
            labels = {str(k): str(v) for k, v in getattr(field, "choices", ())}
            pairs.append(f"{field.label}={labels.get(str(value), value)}")
    return "; ".join(pairs)


def _unit_of(user: User, pk: int) -> Any:
    return get_object_or_404(scoping.units_for(user).select_related("region", "county"), pk=pk)


@hr_admin_required
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a unit's details (its 完善单位信息 fields, not the licence, name or code)."""
    user = signed_in_user(request)
    unit = _unit_of(user, pk)
    if request.method == "POST":
        form = forms.UnitDetailsForm(request.POST, unit=unit)
        if form.is_valid():
            try:
                actions.save_unit_details(
                    user, unit.pk, form.details(), version=form.cleaned_data["version"]
                )
            except Refused as error:
                add_refusal(form, error)
            else:
                messages.success(request, _("已保存单位信息：%(n)s") % {"n": unit.name})
                return redirect("sysadmin:units")
    else:
        form = forms.UnitDetailsForm(
            initial=forms.UnitDetailsForm.initial_for(unit, stale.token(unit)),
            unit=unit,
        )
    return render(request, "sysadmin/unit_edit.html", {"unit": unit, "form": form})


@hr_admin_required
def unit_rename(request: HttpRequest, pk: int) -> HttpResponse:
    """变更单位名称 on the unit's behalf: the unit's own form and history."""
    user = signed_in_user(request)
    unit = _unit_of(user, pk)

    def rename(version: str, new_name: str, new_uscc: str, reason: str) -> None:
        actions.rename_unit(
            user, unit.pk, new_name=new_name, new_uscc=new_uscc, reason=reason, version=version
        )

    return rename_page(request, unit, rename, "sysadmin/unit_rename.html", "sysadmin:units")


# ------------------------------------------------------------------------------ users


@require_GET
@hr_admin_required
def users(request: HttpRequest) -> HttpResponse:
    """用户, read-only: accounts of the admin's region by username, name or role. ID numbers
    are masked and cannot be searched (only a superuser may, in the admin)."""
    user = signed_in_user(request)
    form = forms.UserSearchForm(request.GET)
    qs = scoping.users_for(user).select_related(
        "unit", "department__region", "committee", "admin_region"
    )
    if form.is_valid():
        text, role = form.cleaned_data["q"], form.cleaned_data["role"]
        if text:
            qs = qs.filter(Q(username__icontains=text) | Q(real_name__icontains=text))
        if role:
            qs = qs.filter(role=role)
    else:
        qs = qs.none()
    table = UserTable(qs.order_by("username", "id"), viewer=user)
    if wants_export(request) and form.is_valid():
        return export_table(
            request,
            user,
            table,
            user_columns(user),
            title=_("用户查询"),
            ascii_name="users",
            filters=_filters(form),
        )
    configure(request, table)
    return render(
        request,
        "sysadmin/users.html",
        {"table": table, "page": table.page, "form": form},
        status=200 if form.is_valid() else 400,
    )
