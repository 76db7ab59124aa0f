"""职称电子证书: one per approved application, verifiable by anyone."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from lib.visibility import id_for
from orgs.models import Region
from results.models import ApprovalDocument
from zhicheng.uploads import private_storage

PDF_FOLDER = "certificates"


class CertificateCounter(models.Model):
    """The next serial number of a region's certificates in a year (row-locked when used)."""

    region = models.ForeignKey(Region, models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="counter_unique")]

    def __str__(self) -> str:
        return f"{self.region_id}/{self.year}:{self.last}"


class Certificate(models.Model):
    """A certificate, copied from its application at issue so later edits never change it.

    `number` is `XJ<committee region code>-<year of the approval>-<serial>` (serial from
    CertificateCounter, six digits or more); `token` is the unguessable key of the QR link.
    """

    class Status(models.TextChoices):
        VALID = "valid", _("有效")
        REVOKED = "revoked", _("已撤销")

    application = models.OneToOneField(Application, models.PROTECT, related_name="certificate")
    number = models.CharField(_("证书编号"), max_length=32, unique=True)
    token = models.CharField(max_length=64, unique=True)
    holder_name = models.CharField(_("姓名"), max_length=50)
    id_number = models.CharField(_("身份证号"), max_length=18)
    qualification = models.CharField(_("资格"), max_length=150)
    specialty = models.CharField(_("专业"), max_length=50)
    unit_name = models.CharField(_("工作单位"), max_length=100)
    committee_name = models.CharField(_("评审机构"), max_length=100)
    approval = models.ForeignKey(ApprovalDocument, models.PROTECT, related_name="certificates")
    issued_on = models.DateField(_("发证日期"))
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.VALID
    )
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_reason = models.CharField(_("撤销原因"), max_length=300, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The holder's PDF, rendered on a worker after issue and kept in private storage;
    # `pdf_status` is the status it was drawn for, so a revoked certificate never serves
    # the copy without its 已撤销 mark (revocation clears both).
    pdf = models.FileField(
        storage=private_storage, upload_to=PDF_FOLDER, blank=True, max_length=200
    )
    pdf_status = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("职称电子证书")
        verbose_name_plural = _("职称电子证书")
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="valid") & Q(revoked_at__isnull=True))
                | (Q(status="revoked") & Q(revoked_at__isnull=False) & ~Q(revoked_reason="")),
                name="certificate_revocation_complete",
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def masked_id_number(self) -> str:
        """The number as anyone but its holder sees it (lib.visibility: no viewer is the holder)."""
        return id_for(None, None, self.id_number)

    @property
    def is_revoked(self) -> bool:
        return self.status == self.Status.REVOKED


class VerificationLog(models.Model):
    """Every public lookup, found or not (the ID number is never stored here).

    `query` is the certificate number typed, or the first 8 characters of a QR token; the
    holder name typed is not kept.
    """

    class Method(models.TextChoices):
        NUMBER = "number", _("证书编号和姓名")
        TOKEN = "token", _("二维码")

    certificate = models.ForeignKey(
        Certificate, models.SET_NULL, null=True, blank=True, related_name="lookups"
    )
    method = models.CharField(max_length=10, choices=Method.choices)
    query = models.CharField(max_length=100)
    found = models.BooleanField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    looked_up_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-looked_up_at", "-id"]

    def __str__(self) -> str:
        return f"{self.method}:{self.query}:{self.found}"


class IssueBatch(models.Model):
    """颁发批次: the certificates of one 批文, issued on a worker in chunks.

    Created with the 批文 in the committee's request; the worker takes the next chunk of
    applications without a certificate, one transaction per chunk, and counts them here.
    `heartbeat_at` moves with every chunk, so a batch whose worker died is seen as stalled
    and started again (`certificates.tasks.resume_stalled_batches`).
    """

    class Status(models.TextChoices):
        RUNNING = "running", _("正在颁发")
        DONE = "done", _("已完成")
        FAILED = "failed", _("颁发出错")

    document = models.OneToOneField(ApprovalDocument, models.PROTECT, related_name="issue_batch")
    total = models.PositiveIntegerField(_("应颁发"))
    done = models.PositiveIntegerField(_("已颁发"), default=0)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    # Deliveries of the task that started work on this batch, and those that failed.
    runs = models.PositiveIntegerField(default=0)
    failures = models.PositiveIntegerField(default=0)
    last_error = models.CharField(_("错误"), max_length=300, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("证书颁发批次")
        verbose_name_plural = _("证书颁发批次")
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="batch_status_beat")]
        constraints = [
            models.CheckConstraint(
                condition=Q(done__lte=models.F("total")), name="batch_done_le_total"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document_id}:{self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, self.done * 100 // self.total)
