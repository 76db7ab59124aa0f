"""The certificate as a PDF (A4 landscape, Noto CJK fonts embedded).

The page is templates/certificates/pdf/certificate.html. Its fixed part is laid out by
WeasyPrint once per process and the holder's text stamped on it (`certificates.drawing`,
a few tens of milliseconds); a certificate whose text would not sit as WeasyPrint sets it
(long fields, a revoked one, a character the font lacks) is laid out whole by WeasyPrint.

The holder's copy is rendered on a worker right after issue and kept in private storage
(`store_pdf`), keyed on the certificate and the status it was drawn for; the download
serves that copy, and renders (and keeps) it on the spot when the worker has not got to
it yet. A revocation clears the kept copy, so the next print carries the 已撤销 mark.
Staff copies (ID number masked) are rare and rendered on request.
"""

from __future__ import annotations

import hashlib
import logging

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import date as date_filter
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from certificates import drawing
from certificates.models import PDF_FOLDER, Certificate
from certificates.qr import qr_code, qr_png_data_uri, verify_url
from zhicheng.uploads import private_storage

log = logging.getLogger(__name__)

# WeasyPrint reports every layout step at INFO; the platform's log needs only its warnings.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

TEMPLATE = "certificates/pdf/certificate.html"
# The spans of the template whose text is the holder's (`texts()`), in page order.
SLOTS = (
    "number",
    "statement",
    "name",
    "id_number",
    "qualification",
    "specialty",
    "unit",
    "committee",
    "approval",
    "issued",
    "authority",
    "issued_on",
)

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


def texts(certificate: Certificate, id_number: str) -> dict[str, str]:
    """The holder's text in each slot of the page (`data-slot` in the template)."""
    issued = date_filter(certificate.issued_on, _("Y年n月j日"))
    return {
        "number": _("证书编号：%(number)s") % {"number": certificate.number},
        "statement": _("%(name)s同志经评审通过，具备下列专业技术资格，特发此证。")
        % {"name": certificate.holder_name},
        "name": certificate.holder_name,
        "id_number": id_number,
        "qualification": certificate.qualification,
        "specialty": certificate.specialty,
        "unit": certificate.unit_name,
        "committee": certificate.committee_name,
        "approval": certificate.approval.number,
        "issued": issued,
        "authority": certificate.approval.authority,
        "issued_on": issued,
        "revoked_on": date_filter(certificate.revoked_at, _("Y年n月j日"))
        if certificate.revoked_at
        else "",
    }


def _verify_page() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("certificates:verify")


def render_html(certificate: Certificate, *, full_id: bool) -> str:
    """The HTML WeasyPrint lays out; `full_id` only for the holder's own print."""
    id_number = certificate.id_number if full_id else certificate.masked_id_number
    return render_to_string(
        TEMPLATE,
        {
            "certificate": certificate,
            "text": texts(certificate, id_number),
            "revoked": certificate.is_revoked,
            "density": density(certificate),
            "qr": qr_png_data_uri(certificate),
            "url": verify_url(certificate),
            "verify_page": _verify_page(),
        },
    )


def blank_html() -> str:
    """The page with every slot hidden: what `certificates.drawing` lays out once."""
    # One line of placeholder text in each slot's font: the line boxes WeasyPrint makes
    # for it are the ones the holder's text gets when it fits one line.
    slots = dict.fromkeys(SLOTS, "X")
    return render_to_string(
        TEMPLATE,
        {
            "blank": True,
            "text": slots,
            "revoked": False,
            "density": "",
            "qr": segno.make("X", micro=False).png_data_uri(),
            "verify_page": _verify_page(),
        },
    )


def _weasyprint_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango and fonts, which only drawing needs.
    from weasyprint import HTML, URLFetcher  # type: ignore[import-untyped]

    # Only the QR code's data: URI is ever loaded; text typed by anyone cannot make the
    # server open a file or a URL (it is escaped anyway — this is the second lock).
    fetcher = URLFetcher(allowed_protocols=("data",))
    pdf = HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()
    if pdf is None:  # only when given a target to write to, which is never done here
        raise RuntimeError("WeasyPrint returned no PDF")
    return bytes(pdf)


def _background() -> drawing.Background | None:
    """This process's background for the current template, site address and language."""
    source = getattr(get_template(TEMPLATE), "template", None)
    version = hashlib.sha256(str(getattr(source, "source", "")).encode()).hexdigest()
    key = (version, settings.SITE_URL, translation.get_language() or "")
    return drawing.background(key, blank_html)


def stamp_pdf(certificate: Certificate, *, full_id: bool) -> bytes | None:
    """The certificate stamped on the background; None when WeasyPrint must lay it out."""
    if certificate.is_revoked or density(certificate):
        return None
    page = _background()
    if page is None or set(page.slots) != set(SLOTS):  # a slot lost in the template
        return None
    id_number = certificate.id_number if full_id else certificate.masked_id_number
    lines = drawing.set_text(page, texts(certificate, id_number))
    if lines is None:
        return None
    return drawing.write_pdf(
        page,
        lines,
        qr_code(certificate).matrix,
        title=_("职称电子证书") + " " + certificate.number,
        author=_("新疆专业技术人员职称管理平台"),
    )


def render_pdf(certificate: Certificate, *, full_id: bool) -> bytes:
    """The certificate's PDF bytes: stamped when it can be, laid out whole otherwise."""
    stamped = stamp_pdf(certificate, full_id=full_id)
    if stamped is not None:
        return stamped
    return _weasyprint_pdf(render_html(certificate, full_id=full_id))


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


def store_pdfs(certificate_ids: list[int]) -> int:
    """`store_pdf` for a group (a worker's task): read in one query, the files written, then
    one transaction that locks the rows and points those still wanting a copy at theirs —
    the same checks as `keep_pdf`, with one commit instead of one per certificate."""
    storage = private_storage()
    drawn: list[tuple[Certificate, str, str]] = []  # certificate, status drawn for, file
    rows = Certificate.objects.select_related("approval").filter(pk__in=certificate_ids)
    for certificate in rows.order_by("pk"):
        if not is_current(certificate):
            data = render_pdf(certificate, full_id=True)
            name = storage.save(_name(certificate), ContentFile(data))
            drawn.append((certificate, certificate.status, name))
    unwanted: list[str] = []
    with transaction.atomic():
        locked = {
            row.pk: row
            for row in Certificate.objects.select_for_update()
            .filter(pk__in=[certificate.pk for certificate, _, _ in drawn])
            .order_by("pk")
        }
        kept = []
        for certificate, status, name in drawn:
            row = locked.get(certificate.pk)
            if row is not None and row.status == status and not is_current(row):
                row.pdf, row.pdf_status = name, status
                kept.append(row)
            else:
                unwanted.append(name)
        Certificate.objects.bulk_update(kept, ["pdf", "pdf_status"])
    for name in unwanted:
        storage.delete(name)
    return len(kept)


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
