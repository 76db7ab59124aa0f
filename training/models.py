"""继续教育: hours an applicant records per year, confirmed by a base unit, and the rule per series."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import Series
from orgs.models import BaseUnit
from zhicheng.uploads import private_storage, upload_path


class TrainingRule(models.Model):
    """A series' requirement: at least `hours_per_year` confirmed hours in each of the
    `years` years before the application year. A series without a rule has none."""

    series = models.OneToOneField(
        Series, models.CASCADE, related_name="training_rule", verbose_name=_("系列")
    )
    hours_per_year = models.PositiveSmallIntegerField(
        _("每年学时"), validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    years = models.PositiveSmallIntegerField(
        _("计算年数"), default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )

    class Meta:
        ordering = ["series__sort_order"]
        verbose_name = _("继续教育学时要求")
        verbose_name_plural = _("继续教育学时要求")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_per_year__gte=1) & Q(years__gte=1), name="training_rule_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.series_id}: {self.hours_per_year}×{self.years}"


class TrainingRecord(models.Model):
    """One year's hours of one category, with its evidence scan."""

    class Category(models.TextChoices):
        PUBLIC = "public", _("公需科目")
        PROFESSIONAL = "professional", _("专业科目")

    class Status(models.TextChoices):
        PENDING = "pending", _("待单位确认")
        CONFIRMED = "confirmed", _("已确认")
        REJECTED = "rejected", _("未通过")

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="training_records",
        verbose_name=_("申请人"),
    )
    unit = models.ForeignKey(
        BaseUnit, models.PROTECT, related_name="training_records", verbose_name=_("确认单位")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    category = models.CharField(_("类别"), max_length=12, choices=Category.choices)
    hours = models.DecimalField(
        _("学时"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("500"))],
    )
    content = models.CharField(_("培训内容"), max_length=200)
    evidence = models.FileField(
        _("证明材料"), storage=private_storage, upload_to=upload_path("training"), max_length=200
    )
    evidence_name = models.CharField(max_length=200)
    evidence_kind = models.CharField(max_length=4)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reason = models.CharField(_("未通过原因"), max_length=200, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "category", "-id"]
        verbose_name = _("继续教育记录")
        verbose_name_plural = _("继续教育记录")
        indexes = [
            models.Index(fields=["applicant", "year"], name="training_applicant_year"),
            models.Index(fields=["unit", "status"], name="training_unit_status"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="training_hours_positive")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_category_display()} {self.hours}"

    @property
    def content_type(self) -> str:
        return {"jpg": "image/jpeg", "png": "image/png", "pdf": "application/pdf"}.get(
            self.evidence_kind, "application/octet-stream"
        )

    @property
    def deletable(self) -> bool:
        """The applicant may delete a record until the unit confirms it."""
        return self.status != TrainingRecord.Status.CONFIRMED

    @property
    def reviewable(self) -> bool:
        """The unit confirms or returns a record once, while it is pending."""
        return self.status == TrainingRecord.Status.PENDING
