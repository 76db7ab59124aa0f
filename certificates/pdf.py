"""The certificate as a PDF (WeasyPrint, A4 landscape, Noto CJK fonts embedded).

The holder's copy is rendered on a worker right after issue and kept in private storage
(`store_pdf`), keyed on the certificate and the status it was drawn for; the download
serves that copy, and renders (and keeps) it on the spot when the worker has not got to
it yet. A revocation clears the kept copy, so the next print carries the 已撤销 mark.
Staff copies (ID number masked) are rare and rendered on request.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from certificates.models import PDF_FOLDER, Certificate
from certificates.qr import qr_png_data_uri, verify_url
from lib.idcard import mask_id_number
from lib.storage import private_storage

log = logging.getLogger(__name__)

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


# --- the holder's kept copy ---------------------------------------------------------------


def is_current(certificate: Certificate) -> bool:
    """A kept PDF exists and was drawn for the certificate's present status."""
    return bool(certificate.pdf) and certificate.pdf_status == certificate.status


def _name(certificate: Certificate) -> str:
    return f"{PDF_FOLDER}/{certificate.issued_on:%Y}/{certificate.pk}-{certificate.status}.pdf"


def keep_pdf(certificate: Certificate, data: bytes) -> bool:
    """Store the holder's copy and point the certificate at it; False when it is not needed.

    The file is written first, then the row is locked and checked: when the certificate
    was revoked meanwhile, or another worker kept a copy first, the new file is removed,
    so a certificate points at one file drawn for its present status.
    """
    storage = private_storage()
    status = certificate.status
    name = storage.save(_name(certificate), ContentFile(data))
    with transaction.atomic():
        row = Certificate.objects.select_for_update().filter(pk=certificate.pk).first()
        wanted = row is not None and row.status == status and not is_current(row)
        if wanted:
            Certificate.objects.filter(pk=certificate.pk).update(pdf=name, pdf_status=status)
    if not wanted:
        storage.delete(name)
    return wanted


def store_pdf(certificate_id: int) -> bool:
    """Render and keep one holder's copy unless a current one is kept already (idempotent)."""
    certificate = Certificate.objects.select_related("approval").filter(pk=certificate_id).first()
    if certificate is None or is_current(certificate):
        return False
    return keep_pdf(certificate, render_pdf(certificate, full_id=True))


def holder_pdf(certificate: Certificate) -> bytes:
    """The holder's copy: the kept file, or rendered now (and kept) when there is none yet."""
    if is_current(certificate):
        try:
            with certificate.pdf.open("rb") as handle:
                return bytes(handle.read())
        except Exception:  # missing file or storage unreachable: draw it again
            log.warning("kept certificate pdf unreadable: certificate=%s", certificate.pk)
    data = render_pdf(certificate, full_id=True)
    try:
        keep_pdf(certificate, data)
    except Exception:  # the holder gets the PDF anyway; the worker or the next print keeps it
        log.exception("could not keep certificate pdf: certificate=%s", certificate.pk)
    return data
