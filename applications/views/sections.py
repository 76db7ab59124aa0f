"""编辑申请书/提交 (every section with its state) and one section's page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.models import User
from accounts.permissions import applicant_required, signed_in_user
from applications import actions, display, readiness, workflow
from applications.forms import SectionEditor, VersionForm
from applications.models import Application, Attachment, CarriedOver, SlotFile, Status
from applications.views.common import (
    EXPIRED,
    GET_POST,
    NOT_EDITABLE,
    current_comments,
    header,
    last_return,
    own_application,
    precheck_context,
    template_sections,
)
from applications.workflow import Step
from catalog.models import AttachmentSlot, TemplateSection
from catalog.templates import template_version
from lib.refusal import Refused
from zhicheng.refusals import message_of


@dataclass
class SectionEntry:
    section: TemplateSection
    complete: bool | None  # None: filled in by the unit
    files: int
    comments: list[Any]


def _section_entries(app: Application, sections: list[TemplateSection]) -> list[SectionEntry]:
    prefetch_related_objects([app], *display.SAVED_ROWS)
    status = actions.section_status(app, sections)
    comments = current_comments(app)
    files: dict[str, int] = {}
    for placed in app.slot_files.all():
        files[placed.section_key] = files.get(placed.section_key, 0) + 1
    return [
        SectionEntry(
            section=s,
            complete=None if s.filled_by_unit else status.get(s.key, False),
            files=files.get(s.key, 0),
            comments=comments.get(s.key, []),
        )
        for s in sections
    ]


def _not_editable(request: HttpRequest, app: Application) -> HttpResponse:
    messages.info(request, str(NOT_EDITABLE))
    return redirect("applications:detail", app.pk)


@dataclass
class GapRow:
    """One thing 复制往年申请书 did not carry, with where to fill it in now."""

    label: str
    reason: str
    url: str  # "" when this year's template has no such section
    done: bool  # its section is complete now


@dataclass
class CarriedView:
    report: CarriedOver
    gaps: list[GapRow]


def carried_view(app: Application, entries: list[SectionEntry]) -> CarriedView | None:
    """What was copied from an earlier application, shown until the first submission."""
    if app.submission_count:
        return None
    try:
        report = app.carried_over
    except CarriedOver.DoesNotExist:
        return None
    status = {e.section.key: e.complete for e in entries}
    same_template = report.template_id == app.template_id
    rows = []
    for gap in report.gaps:
        key, slot = str(gap.get("section_key") or ""), str(gap.get("slot_key") or "")
        url = ""
        if key and same_template and key in status:
            url = reverse("applications:section", args=[app.pk, key])
            url += f"#slot-{slot}" if slot else ""
        rows.append(
            GapRow(str(gap["label"]), str(gap["reason"]), url, bool(url and status.get(key)))
        )
    return CarriedView(report, rows)


@require_GET
@applicant_required
def edit(request: HttpRequest, app_id: int) -> HttpResponse:
    """编辑申请书/提交: each section with its state, the return opinion, and 提交至工作单位."""
    user = signed_in_user(request)
    # The 继续教育 rule the 提交 panel checks comes with the application.
    app = own_application(request, app_id, reads=readiness.with_training_rule)
    if not workflow.can(Step.EDIT, app, user):
        return _not_editable(request, app)
    sections = template_sections(app)
    entries = _section_entries(app, sections)
    head = header(app, user)
    incomplete = [e for e in entries if e.complete is False]
    checks = readiness.submit_checks(app, head.deadline, [e.section for e in incomplete])
    context = {
        "app": app,
        "head": head,
        "entries": entries,
        "carried": carried_view(app, entries),
        "incomplete": incomplete,
        "submit_checks": checks,
        "submit_ready": readiness.can_submit(checks),
        "returned": last_return(app) if app.status == Status.RETURNED else None,
        "version_form": VersionForm(initial={"version": app.version}),
    }
    if app.submission_count == 0:
        # 资格预审 beside 提交至工作单位 before the first submission; on demand afterwards.
        context.update(precheck_context(app, user))
    return render(request, "applications/edit.html", context)


def _auto_values(app: Application, user: User) -> dict[str, str]:
    values = {
        key: display.auto_value(key, app)
        for key in (
            "number",
            "application_number",
            "qualification",
            "unit",
            "base_unit",
            "unit_nature",
            "name",
            "real_name",
            "specialty",
        )
    }
    # The applicant is the holder of the number: their own pages show it in full.
    values["id_number"] = values["idcard"] = user.id_number or ""
    return values


@dataclass
class SlotView:
    slot: AttachmentSlot
    placed: list[SlotFile]
    error: str = ""

    @property
    def full(self) -> bool:
        return len(self.placed) >= self.slot.max_files


def render_section(
    request: HttpRequest,
    app: Application,
    section: TemplateSection,
    editor: SectionEditor,
    *,
    version: int,
    error: str = "",
    slot_errors: Mapping[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = signed_in_user(request)
    sections = template_sections(app)
    entries = _section_entries(app, sections)
    own = [e for e in entries if not e.section.filled_by_unit]
    index = next(i for i, e in enumerate(own) if e.section.key == section.key)
    placed = [p for p in app.slot_files.all() if p.section_key == section.key]
    slots = [
        SlotView(
            slot,
            [p for p in placed if p.slot_key == slot.key],
            (slot_errors or {}).get(slot.key, ""),
        )
        for slot in section.slots.all()
    ]
    context = {
        "app": app,
        "head": header(app, user),
        "section": section,
        "editor": editor,
        "items": editor.items(_auto_values(app, user)) if not section.repeatable else [],
        "rows": editor.rows() if section.repeatable else [],
        "version": version,
        "error": error,
        "has_slot_error": any(sv.error for sv in slots),  # the error summary shows it too
        "entries": entries,
        "entry": own[index],
        "returned": last_return(app) if app.status == Status.RETURNED else None,
        "previous": own[index - 1].section if index > 0 else None,
        "next": own[index + 1].section if index + 1 < len(own) else None,
        "slots": slots,
        "library": list(Attachment.objects.filter(owner=user)) if slots else [],
    }
    return render(request, "applications/section.html", context, status=status)


def editable_section(app: Application, key: str) -> TemplateSection:
    """An applicant's section of the template (cached: read only), with fields and slots."""
    section = template_version(app.template).section(key)
    if section is None or section.filled_by_unit:
        raise Http404
    return section


