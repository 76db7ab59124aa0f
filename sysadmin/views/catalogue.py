"""系统设置 → 申请书模板, 资格目录 (series, titles, specialties) and 任职资格条件. The rules are
`catalog`'s; the steps are `sysadmin.actions`'."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import hr_admin_required, signed_in_user
from catalog import templates as catalog_templates
from catalog.actions import CATALOGUE_MODELS
from catalog.models import (
    FormTemplate,
    QualificationCondition,
    Series,
    Specialty,
    TemplateSection,
    Title,
)
from lib import stale
from lib.refusal import Refused
from sysadmin import actions, forms, scoping, template_forms
from sysadmin.views.base import autonomous_only, page_of
from zhicheng.refusals import add_refusal

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
    page = page_of(request, qs)
    rows = list(page.object_list)
    used = catalog_templates.templates_in_use(t.pk for t in rows)
    for row in rows:
        row.in_use = row.pk in used
    return render(
        request,
        "sysadmin/templates.html",
        {
            "page": page,
            "rows": rows,
            "autonomous": scoping.is_autonomous_admin(user),
            "create_form": template_forms.TemplateCreateForm(
                initial={"year": timezone.localdate().year}
            ),
        },
    )


@require_POST
@hr_admin_required
def template_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    autonomous_only(user)
    form = template_forms.TemplateCreateForm(request.POST)
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
    in_use = catalog_templates.template_in_use(template)
    if request.method == "POST":
        autonomous_only(user)
        form = template_forms.TemplateFactsForm(request.POST)
        if form.is_valid():
            try:
                saved = actions.save_template_facts(
                    user,
                    template.pk,
                    name=form.cleaned_data["name"],
                    is_published=form.cleaned_data["is_published"],
                    version=form.cleaned_data["version"],
                )
            except Refused as error:
                add_refusal(form, error)
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
        form = template_forms.TemplateFactsForm(
            initial={
                "name": template.name,
                "is_published": template.is_published,
                "version": stale.token(template),
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
            "copy_form": template_forms.TemplateCopyForm(initial={"year": template.year}),
        },
    )


@require_POST
@hr_admin_required
def template_copy(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    autonomous_only(user)
    template = get_object_or_404(FormTemplate, pk=pk)
    form = template_forms.TemplateCopyForm(request.POST)
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
    autonomous_only(user)
    template = get_object_or_404(FormTemplate.objects.select_related("series"), pk=pk)
    section = (
        get_object_or_404(TemplateSection, pk=section_pk, template=template)
        if section_pk is not None
        else None
    )
    in_use = catalog_templates.template_in_use(template)
    if request.method == "POST":
        form = template_forms.SectionForm(request.POST)
        fields = template_forms.FieldFormSet(request.POST, prefix="fields")
        slots = template_forms.SlotFormSet(request.POST, prefix="slots")
        if form.is_valid() and fields.is_valid() and slots.is_valid():
            try:
                saved = actions.save_section(
                    user,
                    template.pk,
                    form.facts(),
                    template_forms.fields_of(fields),
                    template_forms.slots_of(slots),
                    section_id=section.pk if section else None,
                    version=form.cleaned_data["version"],
                )
            except Refused as error:
                add_refusal(form, error)
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
        form = template_forms.SectionForm(
            initial={
                **template_forms.SectionForm.initial_for(section),
                "version": catalog_templates.section_token(section),
            }
        )
        fields = template_forms.FieldFormSet(
            prefix="fields",
            initial=[template_forms.FieldForm.initial_for(f) for f in section.fields.all()],
        )
        slots = template_forms.SlotFormSet(
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
        form = template_forms.SectionForm(
            initial={"position": next_position, "version": catalog_templates.section_token(None)}
        )
        fields = template_forms.FieldFormSet(prefix="fields")
        slots = template_forms.SlotFormSet(prefix="slots")
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


CATALOGUE_LABELS = {
    "series": gettext_lazy("系列"),
    "title": gettext_lazy("资格名称"),
    "specialty": gettext_lazy("专业"),
}


@hr_admin_required
def catalogue_edit(request: HttpRequest, kind: str, item_pk: int | None = None) -> HttpResponse:
    user = signed_in_user(request)
    autonomous_only(user)
    if kind not in CATALOGUE_MODELS:
        raise Http404
    model = CATALOGUE_MODELS[kind]
    form_class = template_forms.CATALOGUE_FORMS[kind]
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
            except Refused as error:
                add_refusal(form, error)
            else:
                messages.success(request, _("已保存。"))
                return redirect("sysadmin:catalogue")
    else:
        initial: dict[str, Any] = {}
        if item is not None:
            initial["version"] = stale.token(item)
        elif "series" in request.GET:
            initial["series"] = request.GET["series"]
        form = form_class(instance=item, initial=initial)
    return render(
        request,
        "sysadmin/catalogue_edit.html",
        {"form": form, "item": item, "kind_label": CATALOGUE_LABELS[kind]},
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
    page = page_of(request, rows)
    return render(
        request,
        "sysadmin/conditions.html",
        {"page": page, "rows": page.object_list, "autonomous": scoping.is_autonomous_admin(user)},
    )


@hr_admin_required
def condition_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the title, text or year of one 任职资格条件."""
    user = signed_in_user(request)
    autonomous_only(user)
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
            except Refused as error:
                add_refusal(form, error)
            else:
                messages.success(request, _("已保存任职资格条件：%(t)s") % {"t": d["title"]})
                return redirect("sysadmin:conditions")
    else:
        form = forms.ConditionTextForm(
            initial={
                "title": condition.title,
                "text": condition.text,
                "effective_year": condition.effective_year,
                "version": stale.token(condition),
            }
        )
    return render(request, "sysadmin/condition_edit.html", {"condition": condition, "form": form})
