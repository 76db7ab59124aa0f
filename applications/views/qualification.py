"""新增申请书 (business type, series → title → specialty, unit, committee) and 更改资格."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import applicant_required, signed_in_user
from applications import actions, carry, rules
from applications.forms import (
    ChangeForm,
    CreateForm,
    QualificationPick,
    pick_qualification,
    search_units,
    to_int,
)
from applications.models import Application, CarriedOver
from applications.views.common import GET_POST, header, own_application
from applications.views.lists import list_url
from catalog.models import BusinessType
from lib.refusal import Refused
from orgs.models import BaseUnit, ReviewCommittee
from zhicheng.refusals import add_refusal


def _committee_choice(
    params: Mapping[str, Any], committees: list[ReviewCommittee], current: int | None = None
) -> int | None:
    wanted = to_int(params.get("committee")) or current
    ids = [c.pk for c in committees]
    if wanted in ids:
        return wanted
    return ids[0] if ids else None


def _chosen_unit(params: Mapping[str, Any]) -> BaseUnit | None:
    unit_id = to_int(params.get("unit"))
    if unit_id is None:
        return None
    return BaseUnit.objects.select_related("region", "county").filter(pk=unit_id).first()


# Where each field of the step pages is drawn: the error summary links there (a radio group's
# wrapper; static/js/errors.js focuses its first choice).
_ANCHORS = {
    "series": "id_series",
    "title": "id_title",
    "specialty": "id_specialty",
    "unit": "id_q",
    "committee": "committee-choices",
    "copy_from": "copy-sources",
}


@dataclass(frozen=True)
class ErrorLink:
    """One line of the error summary: the message and the id of the field it links to."""

    message: str
    anchor: str = ""


def _errors(
    form: Any, pick: QualificationPick | None = None
) -> tuple[list[ErrorLink], dict[str, list[str]]]:
    """Every message of a refused form and why a title that was asked for is not offered: the
    lines of the error summary at the top of a step-by-step page (GOV.UK pattern, ADR 0040),
    and each field's messages to draw beside it."""
    beside: dict[str, list[str]] = {}
    if form is not None:
        for name, errors in form.errors.items():
            beside.setdefault(name if name in _ANCHORS else "", []).extend(str(e) for e in errors)
    if pick is not None and pick.refusal and pick.refusal not in beside.get("title", []):
        beside.setdefault("title" if pick.series else "", []).append(pick.refusal)
    anchors = dict(_ANCHORS)
    if pick is None or pick.series is None:  # the title and specialty lists are not drawn
        anchors["title"] = anchors["specialty"] = anchors["series"]
    links = [
        ErrorLink(message, anchors.get(name, ""))
        for name, messages in beside.items()
        for message in messages
    ]
    beside.pop("", None)
    return links, beside


@GET_POST
@applicant_required
def create(request: HttpRequest, business_type: str = BusinessType.REVIEW) -> HttpResponse:
    """新增申请书: business type, then series → title → specialty, base unit, committee."""
    if business_type not in BusinessType.values:
        raise Http404
    user = signed_in_user(request)
    year = timezone.localdate().year  # the year create_application files it under
    earlier = carry.earlier_applications(user, year)
    form: CreateForm | None = None
    if request.method == "POST":
        form = CreateForm(request.POST, business_type=business_type, year=year, earlier=earlier)
        if form.is_valid():
            d = form.cleaned_data
            try:
                app = actions.create_application(
                    user,
                    title=d["title"],
                    specialty=d["specialty"],
                    unit=d["unit"],
                    committee=d["committee"],
                    business_type=business_type,
                    copy_from=d["copy_from"].pk if d["copy_from"] else None,
                )
            except Refused as refused:
                add_refusal(form, refused)
            else:
                messages.success(
                    request,
                    _(
                        "申请书 %(number)s 已新增：%(label)s。请逐栏填写并上传附件，然后提交至工作单位。"
                    )
                    % {"number": app.number, "label": app.qualification_label},
                )
                if d["copy_from"]:
                    _copied_message(request, app)
                return redirect("applications:edit", app.pk)
    params = request.POST if request.method == "POST" else request.GET
    query = str(params.get("q", "")).strip()[:100]
    units, more_units = search_units(query)
    unit = _chosen_unit(params)
    if unit is not None and unit not in units:
        units.insert(0, unit)
    pick = pick_qualification(params, business_type=business_type, year=year, unit=unit)
    committees = rules.committees_for(unit, pick.title) if unit and pick.title else []
    sources = list(earlier) if pick.complete and unit else []
    errors, beside = _errors(form, pick)
    context = {
        "sources": sources,
        # Latest by year unless the page was sent with another choice (blank: 不复制).
        "copy_choice": (
            str(params.get("copy_from", ""))
            if "copy_from" in params
            else (str(sources[0].pk) if sources else "")
        ),
        "copy_error": beside.get("copy_from", []),
        "business_type": business_type,
        "business_label": BusinessType(business_type).label,
        "list_url": list_url(None if business_type == BusinessType.REVIEW else business_type),
        "pick": pick,
        "query": query,
        "units": units,
        "more_units": more_units,
        "searched": "q" in params,
        "unit": unit,
        "committees": committees,
        "committee_id": _committee_choice(params, committees),
        "errors": errors,
        "field_errors": beside,
    }
    return render(request, "applications/create.html", context)


