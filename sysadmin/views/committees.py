"""系统设置 → 评审委员会 (facts, contacts, limits and fees, 评审范围, 申报时间, 审核流程) and
审核部门. The rules are `orgs`'; the steps are `sysadmin.actions`'."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import hr_admin_required, signed_in_user
from catalog.models import BusinessType, Level, Series
from lib import stale
from lib.refusal import Refused
from orgs import actions as org_actions
from orgs import chains as org_chains
from orgs import directory
from orgs.models import ApplicationWindow, ChainNode, Contact, FeeRule, ReviewChain
from sysadmin import actions, forms, scoping
from sysadmin.views.base import page_of
from zhicheng.refusals import add_refusal, flash_refusal, message_of

# ----------------------------------------------------------------------- committees


@require_GET
@hr_admin_required
def committees(request: HttpRequest) -> HttpResponse:
    """评审委员会 of the admin's region, with their limit, fee mode and counts."""
    user = signed_in_user(request)
    qs = (
        scoping.committees_for(user)
        .select_related("region")
        .annotate(window_count=Count("windows", distinct=True))
        .order_by("region__sort_order", "region__code", "name", "id")
    )
    page = page_of(request, qs)
    return render(request, "sysadmin/committees.html", {"page": page, "rows": page.object_list})


def _contact_initial(contacts: Any) -> list[dict[str, str]]:
    return [{"name": c.name, "phone": c.phone, "duty": c.duty} for c in contacts]


