"""Accounts: one platform-wide account per person or unit, with a single role."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lib import visibility
from orgs.models import BaseUnit, Department, Region, ReviewCommittee
from zhicheng.uploads import private_storage, upload_path


class Role(models.TextChoices):
    APPLICANT = "applicant", _("申请人")
    UNIT_ADMIN = "unit_admin", _("基层工作单位管理员")
    DEPT_REVIEWER = "dept_reviewer", _("审核部门管理员")
    COMMITTEE_STAFF = "committee_staff", _("评审委员会工作人员")
    HR_ADMIN = "hr_admin", _("人社管理员")
    EXPERT = "expert", _("评审专家")


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
    # The interface language this account chose (settings.LANGUAGES); blank = the browser's.
    language = models.CharField(_("界面语言"), max_length=10, blank=True, default="")

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
        """The number as anyone but its holder sees it (lib.visibility: no viewer is the holder)."""
        return visibility.id_for(None, self, self.id_number)

    @property
    def minutes_used(self) -> int:
        return self.seconds_used // 60

    def has_role(self, *roles: str) -> bool:
        return self.is_authenticated and self.role in roles

    def acting_region_id(self) -> int | None:
        """The prefecture (or 自治区) this account acts for: an hr_admin's region, the region of
        their unit, committee or department (a county folded into its prefecture); None for
        applicants. Copied onto each audit row (docs/adr/0022-security-audit-log.md)."""
        role = str(self.role)
        if role == Role.HR_ADMIN:
            return self.admin_region_id
        if role == Role.UNIT_ADMIN and self.unit_id:
            return (
                BaseUnit.objects.filter(pk=self.unit_id).values_list("region_id", flat=True).first()
            )
        if role == Role.COMMITTEE_STAFF and self.committee_id:
            return (
                ReviewCommittee.objects.filter(pk=self.committee_id)
                .values_list("region_id", flat=True)
                .first()
            )
        if role == Role.DEPT_REVIEWER and self.department_id:
            row = (
                Department.objects.filter(pk=self.department_id)
                .values_list("region_id", "region__level", "region__parent_id")
                .first()
            )
            if row is None:
                return None
            region_id, level, parent_id = row
            return parent_id if level == Region.Level.COUNTY and parent_id else region_id
        return None
