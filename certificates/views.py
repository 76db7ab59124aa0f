"""职称电子证书 pages: the holder's list, view and print; public 证书查验; staff 证书管理 and 撤销.

Each page reads top to bottom: decorators → the certificate fetched through a scoped
queryset (someone else's id is a 404) → form → one action → redirect or page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Role
from accounts.permissions import applicant_required, role_required, signed_in_user
from audit.exports import export_table, filters_of
from certificates import actions
from certificates.forms import ManageFilterForm, RevokeForm, VerifyForm
from certificates.models import Certificate
from certificates.pdf import holder_pdf, render_pdf
from certificates.qr import qr_svg_data_uri, verify_url
from certificates.scoping import managed_by, visible_to
from certificates.tables import CertificateTable, export_columns
from lib.refusal import Refused
from lib.visibility import may_see_full_id
from zhicheng import ratelimit
from zhicheng.clientaddr import client_address
from zhicheng.refusals import flash_refusal
from zhicheng.serving import serve_bytes
from zhicheng.tables import configure, wants_export

GET_POST = require_http_methods(["GET", "POST"])
staff_required = role_required(Role.COMMITTEE_STAFF, Role.HR_ADMIN)
VERIFY_LIMIT = "certificate-verify"  # settings.RATE_LIMITS: lookups per client address


def _rows(certificates: QuerySet[Certificate]) -> QuerySet[Certificate]:
    """What a list row draws (the approval number, who revoked), in a fixed number of queries."""
    return certificates.select_related("approval", "revoked_by", "application__applicant")


# --- the holder ---------------------------------------------------------------------------


@require_GET
@applicant_required
def mine(request: HttpRequest) -> HttpResponse:
    """我的职称电子证书: 序号, 姓名, 证书编号, 身份证号 (`lib.visibility`), 资格, 批文号, 发证日期."""
    user = signed_in_user(request)
    certificates = list(_rows(visible_to(user)))
    return render(request, "certificates/mine.html", {"certificates": certificates})


@require_GET
@login_required
def detail(request: HttpRequest, certificate_id: int) -> HttpResponse:
    """One certificate on screen, with its QR code and the print button."""
    user = signed_in_user(request)
    certificate = get_object_or_404(_rows(visible_to(user)), pk=certificate_id)
    context = {
        "certificate": certificate,
        "qr": qr_svg_data_uri(certificate),
        "url": verify_url(certificate),
        "manages": user.role != Role.APPLICANT,
    }
    return render(request, "certificates/detail.html", context)


@require_GET
@login_required
def pdf(request: HttpRequest, certificate_id: int) -> HttpResponse:
    """打印: the PDF. The holder's own copy shows the full ID number; staff see it masked."""
    user = signed_in_user(request)
    certificate = get_object_or_404(_rows(visible_to(user)), pk=certificate_id)
    own = may_see_full_id(user, certificate.application.applicant)
    # The certificate is an official paper in Chinese, whatever the reader's language
    # (docs/adr/0035-uyghur-and-rtl.md); its file name too.
    with translation.override("zh-hans"):
        data = holder_pdf(certificate) if own else render_pdf(certificate, full_id=False)
        filename = _("职称电子证书-%(number)s.pdf") % {"number": certificate.number}
    return serve_bytes(data, filename, "application/pdf")


# --- public verification ------------------------------------------------------------------


def _too_many(request: HttpRequest) -> HttpResponse:
    response = render(
        request,
        "certificates/too_many.html",
        {"minutes": ratelimit.rate(VERIFY_LIMIT).minutes},
        status=429,
    )
    response["Retry-After"] = str(ratelimit.rate(VERIFY_LIMIT).seconds)
    return response


def _public(response: HttpResponse) -> HttpResponse:
    """Verification answers are about a person: never cached, never indexed."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@GET_POST
def verify(request: HttpRequest) -> HttpResponse:
    """证书查验 (no sign-in): certificate number and holder name, both must match.

    POST keeps the name out of addresses and proxy logs. Every POST counts against the
    caller's limit, even one with a badly typed number, so nobody probes faster by typos.
    """
    context: dict[str, Any] = {"searched": False}
    if request.method == "POST":
        ip = client_address(request)
        if not ratelimit.hit_client(VERIFY_LIMIT, request):
            return _public(_too_many(request))
        form = VerifyForm(request.POST)
        if form.is_valid():
            lookup = actions.verify_by_number(
                form.cleaned_data["number"], form.cleaned_data["name"], ip
            )
            context.update(searched=True, certificate=lookup.certificate)
    else:
        form = VerifyForm()
    context["form"] = form
    return _public(render(request, "certificates/verify.html", context))


@never_cache
@require_GET
def verify_token(request: HttpRequest, token: str) -> HttpResponse:
    """证书查验 from the QR code. An unknown token gets the same not-found page, as a 404."""
    ip = client_address(request)
    if not ratelimit.hit_client(VERIFY_LIMIT, request):
        return _public(_too_many(request))
    lookup = actions.verify_by_token(token, ip)
    context = {
        "searched": True,
        "certificate": lookup.certificate,
        "form": VerifyForm(),
        "from_qr": True,
    }
    status = 200 if lookup.found else 404
    return _public(render(request, "certificates/verify.html", context, status=status))


# --- staff --------------------------------------------------------------------------------


def _filtered(certificates: QuerySet[Certificate], form: ManageFilterForm) -> QuerySet[Certificate]:
    if form.value("number"):
        certificates = certificates.filter(number__icontains=form.value("number"))
    if form.value("name"):
        certificates = certificates.filter(holder_name__icontains=form.value("name"))
    if form.value("status"):
        certificates = certificates.filter(status=form.value("status"))
    return certificates


def _export(request: HttpRequest, table: CertificateTable, form: ManageFilterForm) -> HttpResponse:
    """Exactly the filtered certificates, in the chosen order, as .xlsx; audited."""
    user = signed_in_user(request)
    return export_table(
        request,
        user,
        table,
        export_columns(user),
        title=_("证书管理"),
        ascii_name="certificates",
        filters=filters_of(form),
    )


@require_GET
@staff_required
def manage(request: HttpRequest) -> HttpResponse:
    """证书管理: the certificates of the user's committee (hr_admin: their region's)."""
    user = signed_in_user(request)
    form = ManageFilterForm(request.GET)
    certificates = _filtered(managed_by(user), form).order_by("-issued_on", "-id")
    table = CertificateTable(_rows(certificates), viewer=user)
    if wants_export(request):
        return _export(request, table, form)
    configure(request, table)
    context = {
        "form": form,
        "table": table,
        "page": table.page,
        "filtered": any(form.value(name) for name in form.fields),
    }
    return render(request, "certificates/manage.html", context)


@GET_POST
@staff_required
def revoke(request: HttpRequest, certificate_id: int) -> HttpResponse:
    """撤销证书: a confirmation page with the reason; only a valid certificate can be revoked."""
    user = signed_in_user(request)
    certificate = get_object_or_404(_rows(managed_by(user)), pk=certificate_id)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.revoke_certificate(user, certificate.pk, form.cleaned_data["reason"])
        except Refused as exc:
            flash_refusal(request, exc)
            return redirect("certificates:revoke", certificate.pk)
        messages.success(request, _("证书 %(number)s 已撤销。") % {"number": certificate.number})
        return redirect("certificates:manage")
    return render(request, "certificates/revoke.html", {"certificate": certificate, "form": form})