@hr_admin_required
def committee_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create a committee, or change its basic facts and contacts."""
    user = signed_in_user(request)
    committee = get_object_or_404(scoping.committees_for(user), pk=pk) if pk else None
    regions = scoping.committee_regions_for(user)
    if request.method == "POST":
        form = forms.CommitteeForm(request.POST, regions=regions)
        contacts = forms.ContactFormSet(request.POST, prefix="contacts")
        if form.is_valid() and contacts.is_valid():
            try:
                saved = actions.save_committee(
                    user,
                    form.facts(),
                    forms.contacts_of(contacts),
                    committee_id=committee.pk if committee else None,
                    version=form.cleaned_data["version"],
                )
            except Refused as error:
                add_refusal(form, error)
            else:
                messages.success(request, _("已保存评审委员会：%(n)s") % {"n": saved.name})
                return redirect("sysadmin:committees")
    elif committee is not None:
        form = forms.CommitteeForm(
            initial={
                "name": committee.name,
                "region": committee.region_id,
                "address": committee.address,
                "paper_deadline": committee.paper_deadline,
                "paper_contents": committee.paper_contents,
                "paper_binding": committee.paper_binding,
                "is_active": committee.is_active,
                "special_needs_meeting": committee.special_needs_meeting,
                "version": directory.committee_token(committee),
            },
            regions=regions,
        )
        contacts = forms.ContactFormSet(
            initial=_contact_initial(committee.contacts.all()), prefix="contacts"
        )
    else:
        form = forms.CommitteeForm(regions=regions)
        contacts = forms.ContactFormSet(prefix="contacts")
    return render(
        request,
        "sysadmin/committee_edit.html",
        {"form": form, "contacts": contacts, "committee": committee},
    )


@hr_admin_required
def committee_fees(request: HttpRequest, pk: int) -> HttpResponse:
    """提交次数上限 and 收费标准 of a committee."""
    user = signed_in_user(request)
    committee = get_object_or_404(scoping.committees_for(user), pk=pk)
    if request.method == "POST":
        form = forms.LimitsFeesForm(request.POST)
        if form.is_valid():
            try:
                actions.save_limits_and_fees(
                    user,
                    committee.pk,
                    submission_limit=form.cleaned_data["submission_limit"],
                    fee_mode=form.cleaned_data["fee_mode"],
                    amounts=form.amounts(),
                    version=form.cleaned_data["version"],
                )
            except Refused as error:
                add_refusal(form, error)
            else:
                messages.success(request, _("已保存提交次数和收费标准。"))
                return redirect("sysadmin:committees")
    else:
        rules = {r.level: r.amount for r in FeeRule.objects.filter(committee=committee)}
        initial: dict[str, Any] = {
            "submission_limit": committee.submission_limit,
            "fee_mode": committee.fee_mode,
            "version": directory.fees_token(committee),
        }
        for level in Level.values:
            initial[f"amount_{level}"] = rules.get(level)
        form = forms.LimitsFeesForm(initial=initial)
    return render(request, "sysadmin/committee_fees.html", {"form": form, "committee": committee})


# ---------------------------------------------------------------------------- windows


@require_GET
@hr_admin_required
def windows(request: HttpRequest, pk: int) -> HttpResponse:
    """申报时间 of a committee, one year at a time."""
    user = signed_in_user(request)
    committee = get_object_or_404(scoping.committees_for(user).select_related("region"), pk=pk)
    years = list(
        ApplicationWindow.objects.filter(committee=committee)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    try:
        year = int(request.GET.get("year") or (years[0] if years else timezone.localdate().year))
    except ValueError as error:
        raise Http404 from error
    rows = list(
        ApplicationWindow.objects.filter(committee=committee, year=year)
        .select_related("series", "specialty")
        .order_by("series__sort_order", "opens_at", "id")
    )
    for row in rows:
        row.version_token = stale.token(row)  # type: ignore[attr-defined]
    now = timezone.now()
    return render(
        request,
        "sysadmin/windows.html",
        {"committee": committee, "rows": rows, "year": year, "years": years, "now": now},
    )


@hr_admin_required
def window_edit(
    request: HttpRequest, pk: int | None = None, window_pk: int | None = None
) -> HttpResponse:
    """Create (under committee `pk`) or change (window `window_pk`) an application window."""
    user = signed_in_user(request)
    window = None
    if window_pk is not None:
        window = get_object_or_404(
            scoping.windows_for(user).select_related("committee"), pk=window_pk
        )
        committee = window.committee
    else:
        committee = get_object_or_404(scoping.committees_for(user), pk=pk)
    if request.method == "POST":
        form = forms.WindowForm(request.POST)
        if form.is_valid():
            try:
                saved, overlaps = actions.save_window(
                    user,
                    committee.pk,
                    form.window_data(),
                    window_id=window.pk if window else None,
                    version=form.cleaned_data["version"],
                )
            except Refused as error:
                add_refusal(form, error)
            else:
                messages.success(request, _("已保存申报时间。"))
                for other in overlaps:
                    messages.warning(
                        request,
                        _("注意：与已有申报时间 %(o)s 至 %(c)s（%(s)s）重叠，请确认是否有意为之。")
                        % {
                            "o": timezone.localtime(other.opens_at).strftime("%Y/%m/%d %H:%M"),
                            "c": timezone.localtime(other.closes_at).strftime("%Y/%m/%d %H:%M"),
                            "s": other.specialty.name if other.specialty else _("全部专业"),
                        },
                    )
                return redirect(
                    f"{reverse('sysadmin:windows', args=[committee.pk])}?year={saved.year}"
                )
    elif window is not None:
        form = forms.WindowForm(
            initial={
                "business_type": window.business_type,
                "year": window.year,
                "series": window.series_id,
                "specialty": window.specialty_id,
                "opens_at": timezone.localtime(window.opens_at),
                "closes_at": timezone.localtime(window.closes_at),
                "version": stale.token(window),
            }
        )
    else:
        form = forms.WindowForm()
    return render(
        request,
        "sysadmin/window_edit.html",
        {"form": form, "committee": committee, "window": window},
    )


@require_POST
@hr_admin_required
def window_delete(request: HttpRequest, window_pk: int) -> HttpResponse:
    user = signed_in_user(request)
    window = get_object_or_404(scoping.windows_for(user), pk=window_pk)
    try:
        actions.delete_window(user, window.pk, version=request.POST.get("version", ""))
    except Refused as error:
        flash_refusal(request, error)
    else:
        messages.success(request, _("已删除申报时间。"))
    return redirect(f"{reverse('sysadmin:windows', args=[window.committee_id])}?year={window.year}")


# ------------------------------------------------------------------------ departments


@require_GET
@hr_admin_required
def departments(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    qs = (
        scoping.departments_for(user)
        .select_related("region")
        .annotate(contact_count=Count("contacts"))
        .order_by("region__sort_order", "region__code", "name", "id")
    )
    page = page_of(request, qs)
    return render(request, "sysadmin/departments.html", {"page": page, "rows": page.object_list})


@hr_admin_required
def department_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = signed_in_user(request)
    department = get_object_or_404(scoping.departments_for(user), pk=pk) if pk else None
    regions = scoping.department_regions_for(user)
    if request.method == "POST":
        form = forms.DepartmentForm(request.POST, regions=regions)
        contacts = forms.ContactFormSet(request.POST, prefix="contacts")
        if form.is_valid() and contacts.is_valid():
            try:
                saved = actions.save_department(
                    user,
                    form.facts(),
                    forms.contacts_of(contacts),
                    department_id=department.pk if department else None,
                    version=form.cleaned_data["version"],
                )
            except Refused as error:
                add_refusal(form, error)
            else:
                messages.success(request, _("已保存审核部门：%(n)s") % {"n": saved.name})
                return redirect("sysadmin:departments")
    elif department is not None:
        form = forms.DepartmentForm(
            initial={
                "name": department.name,
                "kind": department.kind,
                "level": department.level,
                "region": department.region_id,
                "address": department.address,
                "is_active": department.is_active,
                "version": directory.department_token(department),
            },
            regions=regions,
        )
        contacts = forms.ContactFormSet(
            initial=_contact_initial(Contact.objects.filter(department=department)),
            prefix="contacts",
        )
    else:
        form = forms.DepartmentForm(regions=regions)
        contacts = forms.ContactFormSet(prefix="contacts")
    return render(
        request,
        "sysadmin/department_edit.html",
        {"form": form, "contacts": contacts, "department": department},
    )


# ----------------------------------------------------------------------------- chains


@require_GET
@hr_admin_required
def chains(request: HttpRequest, pk: int) -> HttpResponse:
    """A committee's current chain per business type, and how many versions each has."""
    user = signed_in_user(request)
    committee = get_object_or_404(scoping.committees_for(user), pk=pk)
    current = {
        c.business_type: c
        for c in ReviewChain.objects.filter(committee=committee, is_current=True).prefetch_related(
            Prefetch("nodes", queryset=ChainNode.objects.select_related("department"))
        )
    }
    counts = dict(
        ReviewChain.objects.filter(committee=committee)
        .values_list("business_type")
        .annotate(n=Count("id"))
        .values_list("business_type", "n")
    )
    rows = [
        {
            "type": value,
            "label": label,
            "chain": current.get(value),
            "versions": counts.get(value, 0),
        }
        for value, label in BusinessType.choices
    ]
    return render(request, "sysadmin/chains.html", {"committee": committee, "rows": rows})


