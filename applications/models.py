"""The application (申请书): its sections, attachments, place in the chain, and history."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import BusinessType, FormTemplate, Level, Series, Specialty, Title
from orgs.models import BaseUnit, Department, ReviewChain, ReviewCommittee
from zhicheng.localnames import local_name
from zhicheng.uploads import private_storage, upload_path

# Chain labels written into history rows and node visits (stored values, compared as such).
APPLICANT_LABEL = "申请人"  # i18n: data
PASSED_LABEL = "通过形式审核"  # i18n: data


class Status(models.TextChoices):
    DRAFT = "draft", _("申请人")
    RETURNED = "returned", _("退回修改")
    IN_REVIEW = "in_review", _("审核中")
    PASSED = "passed", _("通过形式审核")


_LEVEL_LABELS = dict(Level.choices)


class Application(models.Model):
    """申请书: one qualification applied for by one person in one year.

    `position` is the index of the chain node holding it: 0 is the applicant, 1..n the
    nodes copied into `nodes` at submission; after the last node it is PASSED. The
    holder_* columns name the organisation whose queue it is in (resolved when it
    arrives at a node), so every queue is one indexed query.
    """

    number = models.CharField(_("申请书编号"), max_length=20, unique=True, null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("申请年度"))
    business_type = models.CharField(
        _("业务类型"), max_length=10, choices=BusinessType.choices, default=BusinessType.REVIEW
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="applications",
        verbose_name=_("申请人"),
    )
    series = models.ForeignKey(Series, models.PROTECT, related_name="+", verbose_name=_("系列"))
    level = models.PositiveSmallIntegerField(_("级别"), choices=Level.choices)
    title = models.ForeignKey(Title, models.PROTECT, related_name="+", verbose_name=_("资格名称"))
    specialty = models.ForeignKey(
        Specialty, models.PROTECT, related_name="+", verbose_name=_("专业")
    )
    unit = models.ForeignKey(
        BaseUnit, models.PROTECT, related_name="applications", verbose_name=_("基层工作单位")
    )
    committee = models.ForeignKey(
        ReviewCommittee, models.PROTECT, related_name="applications", verbose_name=_("评审委员会")
    )
    template = models.ForeignKey(
        FormTemplate, models.PROTECT, related_name="+", verbose_name=_("模板")
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    position = models.PositiveSmallIntegerField(_("当前节点"), default=0)
    submission_count = models.PositiveSmallIntegerField(_("已提交次数"), default=0)
    chain = models.ForeignKey(ReviewChain, models.PROTECT, null=True, blank=True, related_name="+")
    nodes = models.JSONField(_("审核流程"), default=list, blank=True)
    holder_unit = models.ForeignKey(
        BaseUnit, models.PROTECT, null=True, blank=True, related_name="+"
    )
    holder_department = models.ForeignKey(
        Department, models.PROTECT, null=True, blank=True, related_name="+"
    )
    holder_committee = models.ForeignKey(
        ReviewCommittee, models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The last transition, kept here so lists draw `[申请人]提交到[基层工作单位] 办理时间` with no join.
    last_from = models.CharField(max_length=50, blank=True)
    last_to = models.CharField(max_length=50, blank=True)
    last_action_at = models.DateTimeField(null=True, blank=True)
    recheck_needed = models.BooleanField(
        _("需重新检查"), default=False, help_text=_("更改资格后，申请人须重新检查各栏目")
    )
    # Section completeness as stored state (applications.completeness): the keys of the
    # applicant's sections that are not complete, as computed against the template's
    # `revision` kept beside them (0: never computed). 提交 reads these, not the template.
    incomplete_keys = models.JSONField(default=list, blank=True)
    completeness_revision = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    passed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("申请书")
        verbose_name_plural = _("申请书")
        constraints = [
            # One qualification once a year, whatever the business type [S0][S1].
            models.UniqueConstraint(
                fields=["applicant", "year", "title"], name="application_one_title_per_year"
            ),
            models.CheckConstraint(
                condition=~Q(status="in_review") | Q(position__gte=1),
                name="application_in_review_at_node",
            ),
        ]
        indexes = [
            # The queues: where it waits, oldest first (an index scan that stops at the page).
            models.Index(
                fields=["holder_unit", "status", "last_action_at", "id"], name="app_holder_unit_idx"
            ),
            models.Index(
                fields=["holder_department", "status", "last_action_at", "id"],
                name="app_holder_dept_idx",
            ),
            models.Index(
                fields=["holder_committee", "status", "last_action_at", "id"],
                name="app_holder_committee_idx",
            ),
            # 申请书查询 of a unit: newest year first, then newest (a scan that stops at the page).
            models.Index(fields=["unit", "year", "id"], name="app_unit_year_id_idx"),
        ]

    def __str__(self) -> str:
        return self.number or _("申请书#%(pk)s") % {"pk": self.pk}

    @property
    def region_label(self) -> str:
        region = self.committee.region
        return str(_("自治区")) if region.level == "autonomous" else local_name(region)

    @property
    def qualification_label(self) -> str:
        """`[乌鲁木齐市][中级]社会科学研究/助理研究员`."""
        # Level's own labels, as get_level_display() gives them without re-hashing every
        # choice (with its lazily translated label) on each call: drawn on every list row.
        level = _LEVEL_LABELS.get(self.level, self.level)
        return f"[{self.region_label}][{level}]{local_name(self.series)}/{local_name(self.title)}"

    @property
    def at_applicant(self) -> bool:
        return self.status in (Status.DRAFT, Status.RETURNED)

    @property
    def current_label(self) -> str:
        if self.status == Status.PASSED:
            return PASSED_LABEL
        if self.position == 0 or not self.nodes:
            return APPLICANT_LABEL
        return str(self.nodes[self.position - 1]["label"])

    def chain_labels(self, fallback: list[dict[str, Any]] | None = None) -> list[str]:
        nodes = self.nodes or fallback or []
        return [APPLICANT_LABEL, *[str(n["label"]) for n in nodes], PASSED_LABEL]


class NodeVisit(models.Model):
    """The organisation that held the application at a node, for one submission round.

    Written when the application arrives at a node; `left_at` is set when it moves on.
    Reviewers see the applications their organisation holds or has held.
    """

    application = models.ForeignKey(Application, models.CASCADE, related_name="visits")
    submission_no = models.PositiveSmallIntegerField()
    position = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=50)
    unit = models.ForeignKey(BaseUnit, models.PROTECT, null=True, blank=True, related_name="+")
    department = models.ForeignKey(
        Department, models.PROTECT, null=True, blank=True, related_name="+"
    )
    committee = models.ForeignKey(
        ReviewCommittee, models.PROTECT, null=True, blank=True, related_name="+"
    )
    arrived_at = models.DateTimeField(auto_now_add=True)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["application", "submission_no", "position"]
        indexes = [
            models.Index(fields=["department"], name="visit_department_idx"),
            models.Index(fields=["committee"], name="visit_committee_idx"),
            # The visit a move closes: the one still open, however long the history.
            models.Index(
                fields=["application"], condition=Q(left_at__isnull=True), name="visit_open_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}#{self.submission_no}:{self.label}"


class SectionData(models.Model):
    """What the applicant entered in one section, kept as the template's field keys."""

    application = models.ForeignKey(Application, models.CASCADE, related_name="section_data")
    key = models.SlugField(max_length=40)
    data = models.JSONField(default=dict, blank=True)
    is_complete = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["application", "key"]
        constraints = [
            models.UniqueConstraint(fields=["application", "key"], name="section_data_unique")
        ]

    def __str__(self) -> str:
        return f"{self.application_id}:{self.key}"


