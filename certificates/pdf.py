"""The certificate as a PDF (WeasyPrint, A4 landscape, Noto CJK fonts embedded).

Rendered on every request rather than stored: a revocation must show on the next print,
and the data it draws from never changes after issue.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from certificates.models import Certificate
from certificates.qr import qr_png_data_uri, verify_url
from lib.idcard import mask_id_number

# WeasyPrint reports every layout step at INFO; the platform's log needs only its warnings.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# Characters of variable text above which the type is set smaller (see density()).
COMPACT, DENSE = 170, 260


def density(certificate: Certificate) -> str:
    """A CSS class for long text: the fields are free text of up to 150 characters, and a
    certificate must stay one page, so long ones are set in smaller type."""
    size = (
        2 * len(certificate.holder_name)
        + len(certificate.qualification)
        + len(certificate.specialty)
        + len(certificate.unit_name)
        + len(certificate.committee_name)
        + len(certificate.approval.authority)
        + len(certificate.approval.number)
    )
    if size > DENSE:
        return "dense"
    return "compact" if size > COMPACT else ""


def render_html(certificate: Certificate, *, full_id: bool) -> str:
    """The HTML WeasyPrint lays out; `full_id` only for the holder's own print."""
    return render_to_string(
        "certificates/pdf/certificate.html",
        {
            "certificate": certificate,
            "id_number": certificate.id_number
            if full_id
            else mask_id_number(certificate.id_number),
            "revoked": certificate.is_revoked,
            "density": density(certificate),
            "qr": qr_png_data_uri(certificate),
            "url": verify_url(certificate),
            "verify_page": settings.SITE_URL.rstrip("/") + reverse("certificates:verify"),
        },
    )


def render_pdf(certificate: Certificate, *, full_id: bool) -> bytes:
    """The certificate's PDF bytes."""
    # Imported here: WeasyPrint loads Pango and fonts, which only this page needs.
    from weasyprint import HTML, URLFetcher  # type: ignore[import-untyped]

    html = render_html(certificate, full_id=full_id)
    # Only the QR code's data: URI is ever loaded; text typed by anyone cannot make the
    # server open a file or a URL (it is escaped anyway — this is the second lock).
    fetcher = URLFetcher(allowed_protocols=("data",))
    pdf = HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()
    if pdf is None:  # only when given a target to write to, which is never done here
        raise RuntimeError("WeasyPrint returned no PDF")
    return bytes(pdf)
