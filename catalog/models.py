"""The qualification catalogue: series, levels, titles, specialties, conditions, templates."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhicheng.localnames import local_name


class Level(models.IntegerChoices):
    """职称级别."""

    JUNIOR = 1, _("初级")
    INTERMEDIATE = 2, _("中级")
    ASSOCIATE_SENIOR = 3, _("副高")
    SENIOR = 4, _("正高")


class BusinessType(models.TextChoices):
    """The kinds of application, each with its own menu, template and chain [S0]."""

    REVIEW = "review", _("评审")
    INITIAL = "initial", _("初次确定")
    SPECIAL = "special", _("特殊人才认定")
    CONFER = "confer", _("授予")
    FHJ = "fhj", _("访惠聚三年高定")


class Series(models.Model):
    """系列 (e.g. 中小学教师 within 教师系列, 社会科学研究, 卫生系列)."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("系列名称"), max_length=50, unique=True)
    # Uyghur beside the Chinese (docs/adr/0035-uyghur-and-rtl.md); blank = show the Chinese.
    name_ug = models.CharField(_("维吾尔文名称"), max_length=150, blank=True, default="")
    group = models.CharField(_("所属大类"), max_length=50, blank=True, help_text=_("如 教师系列"))
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("系列")
        verbose_name_plural = _("系列")

    def __str__(self) -> str:
        return local_name(self)


class Title(models.Model):
    """资格名称 at a level of a series (二级教师, 助理研究员, 编审, 教授 …)."""

    series = models.ForeignKey(
        Series, models.PROTECT, related_name="titles", verbose_name=_("系列")
    )
    level = models.PositiveSmallIntegerField(_("级别"), choices=Level.choices)
    name = models.CharField(_("资格名称"), max_length=50)
    # Uyghur beside the Chinese (docs/adr/0035-uyghur-and-rtl.md); blank = show the Chinese.
    name_ug = models.CharField(_("维吾尔文名称"), max_length=150, blank=True, default="")
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["series__sort_order", "level", "sort_order", "id"]
        verbose_name = _("资格名称")
        verbose_name_plural = _("资格名称")
        constraints = [
            models.UniqueConstraint(fields=["series", "name"], name="title_unique_in_series")
        ]

    def __str__(self) -> str:
        return f"{local_name(self.series)}/{local_name(self)}"


class Specialty(models.Model):
    """专业 within a series (幼儿教育, 临床医学 …)."""

    series = models.ForeignKey(
        Series, models.PROTECT, related_name="specialties", verbose_name=_("系列")
    )
    name = models.CharField(_("专业名称"), max_length=50)
    # Uyghur beside the Chinese (docs/adr/0035-uyghur-and-rtl.md); blank = show the Chinese.
    name_ug = models.CharField(_("维吾尔文名称"), max_length=150, blank=True, default="")
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["series__sort_order", "sort_order", "id"]
        verbose_name = _("专业")
        verbose_name_plural = _("专业")
        constraints = [
            models.UniqueConstraint(fields=["series", "name"], name="specialty_unique_in_series")
        ]

    def __str__(self) -> str:
        return local_name(self)


class QualificationCondition(models.Model):
    """任职资格条件: education, years, achievements, practice — readable by everyone."""

    series = models.ForeignKey(Series, models.CASCADE, related_name="conditions")
    level = models.PositiveSmallIntegerField(_("级别"), choices=Level.choices)
    title = models.CharField(_("标题"), max_length=100)
    # Uyghur beside the Chinese (docs/adr/0035-uyghur-and-rtl.md); blank = show the Chinese.
    title_ug = models.CharField(_("维吾尔文名称"), max_length=250, blank=True, default="")
    text = models.TextField(_("条件正文"))
    effective_year = models.PositiveSmallIntegerField(_("实施年度"), default=2019)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["series__sort_order", "level"]
        verbose_name = _("任职资格条件")
        verbose_name_plural = _("任职资格条件")
        constraints = [models.UniqueConstraint(fields=["series", "level"], name="condition_unique")]

    def __str__(self) -> str:
        return local_name(self, "title")


