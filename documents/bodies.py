"""The official 评审表's body: laid out once when its content is frozen, kept, stamped per print.

After 通过形式审核 nothing of what a 评审表 shows can change: the workflow has no step out of
PASSED, every earlier step changed the application's `version`, and the applicant's sections
and the unit's recommendation are closed. So the form is laid out once — on a task worker,
enqueued when the application passes (`documents.tasks`) — with its marking hidden, for each
ID-number form (the holder's own print shows the number whole, everyone else's masked), and
kept in private storage with a `ReviewFormBody` row: the application's version it was laid
out from, the layout (`layout_key`: the form's templates, its layout code and WeasyPrint's
version), where each page's marking goes. A print reads the body and stamps its own marking
on it (`documents.stamping`): a few milliseconds instead of a whole layout.

A body that is missing, stale (another version or layout) or unreadable is laid out in the
request and kept, so a print always works; the file store being unreachable is the 503 page
(`zhicheng.storage.StorageUnavailable`), before any print record is written. The file is
written before the row points at it; a replaced file is removed once the new row commits.
docs/adr/0041-stamped-review-form.md.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import get_template

from accounts.models import User
from applications import display
from applications.models import Application, Status
from documents import printing, sheets, stamping
from documents.models import BODY_FOLDER, ReviewFormBody
from lib.visibility import may_see_full_id
from zhicheng.storage import is_storage_outage
from zhicheng.uploads import private_storage

log = logging.getLogger(__name__)

TEMPLATES = (
    "documents/review_form.html",
    "documents/_block.html",
    "documents/_opinion.html",
    "documents/_marking.html",
    "documents/_print.css",
)
# What lays the form out besides its templates: a deploy changing any of it lays bodies out again.
CODE = (printing, sheets, stamping, display)


@cache
def layout_key() -> str:
    """A short hash of what lays a 评审表 out (templates, code, WeasyPrint's version)."""
    digest = hashlib.sha256()
    for name in TEMPLATES:
        template = get_template(name)
        digest.update(str(getattr(getattr(template, "template", None), "source", "")).encode())
    for module in CODE:
        digest.update(Path(str(module.__file__)).read_bytes())
    digest.update(metadata.version("weasyprint").encode())
    digest.update(f"marks {stamping.FORMAT}".encode())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Body:
    pdf: bytes
    marks: dict[str, Any] | None  # None: the marking cannot be stamped on this one


def is_current(row: ReviewFormBody, version: int) -> bool:
    return row.version == version and row.layout == layout_key()


def lay_out(app: Application, *, full_id: bool) -> Body:
    """The body laid out now (WeasyPrint), with where its marking goes."""
    document, _pages = printing.review_form_body(app, full_id=full_id)
    pdf = document.write_pdf()
    pages = stamping.marks_of(document)
    if pages is None:
        log.warning("review form body without marking places: application=%s", app.pk)
        return Body(pdf, None)
    return Body(
        pdf, {"format": stamping.FORMAT, "pages": pages, "skeleton": stamping.skeleton_of(pdf)}
    )


def keep(app: Application, *, full_id: bool, version: int, body: Body) -> bool:
    """Store the body and point the application's row for this ID form at it; False when it
    is not wanted (the application moved on, or a current one was kept first).

    The file is written first; the application row is then locked (so two keepers of the
    same body wait for each other) and checked. A replaced file is deleted after the commit.
    """
    if body.marks is None:
        return False
    storage = private_storage()
    variant = "full" if full_id else "masked"
    name = f"{BODY_FOLDER}/{app.pk}/v{version}-{variant}-{uuid.uuid4().hex[:12]}.pdf"
    name = storage.save(name, ContentFile(body.pdf))
    replaced = ""
    kept = False
    with transaction.atomic():
        still = (
            Application.objects.select_for_update()
            .filter(pk=app.pk, version=version, status=Status.PASSED)
            .values_list("pk", flat=True)
            .first()
        )
        row = ReviewFormBody.objects.filter(application_id=app.pk, full_id=full_id).first()
        if still is not None and (row is None or not is_current(row, version)):
            if row is None:
                row = ReviewFormBody(application_id=app.pk, full_id=full_id)
            else:
                replaced = row.file.name
            row.version, row.layout, row.marks = version, layout_key(), body.marks
            row.file.name = name
            row.save()
            kept = True
    if not kept:
        _delete(name)
    elif replaced:
        transaction.on_commit(lambda: _delete(replaced))
    return kept


def _delete(name: str) -> None:
    try:
        private_storage().delete(name)
    except Exception:  # an orphan file costs space, not correctness
        log.warning("review form body not deleted: %s", name)


def read(app: Application, *, full_id: bool) -> Body | None:
    """The kept body when it is current and readable; None otherwise. The store being
    unreachable raises StorageUnavailable (the 503 page)."""
    row = ReviewFormBody.objects.filter(application=app, full_id=full_id).first()
    if row is None or not is_current(row, app.version):
        return None
    try:
        with row.file.open("rb") as handle:
            return Body(bytes(handle.read()), row.marks)
    except Exception as error:
        if is_storage_outage(error):
            raise
        log.warning("review form body unreadable: application=%s", app.pk)
        return None


def body_for(app: Application, user: User) -> Body:
    """The body of the official 评审表 `user` prints: kept, or laid out now and kept."""
    full_id = may_see_full_id(user, app.applicant)
    body = read(app, full_id=full_id)
    if body is None:
        body = lay_out(app, full_id=full_id)
        keep(app, full_id=full_id, version=app.version, body=body)
    return body


@printing.in_official_language
def stamped(app: Application, user: User, body: Body, serial: str) -> bytes:
    """The official 评审表 of print `serial`: its marking stamped on the body, or the form
    laid out whole with that marking when it cannot be stamped."""
    mark = printing.marking(app, user, official=True, serial=serial)
    if body.marks is not None:
        pdf = stamping.stamp(
            body.pdf,
            body.marks,
            line=printing.watermark_line(mark),
            serial=printing.serial_line(mark),
        )
        if pdf is not None:
            return pdf
    return printing.review_form_marked(app, printing.id_number_for(app, user), mark).pdf


def freeze(app_id: int) -> int:
    """Lay out and keep the bodies of an application that passed formal review (the task
    worker's part); those already current are skipped. How many were kept."""
    app = (
        Application.objects.select_related(
            "applicant", "unit", "committee", "committee__region", "series", "title", "specialty"
        )
        .filter(pk=app_id, status=Status.PASSED)
        .first()
    )
    if app is None:
        return 0
    current = {
        row.full_id
        for row in ReviewFormBody.objects.filter(application=app)
        if is_current(row, app.version)
    }
    kept = 0
    for full_id in (True, False):
        if full_id in current:
            continue
        kept += keep(app, full_id=full_id, version=app.version, body=lay_out(app, full_id=full_id))
    return kept
