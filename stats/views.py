"""统计: applications, pass rates, waiting times and the deadline wave, for hr_admin and
committee staff, each figure with its table, chart and Excel download."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.models import User
from accounts.permissions import role_required, signed_in_user
from audit.actions import record
from audit.models import AuditEvent
from catalog.models import Series
from orgs.regions import entry_regions
from stats import export
from stats.figures import FIGURES
from stats.forms import StatsFilterForm
from stats.scope import Lookups, Scope, apply_filters
from stats.scoping import (
    STATS_ROLES,
    applications_for,
    own_committee_id,
    region_choices_for,
    scope_label,
)
from zhicheng.serving import serve_bytes

stats_required = role_required(*STATS_ROLES)


def _form(request: HttpRequest, user: User) -> tuple[StatsFilterForm, list[Any], list[Series]]:
    regions = entry_regions()
    series = list(Series.objects.order_by("sort_order", "code"))
    data: QueryDict = request.GET.copy()
    if "year" not in data:
        # The page opens on this year; an empty 年度 (清空) counts every year.
        data["year"] = str(timezone.localdate().year)
    form = StatsFilterForm(data, regions=region_choices_for(user, regions), series=series)
    return form, regions, series


def _scope(user: User, form: StatsFilterForm, regions: list[Any], series: list[Series]) -> Scope:
    filters = form.filters()
    return Scope(
        applications=apply_filters(applications_for(user), filters),
        group=form.grouping(),
        lookups=Lookups.build(regions, series),
        filters=filters,
        now=timezone.now(),
        committee_id=own_committee_id(user),
    )


def _page(request: HttpRequest, *, status: int = 200) -> HttpResponse:
    user = signed_in_user(request)
    form, regions, series = _form(request, user)
    scope = _scope(user, form, regions, series)
    figures = [build(scope) for build in FIGURES.values()]
    return render(
        request,
        "stats/index.html",
        {
            "form": form,
            "figures": figures,
            "scope_label": scope_label(user),
            "has_errors": bool(form.errors),
        },
        status=400 if form.errors else status,
    )


@require_GET
@stats_required
def index(request: HttpRequest) -> HttpResponse:
    """统计: every figure for the filters chosen; a bad filter is named and left out."""
    return _page(request)


@require_GET
@stats_required
def export_figure(request: HttpRequest, key: str) -> HttpResponse:
    """导出 Excel of one figure, exactly as the page draws it for these filters; audited."""
    build = FIGURES.get(key)
    if build is None:
        raise Http404
    user = signed_in_user(request)
    form, regions, series = _form(request, user)
    if form.errors:
        messages.error(request, _("筛选条件有误，请按提示更正后再导出。"))
        return _page(request, status=400)
    figure = build(_scope(user, form, regions, series))
    if figure.unavailable:
        messages.error(request, figure.unavailable)
        return _page(request, status=400)
    now = timezone.localtime()
    description = form.description()
    content = export.workbook_bytes(
        figure, scope=scope_label(user), filters=description, generated_at=now
    )
    record(
        AuditEvent.Action.EXPORTED,
        actor=user,
        target=_("统计：%(title)s") % {"title": figure.title},
        detail=_("%(n)s 行；筛选：%(f)s") % {"n": len(figure.rows), "f": description},
        request=request,
    )
    return serve_bytes(
        content,
        _("统计-%(title)s-%(when)s.xlsx") % {"title": figure.title, "when": f"{now:%Y%m%d-%H%M%S}"},
        export.XLSX_CONTENT_TYPE,
        ascii_name=f"stats-{key}.xlsx",
    )
