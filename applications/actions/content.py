"""What the applicant fills in: sections and attachments, while the application is with them."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from applications import completeness, workflow
from applications.models import Application, Attachment, SectionData, SlotFile
from applications.workflow import Step
from catalog.models import TemplateSection
from catalog.templates import template_version
from lib import stale
from lib.files import CheckedUpload
from lib.refusal import Refused

SECTION_STALE = gettext_lazy(
    "该栏目已在其他窗口保存过，本次保存未执行。请刷新页面，核对后重新填写。"
)
# What an applicant's content step locks with the application: its template's row, whose
# revision keys the cached sections (`catalog.templates.template_version`).
WITH_TEMPLATE = ("template",)


def section_status(
    app: Application, sections: list[TemplateSection] | None = None
) -> dict[str, bool]:
    """Completeness per section key, for the applicant's sections (unit-filled ones excluded),
    from the rows as they are now (pages; 提交 reads the stored state, `completeness`)."""
    saved = {s.key: s.is_complete for s in app.section_data.all()}
    placed = {(f.section_key, f.slot_key) for f in app.slot_files.all()}
    if sections is None:
        sections = list(template_version(app.template).sections)
    return completeness.status(sections, saved, placed)


def save_section(
    applicant: User,
    app_id: int,
    section_key: str,
    cleaned: dict[str, Any],
    *,
    expected_version: int | None,
) -> SectionData:
    """Save one section's validated data. Only while the application is with the applicant.

    `expected_version` is the section's own version (not the application's): two tabs on
    two different sections do not get in each other's way. The application's stored
    completeness is brought up to date in the same transaction.
    """
    with transaction.atomic():
        app = workflow.take(Step.EDIT, applicant, app_id, related=WITH_TEMPLATE)
        section = template_version(app.template).section(section_key)
        if section is None or section.filled_by_unit:
            raise Http404
        row, created = SectionData.objects.select_for_update().get_or_create(
            application=app, key=section_key, defaults={"data": cleaned, "is_complete": True}
        )
        if not created:
            stale.check(expected_version, row.version, message=str(SECTION_STALE))
            row.data = cleaned
            row.is_complete = True
            row.version = F("version") + 1
            row.save(update_fields=["data", "is_complete", "version", "updated_at"])
            row.refresh_from_db()
        Application.objects.filter(pk=app.pk).update(
            version=F("version") + 1, **completeness.refresh(app)
        )
    return row


def store_attachment(owner: User, upload: CheckedUpload) -> Attachment:
    """Put a checked scan in the owner's 附件库; the same content is stored once."""
    digest = hashlib.sha256(upload.content).hexdigest()
    existing = Attachment.objects.filter(owner=owner, sha256=digest).first()
    if existing is not None:
        return existing
    attachment = Attachment(
        owner=owner,
        display_name=upload.display_name,
        kind=upload.kind,
        size=len(upload.content),
        sha256=digest,
    )
    attachment.file.save(upload.display_name, ContentFile(upload.content), save=False)
    try:
        with transaction.atomic():
            attachment.save()
    except IntegrityError:
        attachment.file.delete(save=False)
        return Attachment.objects.get(owner=owner, sha256=digest)
    return attachment


def slot_full(used: int, label: str, max_files: int) -> str | None:
    """Why another file may not go into a slot (None: it may)."""
    if used >= max_files:
        return _("“%(label)s”最多上传 %(n)d 个文件。") % {"label": label, "n": max_files}
    return None


def place_attachment(
    applicant: User, app_id: int, section_key: str, slot_key: str, attachment: Attachment
) -> SlotFile:
    """Put one of the applicant's own attachments into a slot (from an upload or the library)."""
    if attachment.owner_id != applicant.pk:
        raise Http404
    with transaction.atomic():
        app = workflow.take(Step.ATTACH, applicant, app_id, related=WITH_TEMPLATE)
        section = template_version(app.template).section(section_key)
        slot = (
            next((s for s in section.slots.all() if s.key == slot_key), None) if section else None
        )
        if section is None or slot is None:
            raise Http404
        used = SlotFile.objects.filter(
            application=app, section_key=section_key, slot_key=slot_key
        ).count()
        full = slot_full(used, slot.label, slot.max_files)
        if full:
            raise Refused(full)
        placed, _created = SlotFile.objects.get_or_create(
            application=app, section_key=section_key, slot_key=slot_key, attachment=attachment
        )
        Application.objects.filter(pk=app.pk).update(
            version=F("version") + 1, **completeness.refresh(app)
        )
    return placed


def remove_attachment(applicant: User, app_id: int, slot_file_id: int) -> None:
    """Take a file out of a slot (it stays in the 附件库)."""
    with transaction.atomic():
        app = workflow.take(Step.ATTACH, applicant, app_id, related=WITH_TEMPLATE)
        deleted, _count = SlotFile.objects.filter(pk=slot_file_id, application=app).delete()
        if not deleted:
            raise Http404
        Application.objects.filter(pk=app.pk).update(
            version=F("version") + 1, **completeness.refresh(app)
        )