def _copied_message(request: HttpRequest, app: Application) -> None:
    """已从 2025 年的申请书复制 N 项内容, and what did not carry over, after 新增."""
    report = CarriedOver.objects.filter(application=app).first()
    if report is None:
        return
    summary = _(
        "已从 %(year)d 年的申请书 %(number)s 复制 %(n)d 项内容（其中附件 %(files)d 个）"
    ) % {
        "year": report.source_year,
        "number": report.source_number,
        "n": report.copied,
        "files": report.files,
    }
    if not report.gaps:
        messages.info(request, summary + _("。请逐一打开各栏目检查后再提交。"))
        return
    labels = [str(g["label"]) for g in report.gaps]
    shown = "、".join(labels[:5]) + (
        _("等 %(n)d 项") % {"n": len(labels)} if len(labels) > 5 else ""
    )
    messages.info(
        request,
        summary
        + _("，以下内容未能复制，请补填：%(items)s。详见下方“未能复制的内容”。") % {"items": shown},
    )


@GET_POST
@applicant_required
def change(request: HttpRequest, app_id: int) -> HttpResponse:
    """更改资格: another title (level), specialty or committee, while not submitted."""
    user = signed_in_user(request)
    app = own_application(request, app_id)
    form: ChangeForm | None = None
    if request.method == "POST":
        form = ChangeForm(
            request.POST, business_type=app.business_type, year=app.year, unit=app.unit
        )
        if form.is_valid():
            d = form.cleaned_data
            try:
                changed = actions.change_qualification(
                    user,
                    app.pk,
                    title=d["title"],
                    specialty=d["specialty"],
                    committee=d["committee"],
                    expected_version=d["version"],
                )
            except Refused as refused:
                add_refusal(form, refused)
            else:
                messages.success(
                    request,
                    _("申请资格已更改为 %(label)s。请逐一检查各栏目后再提交。")
                    % {"label": changed.qualification_label},
                )
                return redirect("applications:edit", changed.pk)
    params = request.POST if request.method == "POST" else request.GET
    pick: QualificationPick = pick_qualification(
        params,
        business_type=app.business_type,
        year=app.year,
        unit=app.unit,
        series_id=app.series_id,
        title_id=app.title_id,
        specialty_id=app.specialty_id,
    )
    committees = rules.committees_for(app.unit, pick.title) if pick.title else []
    version = to_int(params.get("version")) if request.method == "POST" else app.version
    errors, beside = _errors(form, pick)
    context = {
        "app": app,
        "head": header(app, user),
        "pick": pick,
        "committees": committees,
        "committee_id": _committee_choice(params, committees, current=app.committee_id),
        "version": version if version is not None else app.version,
        "errors": errors,
        "field_errors": beside,
        "unchanged": pick.title == app.title and pick.specialty == app.specialty,
    }
    return render(request, "applications/change.html", context)
