"""The applicant's pages: 我的申请书, 新增申请书, the sections, attachments, 附件库, and the
steps 提交 / 收回 / 更改资格 / 删除.

Every page reads top to bottom: decorators → the application fetched through
`visible_to(user)` (someone else's id is a 404) → form → one action → redirect. Views
never assign fields; `applications.actions` does every change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role, User
from accounts.permissions import applicant_required, signed_in_user
from applications import actions, carry, display, eligibility, rules
from applications.forms import (
    ChangeForm,
    CreateForm,
    PickForm,
    QualificationPick,
    SectionEditor,
    UploadForm,
    VersionForm,
    pick_qualification,
    search_units,
    to_int,
)
from applications.models import (
    Action,
    Application,
    Attachment,
    CarriedOver,
    HistoryEntry,
    SectionData,
    SlotFile,
    Status,
)
from applications.scoping import visible_to
from catalog.models import AttachmentSlot, BusinessType, TemplateSection
from orgs.models import BaseUnit, ReviewCommittee
from zhicheng.serving import serve_file

GET_POST = require_http_methods(["GET", "POST"])
NOT_EDITABLE = gettext_lazy("申请书已提交，审核期间不能修改。如需修改，请在单位审核前收回。")
EXPIRED = gettext_lazy("页面已过期，本次操作未执行。请刷新页面后重试。")


# --- fetching ------------------------------------------------------------------------------


def own_application(request: HttpRequest, app_id: int) -> Application:
    """The signed-in applicant's application with everything its header draws; else 404."""
    apps = display.for_list(visible_to(signed_in_user(request)))
    return get_object_or_404(apps, pk=app_id)


def template_sections(app: Application) -> list[TemplateSection]:
    return list(
        TemplateSection.objects.filter(template_id=app.template_id)
        .prefetch_related("fields", "slots")
        .order_by("position")
    )


def current_comments(app: Application) -> dict[str, list[Any]]:
    """栏目修改意见 of the latest submission round, by section key."""
    by_key: dict[str, list[Any]] = {}
    if app.submission_count:
        for comment in app.comments.filter(submission_no=app.submission_count).order_by(
            "position", "id"
        ):
            by_key.setdefault(comment.section_key, []).append(comment)
    return by_key


def last_return(app: Application) -> HistoryEntry | None:
    return (
        HistoryEntry.objects.filter(application=app, action=Action.RETURN)
        .order_by("-created_at", "-id")
        .first()
    )


@dataclass
class Header:
    """What the top of every page about one application shows."""

    app: Application
    chain: list[display.NodeView]
    deadline: rules.Deadline
    status: str
    limit: int

    @property
    def limit_reached(self) -> bool:
        return self.app.submission_count >= self.limit


def header(app: Application, now: datetime | None = None) -> Header:
    return Header(
        app=app,
        chain=display.chain_view(app, display.fixed_departments([app])),
        deadline=display.deadline(app, now or timezone.now()),
        status=display.status_line(app),
        limit=app.committee.submission_limit,
    )


# --- 我的申请书 -----------------------------------------------------------------------------


@dataclass
class Row:
    app: Application
    chain: list[display.NodeView]
    deadline: rules.Deadline
    status: str

    @property
    def can_edit(self) -> bool:
        return self.app.at_applicant

    @property
    def can_recall(self) -> bool:
        return self.app.status == Status.IN_REVIEW and self.app.position == 1

    @property
    def can_delete(self) -> bool:
        return self.app.at_applicant and self.app.submission_count == 0

    @property
    def returned(self) -> bool:
        return self.app.status == Status.RETURNED

    @property
    def limit_reached(self) -> bool:
        return self.app.submission_count >= self.app.committee.submission_limit


def create_url(business_type: str) -> str:
    """新增申请书 of a business type: 评审 at new/, the others under their own menu."""
    if business_type == BusinessType.REVIEW:
        return reverse("applications:create")
    return reverse(f"applications:create_{business_type}")


