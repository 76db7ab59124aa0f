"""打印所选: the 评审表 or 材料袋 of the applications selected in a staff list, as one PDF.

Each selected id is looked up in `visible_to(user)` (a forged id of a row the clerk may not
see is skipped and counted, never printed) and printed through the same per-application
path as the single print (`actions.record_print` checks it and writes its serial); the
renders are joined with pypdf. Official 评审表 are their kept bodies stamped
(documents/bodies.py), every body read (or laid out) before any print is recorded, so the
file store being unreachable (503) records nothing. At most `MAX_SELECTED` a request, so one
request stays a reasonable time; what was refused and why is said on the list page.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from pypdf import PdfWriter

from accounts.models import User
from accounts.permissions import signed_in_user
from applications.models import Application
from applications.scoping import visible_to
from documents import actions, bodies, printing
from documents.models import PrintRecord
from documents.pdf import pdf_response
from lib.refusal import Refused
from zhicheng.refusals import message_of

MAX_SELECTED = 100
Doc = PrintRecord.Document
ASCII_NAMES = {Doc.REVIEW_FORM: "review-forms", Doc.ENVELOPE: "envelopes"}
# (application, user, serial, what `prepare` made) → the PDF
Build = Callable[[Application, User, str, Any], bytes]
Prepare = Callable[[Application, User], Any] | None


def _builder(document: str, official: bool) -> tuple[Build, Prepare]:
    if document == Doc.REVIEW_FORM and official:
        return (lambda a, u, serial, body: bodies.stamped(a, u, body, serial)), bodies.body_for
    form = printing.review_form if document == Doc.REVIEW_FORM else printing.envelope
    return (lambda a, u, serial, _: form(a, u, official=official, serial=serial).pdf), None


def _ids(request: HttpRequest) -> list[int]:
    out: list[int] = []
    for raw in request.POST.getlist("ids"):
        try:
            value = int(raw)
        except ValueError:
            continue
        if value > 0 and value not in out:
            out.append(value)
    return out


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    return redirect(target or "/")


@require_POST
@login_required
def bulk_print(request: HttpRequest) -> HttpResponse:
    """One PDF of the chosen form for every selected application that may be printed."""
    user = signed_in_user(request)
    document = request.POST.get("document", "")
    official = request.POST.get("official") == "1"
    ids = _ids(request)
    if document not in ASCII_NAMES:
        messages.error(request, _("请选择要打印的表格。"))
        return _back(request)
    if not ids:
        messages.error(request, _("请先勾选要打印的申请书。"))
        return _back(request)
    if len(ids) > MAX_SELECTED:
        messages.error(
            request,
            _("一次最多打印 %(max)s 份，已选 %(n)s 份。请分批打印。")
            % {"max": MAX_SELECTED, "n": len(ids)},
        )
        return _back(request)
    build, prepare = _builder(document, official)
    ascii_name = ASCII_NAMES[Doc(document)]
    apps = {
        app.pk: app
        for app in visible_to(user)
        .filter(pk__in=ids)
        .select_related(
            "applicant", "unit", "committee", "committee__region", "series", "title", "specialty"
        )
    }
    chosen: list[tuple[Application, Any]] = []
    refused: Counter[str] = Counter()
    for pk in ids:
        app = apps.get(pk)
        if app is None:
            refused[_("不在您可查看的范围内")] += 1
            continue
        try:
            actions.check_printable(app, document, official=official)
        except Refused as error:
            refused[message_of(error)] += 1
            continue
        chosen.append((app, prepare(app, user) if prepare is not None else None))
    writer = PdfWriter()
    printed = 0
    for app, prepared in chosen:
        record = actions.record_print(app, user, document, official=official)
        writer.append(io.BytesIO(build(app, user, record.serial, prepared)))
        printed += 1
    reasons = " ".join(_("%(n)s 份：%(why)s") % {"n": n, "why": why} for why, n in refused.items())
    if not printed:
        messages.error(request, _("所选申请书都不能打印。%(why)s") % {"why": reasons})
        return _back(request)
    if refused:
        messages.warning(
            request,
            _("已打印 %(ok)s 份，%(bad)s 份未打印。%(why)s")
            % {"ok": printed, "bad": sum(refused.values()), "why": reasons},
        )
    out = io.BytesIO()
    writer.write(out)
    label = str(Doc(document).label)
    if not official:
        label, ascii_name = _("%(name)s(测试表)") % {"name": label}, f"{ascii_name}-test"
    shown = _("%(name)s-%(n)s份.pdf") % {"name": label, "n": printed}
    return pdf_response(out.getvalue(), shown, f"{ascii_name}-{printed}.pdf")
