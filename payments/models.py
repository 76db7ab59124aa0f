"""Review fees (评审费): one payment order per application, paid online or confirmed offline."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from orgs.models import ReviewCommittee


class PaymentOrder(models.Model):
    """What an applicant owes for one application, and how it was settled."""

    class Status(models.TextChoices):
        UNPAID = "unpaid", _("未缴费")
        PAID = "paid", _("已缴费")
        REFUNDED = "refunded", _("已退费")

    application = models.OneToOneField(Application, models.PROTECT, related_name="payment")
    committee = models.ForeignKey(ReviewCommittee, models.PROTECT, related_name="payment_orders")
    out_trade_no = models.CharField(_("订单号"), max_length=32, unique=True)
    amount = models.DecimalField(_("金额(元)"), max_digits=8, decimal_places=2)
    gateway = models.CharField(_("缴费渠道"), max_length=20, default="offline")
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.UNPAID
    )
    reference = models.CharField(_("银行流水号/交易号"), max_length=64, blank=True)
    paid_at = models.DateTimeField(_("缴费时间"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    refunded_at = models.DateTimeField(_("退费时间"), null=True, blank=True)
    refund_reason = models.CharField(_("退费原因"), max_length=200, blank=True)
    refunded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["committee", "status"], name="payment_committee_status")]
        verbose_name = _("缴费订单")
        verbose_name_plural = _("缴费订单")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="payment_amount_non_negative"),
            models.UniqueConstraint(
                fields=["gateway", "reference"],
                condition=~Q(reference=""),
                name="payment_reference_unique_per_gateway",
            ),
        ]

    def __str__(self) -> str:
        return self.out_trade_no


class PaymentNotice(models.Model):
    """Every notify call a gateway made, verified or not, kept for reconciliation."""

    gateway = models.CharField(max_length=20)
    notify_id = models.CharField(max_length=64)
    out_trade_no = models.CharField(max_length=32)
    payload = models.JSONField(default=dict)
    signature_ok = models.BooleanField(default=False)
    outcome = models.CharField(max_length=40)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["gateway", "notify_id"],
                condition=Q(signature_ok=True),
                name="notice_unique_verified",
            )
        ]

    def __str__(self) -> str:
        return f"{self.gateway}:{self.notify_id}"


class FeeAccount(models.Model):
    """Where a committee's fees are paid by bank transfer (收款账户), shown on the 缴费 page."""

    committee = models.OneToOneField(ReviewCommittee, models.CASCADE, related_name="fee_account")
    payee = models.CharField(_("收款单位(户名)"), max_length=100)
    bank = models.CharField(_("开户银行"), max_length=100)
    account_number = models.CharField(_("银行账号"), max_length=40)
    instructions = models.TextField(
        _("缴费说明"),
        max_length=1000,
        blank=True,
        help_text=_("缴费时间、注意事项等，显示在申请人的缴费页面上"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("收款账户")
        verbose_name_plural = _("收款账户")

    def __str__(self) -> str:
        return f"{self.payee} {self.bank}"