def list_url(business_type: str | None) -> str:
    if not business_type:
        return reverse("applications:list")
    return reverse(f"applications:list_{business_type}")


@require_GET
@applicant_required
def application_list(request: HttpRequest, business_type: str | None = None) -> HttpResponse:
    """我的申请书: every application of the applicant, in the same number of queries for 1 or 50.

    Under a business type's own menu (URL kwarg, or `?type=`) only that type's are listed.
    """
    user = signed_in_user(request)
    business_type = business_type or request.GET.get("type") or None
    if business_type is not None and business_type not in BusinessType.values:
        raise Http404
    was_returned = HistoryEntry.objects.filter(application=OuterRef("pk"), action=Action.RETURN)
    mine = visible_to(user)
    if business_type is not None:
        mine = mine.filter(business_type=business_type)
    apps = list(
        display.for_list(mine.annotate(was_returned=Exists(was_returned)))
        # What the fee and print links beside each application read (payments' template tag).
        .select_related("payment")
        .prefetch_related("committee__fee_rules")
    )
    departments = display.fixed_departments(apps)
    now = timezone.now()
    rows = [
        Row(
            app,
            chain=display.chain_view(app, departments),
            deadline=display.deadline(app, now),
            status=display.status_line(app),
        )
        for app in apps
    ]
    context = {
        "rows": rows,
        "business_type": business_type,
        "business_label": BusinessType(business_type).label if business_type else "",
        "create_url": create_url(business_type or BusinessType.REVIEW),
    }
    return render(request, "applications/list.html", context)


@require_GET
@applicant_required
def special_help(request: HttpRequest) -> HttpResponse:
    """特殊人才认定 填报帮助: the rule (新人社发〔2012〕85号 art. 4) and the flow, step by step."""
    return render(
        request,
        "applications/special_help.html",
        {
            "create_url": create_url(BusinessType.SPECIAL),
            "list_url": list_url(BusinessType.SPECIAL),
        },
    )


# --- 新增申请书 / 更改资格 ---------------------------------------------------------------------


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


