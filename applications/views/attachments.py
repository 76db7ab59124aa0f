"""Attachments: upload into a slot, pick from the 附件库, remove, serve; the 附件库 page."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role, User
from accounts.permissions import applicant_required, signed_in_user
from applications import actions, workflow
from applications.actions.content import slot_full
from applications.forms import PickForm, SectionEditor, UploadForm
from applications.models import Application, Attachment, SectionData, SlotFile
from applications.scoping import visible_to
from applications.views.common import GET_POST, own_application
from applications.views.sections import editable_section, render_section
from applications.workflow import Step
from catalog.models import AttachmentSlot, TemplateSection
from lib.refusal import Refused
from zhicheng.refusals import flash_refusal, message_of
from zhicheng.serving import serve_file


def _slot_page(app: Application, key: str, slot_key: str) -> str:
    return reverse("applications:section", args=[app.pk, key]) + f"#slot-{slot_key}"


def _slot_refused(
    request: HttpRequest, app: Application, section: TemplateSection, slot_key: str, message: str
) -> HttpResponse:
    stored = SectionData.objects.filter(application=app, key=section.key).first()
    editor = SectionEditor.for_stored(section, list(section.fields.all()), stored)
    return render_section(
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


def _slot_precheck(app: Application, user: User, slot: AttachmentSlot, key: str) -> str:
    """The same refusals the action gives, checked before a file is stored at all."""
    refused = workflow.refusal(Step.ATTACH, app, user)
    if refused is not None:
        return refused
    used = SlotFile.objects.filter(application=app, section_key=key, slot_key=slot.key).count()
    return slot_full(used, slot.label, slot.max_files) or ""


@require_POST
@applicant_required
def upload(request: HttpRequest, app_id: int, key: str, slot_key: str) -> HttpResponse:
    """Upload a scan into a slot: checked by content, kept in the 附件库, placed in the slot."""
    user = signed_in_user(request)
    app = own_application(request, app_id)
    section = editable_section(app, key)
    slot = _slot_or_404(section, slot_key)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _slot_refused(request, app, section, slot_key, str(form.errors["file"][0]))
    refused = _slot_precheck(app, user, slot, key)
    if refused:
        return _slot_refused(request, app, section, slot_key, refused)
    checked = form.cleaned_data["file"]
    try:
        attachment = actions.store_attachment(user, checked)
        actions.place_attachment(user, app.pk, key, slot_key, attachment)
    except Refused as error:
        return _slot_refused(request, app, section, slot_key, message_of(error))
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
    section = editable_section(app, key)
    slot = _slot_or_404(section, slot_key)
    form = PickForm(request.POST, owner=user)
    if not form.is_valid():
        return _slot_refused(request, app, section, slot_key, str(form.errors["attachment"][0]))
    attachment = form.cleaned_data["attachment"]
    try:
        actions.place_attachment(user, app.pk, key, slot_key, attachment)
    except Refused as error:
        return _slot_refused(request, app, section, slot_key, message_of(error))
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
        except Refused as error:
            flash_refusal(request, error)
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
