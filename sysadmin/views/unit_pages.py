"""Unit administration (基层工作单位) and hr_admin's list of 疑似重复单位 (URLs: `orgs:…`).

These pages moved here from `orgs` (ADR 0029): they need the accounts roles, and `orgs` sits
below `accounts`. The writes stay `orgs.actions`'.

A unit administrator only ever reaches their own unit: it comes from `request.user.unit`,
never from the URL. Anything addressed by an id is looked up in a queryset of what the
signed-in user may see, so someone else's id answers 404.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.models import Role, User
from accounts.permissions import hr_admin_required, signed_in_user, unit_admin_required
from audit.exports import export_table
from lib import stale
from lib.refusal import Refused
from orgs import actions
from orgs.forms import (
    RecommendersForm,
    ResolveFlagForm,
    UnitCompleteForm,
    UnitRenameForm,
    departments_of,
)
from orgs.models import BaseUnit, Region, SimilarUnitFlag
from orgs.regions import entry_regions, region_by_code
from sysadmin.scoping import hr_region
from sysadmin.tables import SimilarFlagTable, similar_flag_columns
from zhicheng.refusals import add_refusal, flash_refusal
from zhicheng.serving import serve_file
from zhicheng.tables import configure, wants_export


def own_unit(user: User) -> BaseUnit:
    """The unit of a unit administrator, read fresh for this request."""
    if user.unit_id is None:
        raise Http404
    return get_object_or_404(BaseUnit.objects.select_related("region", "county"), pk=user.unit_id)


@require_GET
@unit_admin_required
def unit(request: HttpRequest) -> HttpResponse:
    """单位信息: every fact of the unit, its recommending units and the name-change history."""
    unit = own_unit(signed_in_user(request))
    recommenders = unit.recommending_units.select_related("region").order_by(
        "region__sort_order", "name"
    )
    changes = unit.name_changes.select_related("changed_by")
    return render(
        request, "orgs/unit.html", {"unit": unit, "recommenders": recommenders, "changes": changes}
    )


@unit_admin_required
def unit_complete(request: HttpRequest) -> HttpResponse:
    """完善单位信息: the details a unit must give before it may review applications."""
    user = signed_in_user(request)
    unit = own_unit(user)
    if request.method == "POST":
        form = UnitCompleteForm(request.POST, request.FILES, unit=unit)
        if form.is_valid():
            try:
                actions.complete_unit(
                    unit.pk,
                    user,
                    version=form.cleaned_data["version"],
                    details=form.details(),
                    licence=form.cleaned_data["licence"],
                )
            except Refused as error:
                add_refusal(form, error)
            else:
                messages.success(request, _("单位信息已保存。"))
                return redirect("orgs:unit")
    else:
        form = UnitCompleteForm(
            initial=UnitCompleteForm.initial_for(unit, stale.token(unit)), unit=unit
        )
    return render(request, "orgs/unit_complete.html", {"unit": unit, "form": form})


@unit_admin_required
def unit_rename(request: HttpRequest) -> HttpResponse:
    """变更单位名称: a new name or code; the old values stay in the history below the form."""
    user = signed_in_user(request)
    unit = own_unit(user)

    def rename(version: str, new_name: str, new_uscc: str, reason: str) -> None:
        actions.rename_unit(
            unit.pk, user, version=version, new_name=new_name, new_uscc=new_uscc, reason=reason
        )

    return rename_page(request, unit, rename, "orgs/unit_rename.html", "orgs:unit")


def rename_page(
    request: HttpRequest,
    unit: BaseUnit,
    rename: Callable[[str, str, str, str], None],
    template: str,
    done: str,
) -> HttpResponse:
    """变更单位名称, for the unit itself or for hr_admin on its behalf: the form, the history.

    `rename(version, new_name, new_uscc, reason)` is the caller's action; a refusal is shown
    beside its field, what was typed kept.
    """
    if request.method == "POST":
        form = UnitRenameForm(request.POST, unit=unit)
        if form.is_valid():
            d = form.cleaned_data
            try:
                rename(d["version"], d["new_name"], d["new_uscc"], d["reason"])
            except Refused as error:
                add_refusal(form, error)
            else:
                messages.success(request, _("单位名称已变更，原名称和代码已记入变更记录。"))
                return redirect(done)
    else:
        form = UnitRenameForm(
            initial={
                "new_name": unit.name,
                "new_uscc": unit.uscc,
                "version": stale.token(unit),
            },
            unit=unit,
        )
    changes = unit.name_changes.select_related("changed_by")
    return render(
        request,
        template,
        {"unit": unit, "form": form, "similar": form.similar, "changes": changes},
    )


def _chosen_region(request: HttpRequest, unit: BaseUnit) -> Region:
    """The entry region whose departments are offered: ?region=code, else the unit's own."""
    code = request.POST.get("region") if request.method == "POST" else request.GET.get("region")
    region = region_by_code(code)
    if region is None:
        region = region_by_code(unit.region.entry_region.code)
    if region is None:
        raise Http404
    return region