def _errors(form: Any, pick: QualificationPick | None = None) -> list[str]:
    """Every message of a refused form, for the box at the top of a step-by-step page, and
    why a title that was asked for is not offered."""
    out: list[str] = []
    if form is not None:
        for errors in form.errors.values():
            out.extend(str(e) for e in errors)
    if pick is not None and pick.refusal and pick.refusal not in out:
        out.append(pick.refusal)
    return out


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
            except actions.ActionError as error:
                form.add_error(None, error.message)
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
    copy_error = [str(e) for e in form.errors.get("copy_from", [])] if form else []
    context = {
        "sources": sources,
        # Latest by year unless the page was sent with another choice (blank: 不复制).
        "copy_choice": (
            str(params.get("copy_from", ""))
            if "copy_from" in params
            else (str(sources[0].pk) if sources else "")
        ),
        "copy_error": copy_error,
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
        "errors": [e for e in _errors(form, pick) if e not in copy_error],
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
            except actions.ActionError as error:
                form.add_error(None, error.message)
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
    context = {
        "app": app,
        "head": header(app),
        "pick": pick,
        "committees": committees,
        "committee_id": _committee_choice(params, committees, current=app.committee_id),
        "version": version if version is not None else app.version,
        "errors": _errors(form, pick),
        "unchanged": pick.title == app.title and pick.specialty == app.specialty,
    }
    return render(request, "applications/change.html", context)


# --- 编辑申请书/提交 ---------------------------------------------------------------------------


@dataclass
class SectionEntry:
    section: TemplateSection
    complete: bool | None  # None: filled in by the unit
    files: int
    comments: list[Any]


def _section_entries(app: Application, sections: list[TemplateSection]) -> list[SectionEntry]:
    status = actions.section_status(app)
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
    app = own_application(request, app_id)
    if not app.at_applicant:
        return _not_editable(request, app)
    sections = template_sections(app)
    entries = _section_entries(app, sections)
    context = {
        "app": app,
        "head": header(app),
        "entries": entries,
        "carried": carried_view(app, entries),
        "incomplete": [e for e in entries if e.complete is False],
        "returned": last_return(app) if app.status == Status.RETURNED else None,
        "version_form": VersionForm(initial={"version": app.version}),
    }
    if app.submission_count == 0:
        # 资格预审 beside 提交至工作单位 before the first submission; on demand afterwards.
        context.update(_precheck_context(app))
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


def _render_section(
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
    placed = list(
        SlotFile.objects.filter(application=app, section_key=section.key).select_related(
            "attachment"
        )
    )
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
        "head": header(app),
        "section": section,
        "editor": editor,
        "items": editor.items(_auto_values(app, user)) if not section.repeatable else [],
        "rows": editor.rows() if section.repeatable else [],
        "version": version,
        "error": error,
        "entries": entries,
        "entry": own[index],
        "returned": last_return(app) if app.status == Status.RETURNED else None,
        "previous": own[index - 1].section if index > 0 else None,
        "next": own[index + 1].section if index + 1 < len(own) else None,
        "slots": slots,
        "library": list(Attachment.objects.filter(owner=user)) if slots else [],
    }
    return render(request, "applications/section.html", context, status=status)


def _editable_section(app: Application, key: str) -> TemplateSection:
    section = get_object_or_404(
        TemplateSection.objects.prefetch_related("fields", "slots"),
        template_id=app.template_id,
        key=key,
    )
    if section.filled_by_unit:
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
    section = _editable_section(app, key)
    fields = list(section.fields.all())
    stored = SectionData.objects.filter(application=app, key=key).first()
    if request.method == "GET":
        if not app.at_applicant:
            return _not_editable(request, app)
        editor = SectionEditor.for_stored(section, fields, stored)
        return _render_section(
            request, app, section, editor, version=stored.version if stored else 0
        )
    editor = SectionEditor(section, fields, request.POST)
    posted_version = _version(request.POST.get("section_version"))
    version = posted_version if posted_version is not None else (stored.version if stored else 0)
    if section.repeatable and "add_row" in request.POST:
        # 增加一行 without JavaScript: the same page with one more empty row, nothing saved.
        return _render_section(request, app, section, editor.add_row(request.POST), version=version)
    if posted_version is None:
        return _render_section(request, app, section, editor, version=version, error=str(EXPIRED))
    if not editor.is_valid():
        return _render_section(
            request,
            app,
            section,
            editor,
            version=version,
            error=_("本栏目有填写错误，请按红色提示修改后再保存；未保存任何内容。"),
        )
    try:
        actions.save_section(user, app.pk, key, editor.cleaned(), expected_version=posted_version)
    except actions.ActionError as refused:
        return _render_section(
            request, app, section, editor, version=version, error=refused.message
        )
    messages.success(
        request, _("“%(title)s”已保存。") % {"title": f"{section.position} {section.title}"}
    )
    if "save_next" in request.POST:
        following = (
            TemplateSection.objects.filter(
                template_id=app.template_id, position__gt=section.position, filled_by_unit=False
            )
            .order_by("position")
            .first()
        )
        if following is not None:
            return redirect("applications:section", app.pk, following.key)
        return redirect("applications:edit", app.pk)
    return redirect("applications:section", app.pk, key)


# --- attachments ---------------------------------------------------------------------------


def _slot_page(app: Application, key: str, slot_key: str) -> str:
    return reverse("applications:section", args=[app.pk, key]) + f"#slot-{slot_key}"


def _slot_refused(
    request: HttpRequest, app: Application, section: TemplateSection, slot_key: str, message: str
) -> HttpResponse:
    stored = SectionData.objects.filter(application=app, key=section.key).first()
    editor = SectionEditor.for_stored(section, list(section.fields.all()), stored)
    return _render_section(
        request,
        app,
        section,
        editor,
        version=stored.version if stored else 0,
        slot_errors={slot_key: message},
    )


def _slot_or_404(section: TemplateSection, slot_key: str) -> AttachmentSlot:
    slot = next((s for s in section.slots.all() if s.key == slot_key), None)
    if slot is None:
        raise Http404
    return slot


def _slot_precheck(app: Application, slot: AttachmentSlot, key: str) -> str:
    """The same refusals the action gives, checked before a file is stored at all."""
    if not app.at_applicant:
        return _("申请书已提交，审核期间不能修改附件。")
    used = SlotFile.objects.filter(application=app, section_key=key, slot_key=slot.key).count()
    if used >= slot.max_files:
        return _("“%(label)s”最多上传 %(n)d 个文件。") % {"label": slot.label, "n": slot.max_files}
    return ""


@require_POST
@applicant_required
def upload(request: HttpRequest, app_id: int, key: str, slot_key: str) -> HttpResponse:
    """Upload a scan into a slot: checked by content, kept in the 附件库, placed in the slot."""
    user = signed_in_user(request)
    app = own_application(request, app_id)
    section = _editable_section(app, key)
    slot = _slot_or_404(section, slot_key)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _slot_refused(request, app, section, slot_key, str(form.errors["file"][0]))
    refused = _slot_precheck(app, slot, key)
    if refused:
        return _slot_refused(request, app, section, slot_key, refused)
    checked = form.cleaned_data["file"]
    try:
        attachment = actions.store_attachment(user, checked)
        actions.place_attachment(user, app.pk, key, slot_key, attachment)
    except actions.ActionError as error:
        return _slot_refused(request, app, section, slot_key, error.message)
    messages.success(
        request,
        _("已上传“%(name)s”到“%(slot)s”。") % {"name": attachment.display_name, "slot": slot.label},
    )
    return redirect(_slot_page(app, key, slot_key))


@require_POST
@applicant_required
def pick(request: HttpRequest, app_id: int, key: str, slot_key: str) -> HttpResponse:
    """Put a file from the applicant's 附件库 into a slot."""
    user = signed_in_user(request)
    app = own_application(request, app_id)
    section = _editable_section(app, key)
    slot = _slot_or_404(section, slot_key)
    form = PickForm(request.POST, owner=user)
    if not form.is_valid():
        return _slot_refused(request, app, section, slot_key, str(form.errors["attachment"][0]))
    attachment = form.cleaned_data["attachment"]
    try:
        actions.place_attachment(user, app.pk, key, slot_key, attachment)
    except actions.ActionError as error:
        return _slot_refused(request, app, section, slot_key, error.message)
    messages.success(
        request,
        _("已从附件库选用“%(name)s”到“%(slot)s”。")
        % {"name": attachment.display_name, "slot": slot.label},
    )
    return redirect(_slot_page(app, key, slot_key))


@GET_POST
@applicant_required
def remove(request: HttpRequest, app_id: int, slotfile_id: int) -> HttpResponse:
    """Take a file out of a slot (it stays in the 附件库), after a confirmation page."""
    user = signed_in_user(request)
    app = own_application(request, app_id)
    placed = get_object_or_404(
        SlotFile.objects.select_related("attachment"), pk=slotfile_id, application=app
    )
    back = _slot_page(app, placed.section_key, placed.slot_key)
    if request.method == "POST":
        try:
            actions.remove_attachment(user, app.pk, placed.pk)
        except actions.ActionError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("已删除附件“%(name)s”（附件库中仍保留该文件）。")
                % {"name": placed.attachment.display_name},
            )
        return redirect(back)
    slot = (
        AttachmentSlot.objects.select_related("section")
        .filter(
            section__template_id=app.template_id,
            section__key=placed.section_key,
            key=placed.slot_key,
        )
        .first()
    )
    return render(
        request,
        "applications/remove.html",
        {"app": app, "placed": placed, "slot": slot, "back": back},
    )