def _version(value: Any) -> int | None:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None


@GET_POST
@applicant_required
def section(request: HttpRequest, app_id: int, key: str) -> HttpResponse:
    """One section: saved on its own, checked against the template; typed values kept on error."""
    user = signed_in_user(request)
    app = own_application(request, app_id)
    section = editable_section(app, key)
    fields = list(section.fields.all())
    prefetch_related_objects([app], *display.SAVED_ROWS)
    stored = next((s for s in app.section_data.all() if s.key == key), None)
    if request.method == "GET":
        if not workflow.can(Step.EDIT, app, user):
            return _not_editable(request, app)
        editor = SectionEditor.for_stored(section, fields, stored)
        return render_section(
            request, app, section, editor, version=stored.version if stored else 0
        )
    editor = SectionEditor(section, fields, request.POST)
    posted_version = _version(request.POST.get("section_version"))
    version = posted_version if posted_version is not None else (stored.version if stored else 0)
    if section.repeatable and "add_row" in request.POST:
        # 增加一行 without JavaScript: the same page with one more empty row, nothing saved.
        return render_section(request, app, section, editor.add_row(request.POST), version=version)
    if posted_version is None:
        return render_section(request, app, section, editor, version=version, error=str(EXPIRED))
    if not editor.is_valid():
        return render_section(
            request,
            app,
            section,
            editor,
            version=version,
            error=_("本栏目有填写错误，请按红色提示修改后再保存；未保存任何内容。"),
        )
    try:
        actions.save_section(user, app.pk, key, editor.cleaned(), expected_version=posted_version)
    except Refused as refused:
        return render_section(
            request, app, section, editor, version=version, error=message_of(refused)
        )
    messages.success(
        request, _("“%(title)s”已保存。") % {"title": f"{section.position} {section.title}"}
    )
    if "save_next" in request.POST:
        following = next(
            (
                s
                for s in template_version(app.template).applicant_sections
                if s.position > section.position
            ),
            None,
        )
        if following is not None:
            return redirect("applications:section", app.pk, following.key)
        return redirect("applications:edit", app.pk)
    return redirect("applications:section", app.pk, key)
