"""Accounts: one platform-wide account per person or unit, with a single role."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lib.idcard import mask_id_number
from lib.storage import private_storage, upload_path


class Role(models.TextChoices):
    APPLICANT = "applicant", _("申请人")
    UNIT_ADMIN = "unit_admin", _("基层工作单位管理员")
    DEPT_REVIEWER = "dept_reviewer", _("审核部门管理员")
    COMMITTEE_STAFF = "committee_staff", _("评审委员会工作人员")
    HR_ADMIN = "hr_admin", _("人社管理员")


class User(AbstractUser):
    """A platform account. Applicants hold an ID number; staff accounts belong to an organisation."""

    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.APPLICANT)
    real_name = models.CharField(_("姓名"), max_length=50, blank=True)
    id_number = models.CharField(
        _("身份证号"),
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        error_messages={"unique": _("该身份证号已注册，一个身份证号只能注册一次。")},
    )
    mobile = models.CharField(_("手机号"), max_length=11, blank=True)
    id_card_scan = models.FileField(
        _("身份证扫描件"),
        storage=private_storage,
        upload_to=upload_path("idcards"),
        blank=True,
        max_length=200,
    )
    id_card_scan_name = models.CharField(max_length=200, blank=True)
    unit = models.ForeignKey(
        "orgs.BaseUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="admins",
        verbose_name=_("基层工作单位"),
    )
    department = models.ForeignKey(
        "orgs.Department",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("审核部门"),
    )
    committee = models.ForeignKey(
        "orgs.ReviewCommittee",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("评审委员会"),
    )
    admin_region = models.ForeignKey(
        "orgs.Region",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("管理区域"),
    )
    seconds_used = models.PositiveIntegerField(_("已使用时长(秒)"), default=0)
    notice_accepted_at = models.DateTimeField(_("同意注册须知时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="unit_admin") | Q(unit__isnull=False), name="unit_admin_has_unit"
            ),
            models.CheckConstraint(
                condition=~Q(role="dept_reviewer") | Q(department__isnull=False),
                name="dept_reviewer_has_department",
            ),
            models.CheckConstraint(
                condition=~Q(role="committee_staff") | Q(committee__isnull=False),
                name="committee_staff_has_committee",
            ),
            models.CheckConstraint(
                condition=~Q(role="applicant") | Q(id_number__isnull=False),
                name="applicant_has_id_number",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.real_name or self.username

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number or "")

    @property
    def minutes_used(self) -> int:
        return self.seconds_used // 60

    def has_role(self, *roles: str) -> bool:
        return self.is_authenticated and self.role in roles
