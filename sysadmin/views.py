"""系统设置 pages for hr_admin: committees, windows, fees, departments, chains, templates,
catalogue. Each view: access → scoped object (404 outside the admin's region) → form →
one action → redirect."""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from accounts.permissions import hr_admin_required, signed_in_user
from catalog.actions import condition_version
from catalog.models import (
    BusinessType,
    FormTemplate,
    Level,
    QualificationCondition,
    Series,
    Specialty,
    TemplateSection,
    Title,
)
from orgs import actions as org_actions
from orgs.forms import UnitRenameForm
from orgs.models import ApplicationWindow, ChainNode, Contact, FeeRule, ReviewChain
from sysadmin import actions, forms, scoping
from sysadmin.models import SettingChange

PER_PAGE = 50


def _apply_error(form: django_forms.BaseForm, error: actions.SettingsError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _autonomous_only(user: User) -> None:
    if not scoping.is_autonomous_admin(user):
        raise PermissionDenied(_("资格目录和申请书模板由自治区人社管理员维护。"))


def _page(request: HttpRequest, qs: Any) -> Any:
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
    page = _page(request, qs)
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
            except actions.SettingsError as error:
                _apply_error(form, error)
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
                "version": actions.committee_version(committee),
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
            except actions.SettingsError as error:
                _apply_error(form, error)
            else:
                messages.success(request, _("已保存提交次数和收费标准。"))
                return redirect("sysadmin:committees")
    else:
        rules = {r.level: r.amount for r in FeeRule.objects.filter(committee=committee)}
        initial: dict[str, Any] = {
            "submission_limit": committee.submission_limit,
            "fee_mode": committee.fee_mode,
            "version": actions.fees_version(committee),
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
        row.version_token = actions.version_of(row)  # type: ignore[attr-defined]
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
            except actions.SettingsError as error:
                _apply_error(form, error)
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
                return redirect(f"{_url('sysadmin:windows', committee.pk)}?year={saved.year}")
    elif window is not None:
        form = forms.WindowForm(
            initial={
                "business_type": window.business_type,
                "year": window.year,
                "series": window.series_id,
                "specialty": window.specialty_id,
                "opens_at": timezone.localtime(window.opens_at),
                "closes_at": timezone.localtime(window.closes_at),
                "version": actions.version_of(window),
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
    except actions.SettingsError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已删除申报时间。"))
    return redirect(f"{_url('sysadmin:windows', window.committee_id)}?year={window.year}")


def _url(name: str, *args: Any) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


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
    page = _page(request, qs)
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
            except actions.SettingsError as error:
                _apply_error(form, error)
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
                "version": actions.department_version(department),
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
    chain = actions.current_chain(committee, business_type)
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
            except actions.SettingsError as error:
                formset._non_form_errors = formset.error_class([error.message])  # type: ignore[attr-defined]  # noqa: SLF001
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


# -------------------------------------------------------------------------- templates


@require_GET
@hr_admin_required
def templates(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    qs = (
        FormTemplate.objects.select_related("series")
        .annotate(section_count=Count("sections"))
        .order_by("series__sort_order", "series__id", "business_type", "-year", "-version")
    )
    page = _page(request, qs)
    rows = list(page.object_list)
    from applications.models import Application

    used = set(
        Application.objects.filter(template__in=[t.pk for t in rows])
        .values_list("template_id", flat=True)
        .distinct()
    )
    for row in rows:
        row.in_use = row.pk in used
    return render(
        request,
        "sysadmin/templates.html",
        {
            "page": page,
            "rows": rows,
            "autonomous": scoping.is_autonomous_admin(user),
            "create_form": forms.TemplateCreateForm(initial={"year": timezone.localdate().year}),
        },
    )


@require_POST
@hr_admin_required
def template_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    _autonomous_only(user)
    form = forms.TemplateCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请完整填写系列、业务类型、年度和模板名称。"))
        return redirect("sysadmin:templates")
    template = actions.create_template(user, **form.cleaned_data)
    messages.success(request, _("已新增模板（未发布），请添加栏目。"))
    return redirect("sysadmin:template", pk=template.pk)


@hr_admin_required
def template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A template: its facts, its sections with fields and slots, copy to a new version."""
    user = signed_in_user(request)
    template = get_object_or_404(FormTemplate.objects.select_related("series"), pk=pk)
    in_use = actions.template_in_use(template)
    if request.method == "POST":
        _autonomous_only(user)
        form = forms.TemplateFactsForm(request.POST)
        if form.is_valid():
            try:
                saved = actions.save_template_facts(
                    user,
                    template.pk,
                    name=form.cleaned_data["name"],
                    is_published=form.cleaned_data["is_published"],
                    version=form.cleaned_data["version"],
                )
            except actions.SettingsError as error:
                _apply_error(form, error)
            else:
                if saved.pk != template.pk:
                    messages.warning(
                        request,
                        _("该模板已有申请书使用，修改已保存到新版本 v%(v)s（未发布）。")
                        % {"v": saved.version},
                    )
                else:
                    messages.success(request, _("已保存模板。"))
                return redirect("sysadmin:template", pk=saved.pk)
    else:
        form = forms.TemplateFactsForm(
            initial={
                "name": template.name,
                "is_published": template.is_published,
                "version": actions.template_version(template),
            }
        )
    sections = template.sections.prefetch_related("fields", "slots")
    return render(
        request,
        "sysadmin/template_detail.html",
        {
            "template": template,
            "sections": sections,
            "form": form,
            "in_use": in_use,
            "autonomous": scoping.is_autonomous_admin(user),
            "copy_form": forms.TemplateCopyForm(initial={"year": template.year}),
        },
    )


@require_POST
@hr_admin_required
def template_copy(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    _autonomous_only(user)
    template = get_object_or_404(FormTemplate, pk=pk)
    form = forms.TemplateCopyForm(request.POST)
    year = form.cleaned_data["year"] if form.is_valid() else None
    copy = actions.copy_template(user, template.pk, year=year)
    messages.success(
        request, _("已复制为 %(y)s 年第 %(v)s 版（未发布）。") % {"y": copy.year, "v": copy.version}
    )
    return redirect("sysadmin:template", pk=copy.pk)


@hr_admin_required
def section_edit(request: HttpRequest, pk: int, section_pk: int | None = None) -> HttpResponse:
    """Add or change a section of a template with its fields and attachment slots. A template
    in use is copied to a new version and the change lands on the copy."""
    user = signed_in_user(request)
    _autonomous_only(user)
    template = get_object_or_404(FormTemplate.objects.select_related("series"), pk=pk)
    section = (
        get_object_or_404(TemplateSection, pk=section_pk, template=template)
        if section_pk is not None
        else None
    )
    in_use = actions.template_in_use(template)
    if request.method == "POST":
        form = forms.SectionForm(request.POST)
        fields = forms.FieldFormSet(request.POST, prefix="fields")
        slots = forms.SlotFormSet(request.POST, prefix="slots")
        if form.is_valid() and fields.is_valid() and slots.is_valid():
            try:
                saved = actions.save_section(
                    user,
                    template.pk,
                    form.facts(),
                    forms.fields_of(fields),
                    forms.slots_of(slots),
                    section_id=section.pk if section else None,
                    version=form.cleaned_data["version"],
                )
            except actions.SettingsError as error:
                _apply_error(form, error)
            else:
                if saved.template_id != template.pk:
                    messages.warning(
                        request,
                        _("该模板已有申请书使用，修改已保存到新版本（未发布），原模板保持不变。"),
                    )
                else:
                    messages.success(request, _("已保存栏目：%(t)s") % {"t": saved.title})
                return redirect("sysadmin:template", pk=saved.template_id)
    elif section is not None:
        form = forms.SectionForm(
            initial={
                **forms.SectionForm.initial_for(section),
                "version": actions.section_version(section),
            }
        )
        fields = forms.FieldFormSet(
            prefix="fields",
            initial=[forms.FieldForm.initial_for(f) for f in section.fields.all()],
        )
        slots = forms.SlotFormSet(
            prefix="slots",
            initial=[
                {
                    "position": s.position,
                    "key": s.key,
                    "label": s.label,
                    "required": s.required,
                    "max_files": s.max_files,
                    "hint": s.hint,
                }
                for s in section.slots.all()
            ],
        )
    else:
        next_position = template.sections.count() + 1
        form = forms.SectionForm(
            initial={"position": next_position, "version": actions.section_version(None)}
        )
        fields = forms.FieldFormSet(prefix="fields")
        slots = forms.SlotFormSet(prefix="slots")
    return render(
        request,
        "sysadmin/section_edit.html",
        {
            "template": template,
            "section": section,
            "form": form,
            "fields": fields,
            "slots": slots,
            "in_use": in_use,
        },
    )


# -------------------------------------------------------------------------- catalogue


@require_GET
@hr_admin_required
def catalogue(request: HttpRequest) -> HttpResponse:
    """系列 with their titles and specialties."""
    user = signed_in_user(request)
    series = Series.objects.prefetch_related(
        Prefetch("titles", queryset=Title.objects.order_by("level", "sort_order", "id")),
        Prefetch("specialties", queryset=Specialty.objects.order_by("sort_order", "id")),
    ).order_by("sort_order", "code")
    return render(
        request,
        "sysadmin/catalogue.html",
        {"series_list": series, "autonomous": scoping.is_autonomous_admin(user)},
    )


CATALOGUE_LABELS = {"series": _("系列"), "title": _("资格名称"), "specialty": _("专业")}


@hr_admin_required
def catalogue_edit(request: HttpRequest, kind: str, item_pk: int | None = None) -> HttpResponse:
    user = signed_in_user(request)
    _autonomous_only(user)
    if kind not in actions.CATALOGUE_MODELS:
        raise Http404
    model = actions.CATALOGUE_MODELS[kind]
    form_class = forms.CATALOGUE_FORMS[kind]
    item = get_object_or_404(model, pk=item_pk) if item_pk is not None else None
    if request.method == "POST":
        form = form_class(
            request.POST,
            instance=model() if item is None else model._default_manager.get(pk=item.pk),
        )
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in form._meta.fields or []}
            try:
                actions.save_catalogue_item(
                    user,
                    kind,
                    values,
                    item_id=item.pk if item else None,
                    version=form.cleaned_data["version"],
                )
            except actions.SettingsError as error:
                _apply_error(form, error)
            else:
                messages.success(request, _("已保存。"))
                return redirect("sysadmin:catalogue")
    else:
        initial: dict[str, Any] = {}
        if item is not None:
            initial["version"] = actions.version_of(item)
        elif "series" in request.GET:
            initial["series"] = request.GET["series"]
        form = form_class(instance=item, initial=initial)
    return render(
        request,
        "sysadmin/catalogue_edit.html",
        {"form": form, "item": item, "kind_label": CATALOGUE_LABELS[kind]},
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
            except actions.SettingsError as error:
                _apply_error(form, error)
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
                "version": org_actions.scopes_version(committee.pk),
            },
            series=series,
        )
    return render(
        request,
        "sysadmin/committee_scopes.html",
        {"committee": committee, "form": form, "levels": Level.choices},
    )


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
    page = _page(request, qs)
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
    page = Paginator(qs.order_by("region__sort_order", "name", "id"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "sysadmin/units.html",
        {"page": page, "rows": page.object_list, "form": form},
        status=200 if form.is_valid() else 400,
    )


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
            except actions.SettingsError as error:
                _apply_error(form, error)
            else:
                messages.success(request, _("已保存单位信息：%(n)s") % {"n": unit.name})
                return redirect("sysadmin:units")
    else:
        form = forms.UnitDetailsForm(
            initial=forms.UnitDetailsForm.initial_for(unit, org_actions.unit_version(unit)),
            unit=unit,
        )
    return render(request, "sysadmin/unit_edit.html", {"unit": unit, "form": form})


@hr_admin_required
def unit_rename(request: HttpRequest, pk: int) -> HttpResponse:
    """变更单位名称 on the unit's behalf: the unit's own form and history."""
    user = signed_in_user(request)
    unit = _unit_of(user, pk)
    if request.method == "POST":
        form = UnitRenameForm(request.POST, unit=unit)
        if form.is_valid():
            d = form.cleaned_data
            try:
                actions.rename_unit(
                    user,
                    unit.pk,
                    new_name=d["new_name"],
                    new_uscc=d["new_uscc"],
                    reason=d["reason"],
                    version=d["version"],
                )
            except actions.SettingsError as error:
                _apply_error(form, error)
            else:
                messages.success(request, _("单位名称已变更，原名称和代码已记入变更记录。"))
                return redirect("sysadmin:units")
    else:
        form = UnitRenameForm(
            initial={
                "new_name": unit.name,
                "new_uscc": unit.uscc,
                "version": org_actions.unit_version(unit),
            },
            unit=unit,
        )
    changes = unit.name_changes.select_related("changed_by")
    return render(
        request,
        "sysadmin/unit_rename.html",
        {"unit": unit, "form": form, "similar": form.similar, "changes": changes},
    )


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
    page = Paginator(qs.order_by("username", "id"), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "sysadmin/users.html",
        {"page": page, "rows": page.object_list, "form": form},
        status=200 if form.is_valid() else 400,
    )


# ------------------------------------------------------------------- 任职资格条件


@require_GET
@hr_admin_required
def conditions(request: HttpRequest) -> HttpResponse:
    """任职资格条件 of every series and level: the published texts (自治区 admins edit them)."""
    user = signed_in_user(request)
    rows = QualificationCondition.objects.select_related("series").order_by(
        "series__sort_order", "series__code", "level"
    )
    page = _page(request, rows)
    return render(
        request,
        "sysadmin/conditions.html",
        {"page": page, "rows": page.object_list, "autonomous": scoping.is_autonomous_admin(user)},
    )


@hr_admin_required
def condition_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the title, text or year of one 任职资格条件."""
    user = signed_in_user(request)
    _autonomous_only(user)
    condition = get_object_or_404(QualificationCondition.objects.select_related("series"), pk=pk)
    if request.method == "POST":
        form = forms.ConditionTextForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                actions.save_condition_text(
                    user,
                    condition.pk,
                    title=d["title"],
                    text=d["text"],
                    effective_year=d["effective_year"],
                    version=d["version"],
                )
            except actions.SettingsError as error:
                _apply_error(form, error)
            else:
                messages.success(request, _("已保存任职资格条件：%(t)s") % {"t": d["title"]})
                return redirect("sysadmin:conditions")
    else:
        form = forms.ConditionTextForm(
            initial={
                "title": condition.title,
                "text": condition.text,
                "effective_year": condition.effective_year,
                "version": condition_version(condition),
            }
        )
    return render(request, "sysadmin/condition_edit.html", {"condition": condition, "form": form})
