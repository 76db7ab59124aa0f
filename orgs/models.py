"""Regions and organisations: base units, departments, review committees, chains."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import BusinessType, Level, Series, Specialty
from zhicheng.localnames import local_name
from zhicheng.uploads import private_storage, upload_path


class Region(models.Model):
    """自治区, a prefecture-level division, or a county (县/市/区) under one."""

    class Level(models.TextChoices):
        AUTONOMOUS = "autonomous", _("自治区")
        PREFECTURE = "prefecture", _("地州市")
        COUNTY = "county", _("县(市、区)")

    code = models.CharField(_("行政区划代码"), max_length=6, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    # Uyghur beside the Chinese (docs/adr/0035-uyghur-and-rtl.md); blank = show the Chinese.
    name_ug = models.CharField(_("维吾尔文名称"), max_length=100, blank=True, default="")
    level = models.CharField(_("级别"), max_length=12, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级"),
    )
    is_southern = models.BooleanField(
        _("南疆四地州"), default=False, help_text=_("定向评审、定向使用政策适用")
    )
    is_entry = models.BooleanField(_("登录入口"), default=False)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("行政区域")
        verbose_name_plural = _("行政区域")

    def __str__(self) -> str:
        return local_name(self)

    @property
    def entry_region(self) -> Region:
        """The sign-in entry this region belongs to (itself, or the prefecture above a county)."""
        if self.level == self.Level.COUNTY and self.parent is not None:
            return self.parent
        return self


class Department(models.Model):
    """主管单位 / 材料接收部门 / 行业主管局 / 人社局 — a body that checks applications."""

    class Kind(models.TextChoices):
        COMPETENT = "competent", _("主管单位")
        RECEIVING = "receiving", _("材料接收部门")
        INDUSTRY = "industry", _("行业主管局")
        HRSS = "hrss", _("人社局")

    class Level(models.TextChoices):
        AUTONOMOUS = "autonomous", _("自治区级")
        PREFECTURE = "prefecture", _("地厅级")
        COUNTY = "county", _("县(市)级")

    name = models.CharField(_("部门名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    level = models.CharField(_("层级"), max_length=12, choices=Level.choices)
    region = models.ForeignKey(
        Region, models.PROTECT, related_name="departments", verbose_name=_("所属区域")
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["region__sort_order", "region__code", "name"]
        verbose_name = _("审核部门")
        verbose_name_plural = _("审核部门")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"], name="department_unique_name_in_region"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ReviewCommittee(models.Model):
    """评审委员会 / 评审机构: judges applications of a scope (series × level) in a region."""

    class FeeMode(models.TextChoices):
        NONE = "none", _("不收费")
        OFFLINE = "offline", _("线下缴费")
        ONLINE = "online", _("网上缴费")

    name = models.CharField(_("名称"), max_length=100)
    region = models.ForeignKey(
        Region, models.PROTECT, related_name="committees", verbose_name=_("所属区域")
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    submission_limit = models.PositiveSmallIntegerField(
        _("提交次数上限"), default=3, help_text=_("一般为 2 至 3 次")
    )
    fee_mode = models.CharField(
        _("缴费方式"), max_length=10, choices=FeeMode.choices, default=FeeMode.NONE
    )
    paper_deadline = models.DateField(_("纸质材料报送截止日期"), null=True, blank=True)
    paper_contents = models.TextField(_("纸质材料报送内容"), blank=True)
    paper_binding = models.TextField(_("装订方式"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    special_needs_meeting = models.BooleanField(
        _("特殊人才认定须经会议评审"),
        default=False,
        help_text=_("不勾选时，通过形式审核的特殊人才认定申请书由评审机构直接发文"),
    )

    class Meta:
        ordering = ["region__sort_order", "region__code", "name"]
        verbose_name = _("评审委员会")
        verbose_name_plural = _("评审委员会")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"], name="committee_unique_name_in_region"
            ),
            models.CheckConstraint(
                condition=Q(submission_limit__gte=1), name="committee_limit_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    """A contact person of a department or a committee, shown when hovering a chain node."""

    department = models.ForeignKey(
        Department, models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    committee = models.ForeignKey(
        ReviewCommittee, models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    name = models.CharField(_("联系人"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=30)
    duty = models.CharField(_("职责"), max_length=50, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("联系人")
        verbose_name_plural = _("联系人")
        constraints = [
            models.CheckConstraint(
                condition=(Q(department__isnull=False) & Q(committee__isnull=True))
                | (Q(department__isnull=True) & Q(committee__isnull=False)),
                name="contact_belongs_to_one_org",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.phone}"


class ReviewChain(models.Model):
    """The formal-review chain of a committee for a business type, as ordered nodes.

    The applicant's node comes first and 通过形式审核 last; both are implicit. Each
    version is immutable once an application has been submitted along it: edits make
    a new version (applications copy the chain they were submitted on).
    """

    committee = models.ForeignKey(ReviewCommittee, models.CASCADE, related_name="chains")
    business_type = models.CharField(
        _("业务类型"), max_length=10, choices=BusinessType.choices, default=BusinessType.REVIEW
    )
    version = models.PositiveIntegerField(_("版本"), default=1)
    is_current = models.BooleanField(_("当前版本"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["committee", "business_type", "-version"]
        verbose_name = _("审核流程")
        verbose_name_plural = _("审核流程")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "business_type", "version"], name="chain_unique_version"
            ),
            models.UniqueConstraint(
                fields=["committee", "business_type"],
                condition=Q(is_current=True),
                name="chain_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee} · {self.get_business_type_display()} · v{self.version}"


class ChainNode(models.Model):
    """One step of a chain, naming who acts there."""

    class Actor(models.TextChoices):
        BASE_UNIT = "base_unit", _("申请人的基层工作单位")
        RECOMMENDING = "recommending", _("基层单位的推荐单位(按层级)")
        DEPARTMENT = "department", _("指定部门")
        COMMITTEE = "committee", _("评审委员会")

    chain = models.ForeignKey(ReviewChain, models.CASCADE, related_name="nodes")
    position = models.PositiveSmallIntegerField(_("顺序"))
    label = models.CharField(_("节点名称"), max_length=50, help_text=_("如 地厅级材料接收部门"))
    actor = models.CharField(_("办理方"), max_length=14, choices=Actor.choices)
    department = models.ForeignKey(
        Department, models.PROTECT, null=True, blank=True, verbose_name=_("指定部门")
    )
    department_level = models.CharField(
        _("推荐单位层级"), max_length=12, choices=Department.Level.choices, blank=True
    )

    class Meta:
        ordering = ["chain", "position"]
        verbose_name = _("流程节点")
        verbose_name_plural = _("流程节点")
        constraints = [
            models.UniqueConstraint(fields=["chain", "position"], name="node_unique_position"),
            models.CheckConstraint(
                condition=~Q(actor="department") | Q(department__isnull=False),
                name="node_department_named",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class BaseUnit(models.Model):
    """基层工作单位: the employer that checks and recommends its staff's applications."""

    class Nature(models.TextChoices):
        AUTONOMOUS = "autonomous", _("自治区级单位")
        PREFECTURE = "prefecture", _("地州级单位")
        COUNTY = "county", _("县级及以下单位")

    name = models.CharField(_("单位名称"), max_length=100)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    region = models.ForeignKey(
        Region, models.PROTECT, related_name="units", verbose_name=_("所属地区")
    )
    county = models.ForeignKey(
        Region,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="county_units",
        verbose_name=_("所属县(市、区)"),
    )
    nature = models.CharField(_("单位性质"), max_length=12, choices=Nature.choices)
    contact_name = models.CharField(_("联系人"), max_length=50)
    contact_mobile = models.CharField(_("联系人手机"), max_length=11)
    licence_scan = models.FileField(
        _("营业执照或法人证书扫描件"),
        storage=private_storage,
        upload_to=upload_path("licences"),
        max_length=200,
    )
    licence_scan_name = models.CharField(max_length=200, blank=True)
    # Filled in through 完善单位信息; the unit may not review until these are present.
    address = models.CharField(_("单位地址"), max_length=200, blank=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=50, blank=True)
    phone = models.CharField(_("单位电话"), max_length=30, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    hr_person = models.CharField(_("职称工作负责人"), max_length=50, blank=True)
    hr_mobile = models.CharField(_("职称工作负责人手机"), max_length=11, blank=True)
    recommending_units = models.ManyToManyField(
        Department, blank=True, related_name="recommended_units", verbose_name=_("推荐单位")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["region__sort_order", "name"]
        verbose_name = _("基层工作单位")
        verbose_name_plural = _("基层工作单位")

    def __str__(self) -> str:
        return self.name

    COMPLETION_FIELDS = ("address", "legal_representative", "phone", "hr_person", "hr_mobile")

    @property
    def is_complete(self) -> bool:
        """完善单位信息 done: every field a reviewer needs is present."""
        return all(getattr(self, f) for f in self.COMPLETION_FIELDS) and bool(self.licence_scan)

    @property
    def number(self) -> str:
        return f"DWBH{self.pk:08d}"


class UnitNameChange(models.Model):
    """变更单位名称: the old name and code kept forever."""

    unit = models.ForeignKey(BaseUnit, models.CASCADE, related_name="name_changes")
    old_name = models.CharField(max_length=100)
    old_uscc = models.CharField(max_length=18)
    new_name = models.CharField(max_length=100)
    new_uscc = models.CharField(max_length=18)
    reason = models.CharField(_("变更原因"), max_length=200, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("单位名称变更记录")
        verbose_name_plural = _("单位名称变更记录")

    def __str__(self) -> str:
        return f"{self.old_name} → {self.new_name}"


class SimilarUnitFlag(models.Model):
    """A registration whose name equals, contains or is contained in another unit's name."""

    unit = models.ForeignKey(BaseUnit, models.CASCADE, related_name="similar_flags")
    similar_to = models.ForeignKey(BaseUnit, models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(_("处理意见"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("疑似重复单位")
        verbose_name_plural = _("疑似重复单位")
        constraints = [
            models.UniqueConstraint(fields=["unit", "similar_to"], name="similar_flag_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} ~ {self.similar_to_id}"


class CommitteeScope(models.Model):
    """A series and level a committee judges."""

    committee = models.ForeignKey(ReviewCommittee, models.CASCADE, related_name="scopes")
    series = models.ForeignKey(Series, models.PROTECT, related_name="+", verbose_name=_("系列"))
    level = models.PositiveSmallIntegerField(_("级别"), choices=Level.choices)

    class Meta:
        ordering = ["committee", "series__sort_order", "level"]
        verbose_name = _("评审范围")
        verbose_name_plural = _("评审范围")
        constraints = [
            models.UniqueConstraint(fields=["committee", "series", "level"], name="scope_unique")
        ]

    def __str__(self) -> str:
        return f"{self.series.name}·{self.get_level_display()}"


class ApplicationWindow(models.Model):
    """申报时间: when a committee accepts submissions, per specialty (blank = every specialty)."""

    committee = models.ForeignKey(ReviewCommittee, models.CASCADE, related_name="windows")
    business_type = models.CharField(
        _("业务类型"), max_length=10, choices=BusinessType.choices, default=BusinessType.REVIEW
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    series = models.ForeignKey(Series, models.PROTECT, related_name="+", verbose_name=_("系列"))
    specialty = models.ForeignKey(
        Specialty, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("专业")
    )
    opens_at = models.DateTimeField(_("开始时间"))
    closes_at = models.DateTimeField(_("截止时间"))

    class Meta:
        ordering = ["committee", "-year", "series__sort_order", "opens_at"]
        verbose_name = _("申报时间")
        verbose_name_plural = _("申报时间")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__lt=models.F("closes_at")), name="window_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.committee} {self.year} {self.series}"


class FeeRule(models.Model):
    """评审费: the amount a committee charges per level."""

    committee = models.ForeignKey(ReviewCommittee, models.CASCADE, related_name="fee_rules")
    level = models.PositiveSmallIntegerField(_("级别"), choices=Level.choices)
    amount = models.DecimalField(_("金额(元)"), max_digits=8, decimal_places=2)

    class Meta:
        ordering = ["committee", "level"]
        verbose_name = _("收费标准")
        verbose_name_plural = _("收费标准")
        constraints = [
            models.UniqueConstraint(fields=["committee", "level"], name="fee_rule_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="fee_rule_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.committee_id}:{self.level}:{self.amount}"