def _serve(attachment: Attachment) -> HttpResponseBase:
    """A checked scan: inline under the file sandbox (zhicheng.serving)."""
    return serve_file(attachment.file, attachment.display_name, attachment.content_type)


@require_GET
@login_required
def attachment(request: HttpRequest, app_id: int, slotfile_id: int) -> HttpResponseBase:
    """A file placed in an application, for anyone who may see that application; else 404."""
    app = get_object_or_404(visible_to(signed_in_user(request)), pk=app_id)
    placed = get_object_or_404(
        SlotFile.objects.select_related("attachment"), pk=slotfile_id, application=app
    )
    return _serve(placed.attachment)


@dataclass
class Use:
    """Where a library file is placed: an application and its section/slot."""

    app: Application
    where: str
    order: tuple[int, int, int]


@require_GET
@applicant_required
def library(request: HttpRequest) -> HttpResponse:
    """附件库: the applicant's files, with where each one is used."""
    user = signed_in_user(request)
    files = list(
        Attachment.objects.filter(owner=user).prefetch_related(
            Prefetch(
                "uses",
                queryset=SlotFile.objects.select_related("application").order_by(
                    "application_id", "section_key", "slot_key"
                ),
            )
        )
    )
    template_ids = {u.application.template_id for f in files for u in f.uses.all()}
    slots = AttachmentSlot.objects.filter(section__template_id__in=template_ids).select_related(
        "section"
    )
    labels = {
        (s.section.template_id, s.section.key, s.key): (
            (s.section.position, s.position),
            f"{s.section.position} {s.section.title}/{s.label}",
        )
        for s in slots
    }
    rows = []
    for f in files:
        uses: list[Use] = []
        for u in f.uses.all():
            order, where = labels.get(
                (u.application.template_id, u.section_key, u.slot_key), ((0, 0), u.slot_key)
            )
            uses.append(Use(u.application, where, (u.application_id, *order)))
        uses.sort(key=lambda use: use.order)
        rows.append({"file": f, "uses": uses})
    return render(request, "applications/library.html", {"rows": rows})