@hr_admin_required
def chain_edit(request: HttpRequest, pk: int, business_type: str) -> HttpResponse:
    """Edit a chain: the nodes are saved as a new version; the old one stays for the
    applications already submitted on it."""
    user = signed_in_user(request)
    committee = get_object_or_404(scoping.committees_for(user), pk=pk)
    if business_type not in BusinessType.values:
        raise Http404
    chain = org_chains.current_chain(committee.pk, business_type)
    if request.method == "POST":
        formset = forms.NodeFormSet(request.POST, prefix="nodes")
        try:
            based_on = int(request.POST.get("based_on", ""))
        except ValueError:
            based_on = -1
        if formset.is_valid():
            try:
                saved = actions.save_chain(
                    user,
                    committee.pk,
                    business_type,
                    formset.nodes(),  # type: ignore[attr-defined]
                    based_on=based_on,
                )
            except Refused as error:
                formset._non_form_errors = formset.error_class([message_of(error)])  # type: ignore[attr-defined]  # noqa: SLF001
            else:
                messages.success(
                    request,
                    _("已保存为审核流程第 %(v)s 版，此前已提交的申请书仍按原流程办理。")
                    % {"v": saved.version},
                )
                return redirect("sysadmin:chains", pk=committee.pk)
    else:
        nodes = list(chain.nodes.all()) if chain else []
        formset = forms.NodeFormSet(
            prefix="nodes",
            initial=[
                {
                    "position": n.position,
                    "label": n.label,
                    "actor": n.actor,
                    "department": n.department_id,
                    "department_level": n.department_level,
                }
                for n in nodes
            ],
        )
        based_on = chain.version if chain else 0
    return render(
        request,
        "sysadmin/chain_edit.html",
        {
            "committee": committee,
            "formset": formset,
            "chain": chain,
            "based_on": based_on,
            "business_type_label": BusinessType(business_type).label,
        },
    )


# --------------------------------------------------------------------- 评审范围 (scopes)


@hr_admin_required
def committee_scopes(request: HttpRequest, pk: int) -> HttpResponse:
    """评审范围: which series and levels a committee judges (new applications are sent to
    a committee by it)."""
    user = signed_in_user(request)
    committee = get_object_or_404(scoping.committees_for(user).select_related("region"), pk=pk)
    scoped = list(committee.scopes.values_list("series_id", "level"))
    # Active series, and any switched-off series still in the scope so it can be removed.
    series = list(
        Series.objects.filter(Q(is_active=True) | Q(pk__in=[s for s, _level in scoped])).order_by(
            "sort_order", "code"
        )
    )
    if request.method == "POST":
        form = forms.ScopesForm(request.POST, series=series)
        if form.is_valid():
            try:
                change = actions.save_committee_scopes(
                    user, committee.pk, form.keys(), version=form.cleaned_data["version"]
                )
            except Refused as error:
                add_refusal(form, error)
            else:
                if change.changed:
                    messages.success(request, _("已保存评审范围：%(n)s") % {"n": committee.name})
                else:
                    messages.info(request, _("评审范围没有变化。"))
                return redirect("sysadmin:committees")
    else:
        form = forms.ScopesForm(
            initial={
                "scopes": [forms.ScopesForm.value_of(s, level) for s, level in scoped],
                "version": org_actions.scopes_token(committee.pk),
            },
            series=series,
        )
    return render(
        request,
        "sysadmin/committee_scopes.html",
        {"committee": committee, "form": form, "levels": Level.choices},
    )
