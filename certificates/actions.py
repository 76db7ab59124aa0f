"""The only code that writes certificates: issue, revoke, and the log of public lookups.

Each action is one transaction that locks what it changes and checks the state it finds,
so a double click, a second tab or two staff at once change nothing twice.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from applications.models import Application
from audit.actions import record
from audit.models import AuditEvent
from certificates import notices
from certificates.models import Certificate, CertificateCounter, VerificationLog
from certificates.scoping import managed_by
from lib.refusal import Refused
from orgs.models import Region
from results.models import ApprovalDocument
from zhicheng.uploads import private_storage

NUMBER_PREFIX = "XJ"
SERIAL_DIGITS = 6
TOKEN_LOG_CHARS = 8
REASON_MIN, REASON_MAX = 2, 300


def format_number(region_code: str, year: int, serial: int) -> str:
    """`XJ650100-2026-000001`: committee region code, year of the approval, serial in that pair."""
    return f"{NUMBER_PREFIX}{region_code}-{year:04d}-{serial:0{SERIAL_DIGITS}d}"


def _reserve_serials(region: Region, year: int, count: int) -> range:
    """Take `count` consecutive serials of (region, year), holding the counter row locked.

    The row is created if missing (a racing creator is ignored, not an error), then locked
    with SELECT … FOR UPDATE, so concurrent issues wait for each other until commit and no
    serial is handed out twice or skipped.
    """
    CertificateCounter.objects.bulk_create(
        [CertificateCounter(region=region, year=year)], ignore_conflicts=True
    )
    counter = CertificateCounter.objects.select_for_update().get(region=region, year=year)
    first = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    return range(first, first + count)


def _pending_applications(document: ApprovalDocument, limit: int | None) -> list[Application]:
    """The document's applications without a certificate, in the order of the document."""
    apps: QuerySet[Application] = (
        Application.objects.filter(approval__document=document, certificate__isnull=True)
        .select_related("applicant", "series", "title", "specialty", "unit", "committee__region")
        .order_by("approval__id")
    )
    return list(apps[:limit] if limit is not None else apps)


@transaction.atomic
def issue_certificates(
    document: ApprovalDocument, *, limit: int | None = None
) -> list[Certificate]:
    """颁发职称电子证书: one certificate for each application named in an approval document.

    Idempotent: applications that already hold a certificate are skipped, so calling it
    again (a retry, a second click, the same task delivered twice) issues only what is
    missing. `limit` issues at most that many (the next chunk of a batch, see
    `certificates.tasks`). Returns the certificates issued by this call, numbered
    consecutively in the order of the document's entries. The document row is locked
    first, so two calls for one document run one after the other.

    The certificate copies what it states (name, ID number, qualification, specialty, unit,
    committee) from the application and its applicant at this moment; later edits of those
    records do not change an issued certificate. `issued_on` is the document's date.
    """
    document = (
        ApprovalDocument.objects.select_for_update()
        .select_related("committee__region")
        .get(pk=document.pk)
    )
    apps = _pending_applications(document, limit)
    if not apps:
        return []
    region = document.committee.region
    serials = _reserve_serials(region, document.issued_on.year, len(apps))
    certificates = [
        Certificate(
            application=app,
            number=format_number(region.code, document.issued_on.year, serial),
            token=secrets.token_urlsafe(32),
            holder_name=app.applicant.display_name,
            id_number=app.applicant.id_number or "",
            qualification=app.qualification_label,
            specialty=app.specialty.name,
            unit_name=app.unit.name,
            committee_name=app.committee.name,
            approval=document,
            issued_on=document.issued_on,
        )
        for app, serial in zip(apps, serials, strict=True)
    ]
    issued = Certificate.objects.bulk_create(certificates)
    notices.certificates_issued(document, [app.pk for app in apps])
    return issued


def clean_reason(raw: str) -> str:
    """A revocation reason: trimmed, 2 to 300 characters."""
    reason = " ".join((raw or "").split())
    if len(reason) < REASON_MIN:
        raise Refused(_("请填写撤销原因（不少于 %(n)s 个字）。") % {"n": REASON_MIN})
    if len(reason) > REASON_MAX:
        raise Refused(_("撤销原因不能超过 %(n)s 个字。") % {"n": REASON_MAX})
    return reason


@transaction.atomic
def revoke_certificate(actor: User, certificate_id: int, reason: str) -> Certificate:
    """撤销证书: only a valid certificate, only by staff who manage it (others get 404).

    Records who revoked it, when and why. A revoked certificate stays on record: the public
    verification shows it as revoked, and its PDF carries a visible 已撤销 mark.
    """
    reason = clean_reason(reason)
    try:
        certificate = managed_by(actor).select_for_update().get(pk=certificate_id)
    except Certificate.DoesNotExist:
        raise Http404 from None
    if certificate.status != Certificate.Status.VALID:
        raise Refused(_("该证书已撤销，不能重复撤销。"))
    certificate.status = Certificate.Status.REVOKED
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = actor
    certificate.revoked_reason = reason
    # The kept PDF was drawn without the 已撤销 mark: forget it (the file goes after the
    # commit), and the next print draws and keeps the revoked copy.
    old_pdf = certificate.pdf.name
    certificate.pdf = ""
    certificate.pdf_status = ""
    certificate.save(
        update_fields=["status", "revoked_at", "revoked_by", "revoked_reason", "pdf", "pdf_status"]
    )
    if old_pdf:
        transaction.on_commit(lambda: private_storage().delete(old_pdf), robust=True)
    record(
        AuditEvent.Action.CERTIFICATE_REVOKED,
        actor=actor,
        target=f"{certificate.number} {certificate.holder_name}",
        detail=reason,
    )
    return certificate


# --- public verification ------------------------------------------------------------------


@dataclass(frozen=True)
class Lookup:
    certificate: Certificate | None

    @property
    def found(self) -> bool:
        return self.certificate is not None


def _public() -> QuerySet[Certificate]:
    return Certificate.objects.select_related("approval", "application__applicant")


def verify_by_number(number: str, holder_name: str, ip_address: str | None) -> Lookup:
    """证书查验 by number and name. Both must match; a wrong name for a real number is
    answered exactly like an unknown number (one query either way). Logged without the name."""
    certificate = _public().filter(number=number, holder_name=holder_name).first()
    VerificationLog.objects.create(
        certificate=certificate,
        method=VerificationLog.Method.NUMBER,
        query=number[:100],
        found=certificate is not None,
        ip_address=ip_address,
    )
    return Lookup(certificate)


def verify_by_token(token: str, ip_address: str | None) -> Lookup:
    """证书查验 from the QR link. Only the token's first 8 characters are logged."""
    certificate = _public().filter(token=token).first() if len(token) <= 64 else None
    VerificationLog.objects.create(
        certificate=certificate,
        method=VerificationLog.Method.TOKEN,
        query=token[:TOKEN_LOG_CHARS],
        found=certificate is not None,
        ip_address=ip_address,
    )
    return Lookup(certificate)
