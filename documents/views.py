"""打印: the PDF forms of an application (评审表, 职称材料袋基本信息, 呈报表).

Anyone who may open the application (`visible_to`: the applicant, the units and
departments that held it, its committee) may print it; anyone else gets a 404. Official
forms exist only after 通过形式审核; asking for one earlier is answered with a page
saying so (409), never with a PDF. The official 评审表 is its kept body with the print's
marking stamped on it (documents/bodies.py); the body is read (or laid out) before the print
is recorded, so the file store being unreachable (503) records nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts.models import User
from accounts.permissions import signed_in_user
from applications.models import Application, Status
from applications.scoping import visible_to
from catalog.models import BusinessType
from documents import actions, bodies, printing
from documents.models import PrintRecord
from documents.pdf import pdf_response
from lib.refusal import Refused
from zhicheng.refusals import message_of

# (application, user, serial, what `prepare` made) → the PDF
Builder = Callable[[Application, User, str, Any], bytes]
Doc = PrintRecord.Document
# (shown name, ASCII name) of each form's file.
FILE_NAMES = {
    Doc.REVIEW_FORM: (gettext_lazy("评审表"), "review-form"),
    Doc.ENVELOPE: (gettext_lazy("职称材料袋基本信息"), "envelope"),
    Doc.REPORT_FORM: (gettext_lazy("呈报表"), "report-form"),
}


def printable(request: HttpRequest, app_id: int) -> Application:
    """The application, if the signed-in user may see it; a 404 otherwise."""
    apps = visible_to(signed_in_user(request)).select_related(
        "applicant", "unit", "committee", "committee__region", "series", "title", "specialty"
    )
    return get_object_or_404(apps, pk=app_id)


def _print(
    request: HttpRequest,
    app: Application,
    document: str,
    official: bool,
    build: Builder,
    prepare: Callable[[Application, User], Any] | None = None,
) -> HttpResponse:
    """Check the form may be printed, `prepare` what the print needs from outside the
    database (before anything is recorded), record the print, build its PDF."""
    user = signed_in_user(request)
    try:
        actions.check_printable(app, document, official=official)
        prepared = prepare(app, user) if prepare is not None else None
        record = actions.record_print(app, user, document, official=official)
    except Refused as refused:
        context = {"app": app, "message": message_of(refused), "document": Doc(document).label}
        return render(request, "documents/refused.html", context, status=409)
    pdf = build(app, user, record.serial, prepared)
    label, ascii_name = FILE_NAMES[Doc(document)]
    shown = str(label)
    if not official:
        shown, ascii_name = _("%(name)s(测试表)") % {"name": shown}, f"{ascii_name}-test"
    return pdf_response(pdf, f"{shown}-{app.number}.pdf", f"{ascii_name}-{app.number}.pdf")


@require_GET
@login_required
def review_form(request: HttpRequest, app_id: int, official: bool = True) -> HttpResponse:
    """评审表: official after 通过形式审核 (its kept body, stamped), test before and after
    (laid out whole, its 测试表 stamp being the point)."""
    app = printable(request, app_id)
    if official:
        return _print(
            request,
            app,
            Doc.REVIEW_FORM,
            True,
            lambda a, u, serial, body: bodies.stamped(a, u, body, serial),
            prepare=bodies.body_for,
        )
    return _print(
        request,
        app,
        Doc.REVIEW_FORM,
        False,
        lambda a, u, serial, _: printing.review_form(a, u, official=False, serial=serial).pdf,
    )


@require_GET
@login_required
def envelope(request: HttpRequest, app_id: int, official: bool = True) -> HttpResponse:
    """职称材料袋基本信息 (official after 通过形式审核, test before and after)."""
    app = printable(request, app_id)
    return _print(
        request,
        app,
        Doc.ENVELOPE,
        official,
        lambda a, u, serial, _: printing.envelope(a, u, official=official, serial=serial).pdf,
    )


@require_GET
@login_required
def report_form(request: HttpRequest, app_id: int) -> HttpResponse:
    """呈报表 of a special-talent application, after 通过形式审核 only."""
    app = printable(request, app_id)
    if app.business_type != BusinessType.SPECIAL:
        raise Http404
    return _print(
        request,
        app,
        Doc.REPORT_FORM,
        True,
        lambda a, u, serial, _: printing.report_form(a, u, serial=serial).pdf,
    )


@require_GET
@login_required
def index(request: HttpRequest, app_id: int) -> HttpResponse:
    """打印: which forms of this application can be printed now, and the prints so far."""
    app = printable(request, app_id)
    records = PrintRecord.objects.filter(application=app).select_related("printed_by")[:10]
    context = {
        "app": app,
        "passed": app.status == Status.PASSED,
        "special": app.business_type == BusinessType.SPECIAL,
        "records": records,
        "is_applicant": signed_in_user(request).pk == app.applicant_id,
    }
    return render(request, "documents/index.html", context)