@require_GET
@login_required
def library_file(request: HttpRequest, attachment_id: int) -> HttpResponseBase:
    """A file of the 附件库: only its owner may open it."""
    user = signed_in_user(request)
    if user.role != Role.APPLICANT:
        # As applicant_required does (its typing covers HttpResponse views only).
        raise PermissionDenied(_("当前账号的角色不能使用此功能。"))
    attachment = get_object_or_404(Attachment.objects.filter(owner=user), pk=attachment_id)
    return _serve(attachment)


# --- 提交 / 收回 / 删除 ------------------------------------------------------------------------


@require_POST
@applicant_required
def submit(request: HttpRequest, app_id: int) -> HttpResponse:
    """提交至工作单位, from the page's version of the application."""
    user = signed_in_user(request)
    app = own_application(request, app_id)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, str(EXPIRED))
        return redirect("applications:edit", app.pk)
    try:
        done = actions.submit(user, app.pk, expected_version=form.cleaned_data["version"])
    except actions.ActionError as error:
        messages.error(request, error.message)
        if app.at_applicant:
            return redirect("applications:edit", app.pk)
        return redirect("applications:list")
    messages.success(
        request,
        _("申请书已提交至工作单位（已提交 %(n)d/%(m)d 次），请通知单位管理员审核。")
        % {"n": done.submission_count, "m": app.committee.submission_limit},
    )
    return redirect("applications:list")