class Attachment(models.Model):
    """A scan in an applicant's 附件库: uploaded once, usable in any of their applications."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="attachments")
    file = models.FileField(
        storage=private_storage, upload_to=upload_path("attachments"), max_length=200
    )
    display_name = models.CharField(_("文件名"), max_length=200)
    kind = models.CharField(max_length=4)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("附件")
        verbose_name_plural = _("附件库")
        constraints = [
            models.UniqueConstraint(fields=["owner", "sha256"], name="attachment_unique_content")
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def content_type(self) -> str:
        return {"jpg": "image/jpeg", "png": "image/png", "pdf": "application/pdf"}.get(
            self.kind, "application/octet-stream"
        )


class SlotFile(models.Model):
    """An attachment placed in a slot of a section of one application."""

    application = models.ForeignKey(Application, models.CASCADE, related_name="slot_files")
    section_key = models.SlugField(max_length=40)
    slot_key = models.SlugField(max_length=40)
    attachment = models.ForeignKey(Attachment, models.PROTECT, related_name="uses")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "section_key", "slot_key", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "section_key", "slot_key", "attachment"],
                name="slot_file_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id}:{self.section_key}/{self.slot_key}"


class CarriedOver(models.Model):
    """复制往年申请书: what 新增申请书 copied from an earlier application, and what it could not.

    Written once, by the create action, in its transaction. `gaps` lists what did not carry
    (`applications.carry.Gap` as JSON), each with this year's section to fill it in; the
    application page shows them until the first submission. `template` is the template the
    copy was made for: after 更改资格 to another template the links no longer apply.
    """

    application = models.OneToOneField(
        Application, models.CASCADE, related_name="carried_over", verbose_name=_("申请书")
    )
    source = models.ForeignKey(
        Application,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("复制自"),
    )
    # Kept apart from `source`: an unsubmitted earlier application may be deleted later.
    source_number = models.CharField(_("原申请书编号"), max_length=20)
    source_year = models.PositiveSmallIntegerField(_("原申请年度"))
    template = models.ForeignKey(FormTemplate, models.PROTECT, related_name="+")
    values = models.PositiveIntegerField(_("复制的内容项数"), default=0)
    files = models.PositiveIntegerField(_("复制的附件数"), default=0)
    gaps = models.JSONField(_("未能复制的内容"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("复制往年申请书记录")
        verbose_name_plural = _("复制往年申请书记录")

    def __str__(self) -> str:
        return f"{self.application_id} ← {self.source_number}"

    @property
    def copied(self) -> int:
        return self.values + self.files


class Action(models.TextChoices):
    CREATE = "create", _("新增")
    SUBMIT = "submit", _("提交")
    RECALL = "recall", _("收回")
    RETURN = "return", _("退回")
    PASS = "pass", _("审核通过")
    CHANGE = "change", _("更改资格")


class HistoryEntry(models.Model):
    """申请书步骤: an append-only record of every action. Never updated, never deleted."""

    application = models.ForeignKey(Application, models.CASCADE, related_name="history")
    action = models.CharField(max_length=10, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    actor_role = models.CharField(max_length=16)
    actor_org = models.CharField(max_length=100, blank=True)
    from_label = models.CharField(max_length=50)
    to_label = models.CharField(max_length=50)
    opinion = models.TextField(blank=True)
    submission_no = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "created_at", "id"]
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")

    def __str__(self) -> str:
        return f"{self.application_id}: [{self.from_label}]→[{self.to_label}]"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError("history rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("history rows are append-only")