@unit_admin_required
def unit_recommenders(request: HttpRequest) -> HttpResponse:
    """推荐单位: up to two, from the departments of any entry region; changeable at any time."""
    user = signed_in_user(request)
    unit = own_unit(user)
    region = _chosen_region(request, unit)
    current = list(
        unit.recommending_units.select_related("region").order_by("region__sort_order", "name")
    )
    choices = list(departments_of(region))
    if request.method == "POST":
        form = RecommendersForm(request.POST, region=region, current=current, choices=choices)
        if form.is_valid():
            try:
                saved = actions.set_recommenders(
                    unit.pk,
                    user,
                    version=form.cleaned_data["version"],
                    department_ids=form.cleaned_data["departments"],
                )
            except Refused as error:
                add_refusal(form, error)
            else:
                if saved:
                    names = "、".join(d.name for d in saved)
                    messages.success(request, _("推荐单位已保存：%(names)s。") % {"names": names})
                else:
                    messages.success(request, _("推荐单位已清空。"))
                return redirect("orgs:unit_recommenders")
    else:
        form = RecommendersForm(
            initial={
                "region": region.code,
                "departments": [d.pk for d in current],
                "version": stale.token(unit),
            },
            region=region,
            current=current,
            choices=choices,
        )
    context = {
        "unit": unit,
        "form": form,
        "region": region,
        "regions": entry_regions(),
        "current": current,
        "offered": len(choices),
    }
    return render(request, "orgs/unit_recommenders.html", context)


def _licence_units(user: User) -> QuerySet[BaseUnit]:
    """Units whose licence this user may see: their own unit, or every unit for hr_admin."""
    if user.role == Role.UNIT_ADMIN and user.unit_id is not None:
        return BaseUnit.objects.filter(pk=user.unit_id)
    if user.role == Role.HR_ADMIN:
        return _hr_units(user)
    return BaseUnit.objects.none()


@require_GET
@login_required
def licence(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The unit's licence scan, shown inline; 404 for anyone but its admins and hr_admin."""
    unit = get_object_or_404(_licence_units(signed_in_user(request)), pk=pk)
    return serve_file(unit.licence_scan, unit.licence_scan_name)


def _hr_units(user: User) -> QuerySet[BaseUnit]:
    region = hr_region(user)
    return BaseUnit.objects.all() if region is None else BaseUnit.objects.filter(region=region)


def _open_flags(user: User) -> QuerySet[SimilarUnitFlag]:
    flags = SimilarUnitFlag.objects.filter(resolved_at__isnull=True)
    region = hr_region(user)
    if region is not None:
        flags = flags.filter(unit__region=region)
    return flags.select_related(
        "unit__region", "unit__county", "similar_to__region", "similar_to__county"
    )


@require_GET
@hr_admin_required
def similar_units(request: HttpRequest) -> HttpResponse:
    """疑似重复单位: open flags, newest first, for hr_admin to check and resolve."""
    user = signed_in_user(request)
    table = SimilarFlagTable(_open_flags(user).order_by("-created_at", "-id"))
    if wants_export(request):
        return export_table(
            request,
            user,
            table,
            similar_flag_columns(),
            title=_("疑似重复单位"),
            ascii_name="similar-units",
        )
    configure(request, table)
    return render(request, "orgs/similar_units.html", {"table": table, "page": table.page})


@hr_admin_required
def similar_unit_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    """处理 a 疑似重复单位 flag: both units side by side, and a note."""
    user = signed_in_user(request)
    flag = get_object_or_404(_open_flags(user), pk=pk)
    if request.method == "POST":
        form = ResolveFlagForm(request.POST)
        if form.is_valid():
            try:
                actions.resolve_similar_flag(flag.pk, user, note=form.cleaned_data["note"])
            except Refused as error:
                flash_refusal(request, error)
            else:
                messages.success(
                    request,
                    _("已处理：%(a)s / %(b)s。") % {"a": flag.unit.name, "b": flag.similar_to.name},
                )
            return redirect("orgs:similar_units")
    else:
        form = ResolveFlagForm()
    return render(request, "orgs/similar_unit_resolve.html", {"flag": flag, "form": form})