@GET_POST
@applicant_required
def recall(request: HttpRequest, app_id: int) -> HttpResponse:
    """收回: back to the applicant before the base unit has acted, after a confirmation."""
    user = signed_in_user(request)
    app = own_application(request, app_id)
    if request.method == "POST":
        form = VersionForm(request.POST)
        if not form.is_valid():
            messages.error(request, str(EXPIRED))
            return redirect("applications:list")
        try:
            actions.recall(user, app.pk, expected_version=form.cleaned_data["version"])
        except actions.ActionError as error:
            messages.error(request, error.message)
            return redirect("applications:list")
        messages.success(request, _("申请书已收回，可以继续编辑后重新提交。"))
        return redirect("applications:edit", app.pk)
    allowed = app.status == Status.IN_REVIEW and app.position == 1
    return render(
        request,
        "applications/recall.html",
        {
            "app": app,
            "head": header(app),
            "allowed": allowed,
            "form": VersionForm(initial={"version": app.version}),
        },
    )


@GET_POST
@applicant_required
def delete(request: HttpRequest, app_id: int) -> HttpResponse:
    """删除: only an application never submitted, after a confirmation page."""
    user = signed_in_user(request)
    app = own_application(request, app_id)
    if request.method == "POST":
        form = VersionForm(request.POST)
        if not form.is_valid():
            messages.error(request, str(EXPIRED))
            return redirect("applications:list")
        number, label = app.number, app.qualification_label
        try:
            actions.delete_application(user, app.pk, expected_version=form.cleaned_data["version"])
        except actions.ActionError as error:
            messages.error(request, error.message)
            return redirect("applications:list")
        messages.success(
            request,
            _("申请书 %(number)s（%(label)s）已删除。") % {"number": number, "label": label},
        )
        return redirect("applications:list")
    return render(
        request,
        "applications/delete.html",
        {
            "app": app,
            "head": header(app),
            "allowed": app.at_applicant and app.submission_count == 0,
            "form": VersionForm(initial={"version": app.version}),
        },
    )


# --- read-only pages -----------------------------------------------------------------------


@require_GET
@applicant_required
def opinions(request: HttpRequest, app_id: int) -> HttpResponse:
    """查看修改意见: the return opinion and each section's comments, in red."""
    app = own_application(request, app_id)
    comments = current_comments(app)
    sections = [s for s in template_sections(app) if s.key in comments]
    context = {
        "app": app,
        "head": header(app),
        "returned": last_return(app),
        "commented": [(s, comments[s.key]) for s in sections],
    }
    return render(request, "applications/opinions.html", context)


def _history(app: Application) -> QuerySet[HistoryEntry]:
    return (
        HistoryEntry.objects.filter(application=app)
        .select_related("actor")
        .order_by("created_at", "id")
    )


@require_GET
@applicant_required
def detail(request: HttpRequest, app_id: int) -> HttpResponse:
    """申请书信息 (every section read-only) and 申请书步骤 (the history)."""
    user = signed_in_user(request)
    app = own_application(request, app_id)
    comments = [c for group in current_comments(app).values() for c in group]
    roles = dict(Role.choices)
    steps = [{"entry": h, "role": roles.get(h.actor_role, h.actor_role)} for h in _history(app)]
    context = {
        "app": app,
        "head": header(app),
        "sections": display.sections_view(
            app, id_for_viewer=user.id_number or "", comments=comments
        ),
        "steps": steps,
    }
    return render(request, "applications/detail.html", context)


def _precheck_context(app: Application) -> dict[str, Any]:
    """资格预审 with links to where the applicant fills each thing in."""

    def url_for(key: str) -> str:
        if key == eligibility.TRAINING:
            return reverse("training:mine")
        if app.at_applicant:
            return reverse("applications:section", args=[app.pk, key])
        return reverse("applications:detail", args=[app.pk]) + f"#section-{key}"

    result = eligibility.precheck(app)
    return {"precheck": result, "precheck_rows": result.rows(url_for)}


@require_GET
@applicant_required
def precheck(request: HttpRequest, app_id: int) -> HttpResponse:
    """资格预审 on demand: each rule met or not, what is missing and where to fill it."""
    app = own_application(request, app_id)
    context = {"app": app, "head": header(app), "precheck_page": True, **_precheck_context(app)}
    return render(request, "applications/precheck.html", context)