class FormTemplate(models.Model):
    """A sectioned application form for a series and business type, versioned by year.

    A template in use by any application is never edited in place: a change makes a new
    version (see `catalog.templates`). `revision` counts the writes to the template, its
    sections, fields and slots (every writer bumps it, `catalog.templates.bump_revision`):
    what was read or computed from a template is valid for the revision it was read at.
    """

    series = models.ForeignKey(
        Series, models.PROTECT, related_name="templates", verbose_name=_("系列")
    )
    business_type = models.CharField(
        _("业务类型"), max_length=10, choices=BusinessType.choices, default=BusinessType.REVIEW
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    name = models.CharField(_("模板名称"), max_length=100)
    is_published = models.BooleanField(_("已发布"), default=True)
    revision = models.PositiveIntegerField(_("修订次数"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["series__sort_order", "business_type", "-year", "-version"]
        verbose_name = _("申请书模板")
        verbose_name_plural = _("申请书模板")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "business_type", "year", "version"],
                name="template_unique_version",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.year} v{self.version}）"


class TemplateSection(models.Model):
    """A numbered section (栏目) of a template, e.g. 1 基本信息."""

    template = models.ForeignKey(FormTemplate, models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("序号"))
    key = models.SlugField(_("标识"), max_length=40)
    title = models.CharField(_("栏目名称"), max_length=50)
    # Uyghur beside the Chinese (docs/adr/0035-uyghur-and-rtl.md); blank = show the Chinese.
    title_ug = models.CharField(_("维吾尔文名称"), max_length=150, blank=True, default="")
    hint = models.TextField(_("填写提示"), blank=True)
    repeatable = models.BooleanField(
        _("可多行"), default=False, help_text=_("如学历学位情况，每条一行")
    )
    max_rows = models.PositiveSmallIntegerField(_("最多行数"), default=20)
    required = models.BooleanField(_("必填栏目"), default=True)
    filled_by_unit = models.BooleanField(
        _("由单位填写"), default=False, help_text=_("如 单位推荐意见，申请人不填写")
    )

    class Meta:
        ordering = ["template", "position"]
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")
        constraints = [
            models.UniqueConstraint(
                fields=["template", "position"], name="section_unique_position"
            ),
            models.UniqueConstraint(fields=["template", "key"], name="section_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.position} {local_name(self, 'title')}"


class TemplateField(models.Model):
    """A field in a section; its value is kept in the application's section data by key."""

    class Type(models.TextChoices):
        TEXT = "text", _("单行文本")
        TEXTAREA = "textarea", _("多行文本")
        INTEGER = "integer", _("整数")
        DECIMAL = "decimal", _("小数")
        DATE = "date", _("日期")
        MONTH = "month", _("年月")
        CHOICE = "choice", _("单选")
        MULTICHOICE = "multichoice", _("多选")
        BOOLEAN = "boolean", _("是/否")
        PHONE = "phone", _("手机号")
        AUTO = "auto", _("系统带出")

    section = models.ForeignKey(TemplateSection, models.CASCADE, related_name="fields")
    position = models.PositiveSmallIntegerField(_("序号"))
    key = models.SlugField(_("标识"), max_length=40)
    label = models.CharField(_("字段名称"), max_length=50)
    # Uyghur beside the Chinese (docs/adr/0035-uyghur-and-rtl.md); blank = show the Chinese.
    label_ug = models.CharField(_("维吾尔文名称"), max_length=150, blank=True, default="")
    type = models.CharField(_("类型"), max_length=12, choices=Type.choices, default=Type.TEXT)
    required = models.BooleanField(_("必填"), default=False)
    hint = models.CharField(_("填写提示"), max_length=200, blank=True)
    choices = models.JSONField(_("选项"), default=list, blank=True)
    min_value = models.DecimalField(
        _("最小值"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("最大值"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    max_length = models.PositiveIntegerField(_("最大长度"), null=True, blank=True)

    class Meta:
        ordering = ["section", "position"]
        verbose_name = _("字段")
        verbose_name_plural = _("字段")
        constraints = [
            models.UniqueConstraint(fields=["section", "key"], name="field_unique_key"),
            models.UniqueConstraint(fields=["section", "position"], name="field_unique_position"),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(min_value__lte=models.F("max_value")),
                name="field_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return local_name(self, "label")


class AttachmentSlot(models.Model):
    """A place in a section for scans of evidence (证明材料)."""

    section = models.ForeignKey(TemplateSection, models.CASCADE, related_name="slots")
    position = models.PositiveSmallIntegerField(_("序号"))
    key = models.SlugField(_("标识"), max_length=40)
    label = models.CharField(_("附件名称"), max_length=100)
    required = models.BooleanField(_("必传"), default=False)
    max_files = models.PositiveSmallIntegerField(_("最多文件数"), default=5)
    hint = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["section", "position"]
        verbose_name = _("附件位置")
        verbose_name_plural = _("附件位置")
        constraints = [
            models.UniqueConstraint(fields=["section", "key"], name="slot_unique_key"),
        ]

    def __str__(self) -> str:
        return self.label


# --------------------------------------------------------------- 资格预审 (eligibility rules)


class Education(models.TextChoices):
    """学历, lowest first: the order is the rank a minimum is compared by."""

    SECONDARY = "secondary", _("高中及以下")
    VOCATIONAL = "vocational", _("中等专科")
    ASSOCIATE = "associate", _("大学专科")
    BACHELOR = "bachelor", _("大学本科")
    MASTER = "master", _("硕士研究生")
    DOCTORATE = "doctorate", _("博士研究生")

    @classmethod
    def rank(cls, code: str) -> int:
        """0 for the lowest; -1 for an unknown code."""
        try:
            return list(cls.values).index(code)
        except ValueError:
            return -1


# The words the templates store (the choice lists of 学历 and 学位, catalog/reference) → code.
EDUCATION_BY_ANSWER: dict[str, str] = {
    "高中及以下": Education.SECONDARY,  # i18n: data
    "中等专科": Education.VOCATIONAL,  # i18n: data
    "大学专科": Education.ASSOCIATE,  # i18n: data
    "大学本科": Education.BACHELOR,  # i18n: data
    "硕士研究生": Education.MASTER,  # i18n: data
    "博士研究生": Education.DOCTORATE,  # i18n: data
}
EDUCATION_BY_DEGREE: dict[str, str] = {
    "学士": Education.BACHELOR,  # i18n: data
    "硕士": Education.MASTER,  # i18n: data
    "博士": Education.DOCTORATE,  # i18n: data
}

MAX_RULE_YEARS = 50
MAX_HOURS_PER_YEAR = 500
MAX_HOURS_YEARS = 10


class YearsBasis(models.TextChoices):
    """What 任职年限 counts from."""

    TITLE = "title", _("取得现职称")
    WORK = "work", _("参加工作")


class EligibilityRule(models.Model):
    """资格预审规则: the machine-checkable part of one series' and level's 任职资格条件 for one
    year. Applications of a year use that year's rules (or the latest earlier year's); a new
    year starts as a copy of the last, so last year's rules stay as they were. Every change is
    kept in `EligibilityRuleRevision`. Written only by `catalog.actions`.
    """

    series = models.ForeignKey(
        Series, models.PROTECT, related_name="eligibility_rules", verbose_name=_("系列")
    )
    level = models.PositiveSmallIntegerField(_("级别"), choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    min_education = models.CharField(
        _("最低学历"), max_length=12, choices=Education.choices, blank=True
    )
    years_basis = models.CharField(
        _("任职年限起算"), max_length=8, choices=YearsBasis.choices, blank=True
    )
    min_years = models.PositiveSmallIntegerField(_("最少年限"), null=True, blank=True)
    hours_per_year = models.PositiveSmallIntegerField(_("继续教育每年学时"), null=True, blank=True)
    hours_years = models.PositiveSmallIntegerField(_("继续教育计算年数"), default=3)
    # "section_key.slot_key" of template attachment slots that must hold a file.
    required_slots = models.JSONField(_("必备附件"), default=list, blank=True)
    southern_min_education = models.CharField(
        _("南疆四地州最低学历"), max_length=12, choices=Education.choices, blank=True
    )
    southern_min_years = models.PositiveSmallIntegerField(
        _("南疆四地州最少年限"), null=True, blank=True
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    revision = models.PositiveIntegerField(_("修订次数"), default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["series__sort_order", "level", "-year"]
        verbose_name = _("资格预审规则")
        verbose_name_plural = _("资格预审规则")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "level", "year"], name="eligibility_rule_unique"
            ),
            models.CheckConstraint(
                condition=(Q(min_years__isnull=True) | Q(min_years__lte=MAX_RULE_YEARS))
                & (Q(southern_min_years__isnull=True) | Q(southern_min_years__lte=MAX_RULE_YEARS))
                & (
                    Q(hours_per_year__isnull=True)
                    | Q(hours_per_year__gte=1, hours_per_year__lte=MAX_HOURS_PER_YEAR)
                )
                & Q(hours_years__gte=1, hours_years__lte=MAX_HOURS_YEARS),
                name="eligibility_rule_bounds",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series_id}/{self.level}/{self.year}"


class EligibilityRuleRevision(models.Model):
    """The values of a rule as one change left them. Append-only: never edited or deleted."""

    rule = models.ForeignKey(EligibilityRule, models.CASCADE, related_name="revisions")
    revision = models.PositiveIntegerField(_("修订次数"))
    values = models.JSONField(_("规则内容"), default=dict)
    summary = models.CharField(_("操作内容"), max_length=300)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["rule", "-revision"]
        verbose_name = _("资格预审规则修订")
        verbose_name_plural = _("资格预审规则修订")
        constraints = [
            models.UniqueConstraint(fields=["rule", "revision"], name="eligibility_revision_unique")
        ]

    def __str__(self) -> str:
        return f"{self.rule_id}#{self.revision}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError("rule revisions are append-only")
        super().save(*args, **kwargs)


class ReferenceStamp(models.Model):
    """One row whose value changes, in the same transaction, with every write to a reference
    table (series, titles, regions, committees, windows … — catalog.stamp.watch): database
    triggers set it to a new random number, so a process that read rows under a stamp knows
    they are still the committed rows while the stamp is unchanged (orgs.refrows, ADR 0042).
    Random rather than counted: a rolled-back write must never bring back a value that rows
    were cached under."""

    value = models.BigIntegerField(_("参考数据版本"), default=0)

    class Meta:
        verbose_name = _("参考数据版本")
        verbose_name_plural = _("参考数据版本")

    def __str__(self) -> str:
        return str(self.value)
