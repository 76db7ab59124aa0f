"""After formal review: paper materials, meeting review, publicity with objections, approval."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from orgs.models import ReviewCommittee


class PaperReceipt(models.Model):
    """纸质材料: whether an application's paper materials reached the committee."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("已收到")
        MISSING = "missing", _("材料缺失")

    application = models.OneToOneField(Application, models.CASCADE, related_name="paper_receipt")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("纸质材料")
        verbose_name_plural = _("纸质材料")

    def __str__(self) -> str:
        return f"{self.application_id}:{self.status}"


class Meeting(models.Model):
    """会议评审: one sitting of a committee in a year."""

    committee = models.ForeignKey(ReviewCommittee, models.PROTECT, related_name="meetings")
    year = models.PositiveSmallIntegerField(_("年度"))
    name = models.CharField(_("会议名称"), max_length=100)
    held_on = models.DateField(_("会议日期"))
    members = models.PositiveSmallIntegerField(
        _("委员人数"),
        null=True,
        blank=True,
        help_text=_("本次会议评审委员会的委员人数；出席委员须达到三分之二"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("评审会议")
        verbose_name_plural = _("评审会议")

    def __str__(self) -> str:
        return self.name


class MeetingResult(models.Model):
    """One application's outcome at a meeting: who sat, how they voted, the result."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("待评审")
        PASSED = "passed", _("评审通过")
        FAILED = "failed", _("评审未通过")

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="results")
    application = models.OneToOneField(Application, models.PROTECT, related_name="meeting_result")
    members_present = models.PositiveSmallIntegerField(_("出席委员人数"), null=True, blank=True)
    votes_for = models.PositiveSmallIntegerField(_("赞成票"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("反对票"), null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField(_("弃权票"), null=True, blank=True)
    outcome = models.CharField(
        _("评审结果"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    # Bumped by every recording, so a result page drawn before someone else's change is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("会议评审结果")
        verbose_name_plural = _("会议评审结果")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="pending")
                | (
                    Q(members_present__gte=1)
                    & Q(votes_for__isnull=False)
                    & Q(votes_against__isnull=False)
                    & Q(votes_abstain__isnull=False)
                ),
                name="result_votes_recorded",
            ),
            # The structural half of the vote rule; the 2/3 rule itself lives in results.rules.
            models.CheckConstraint(
                condition=Q(outcome="pending")
                | Q(
                    members_present__gte=models.F("votes_for")
                    + models.F("votes_against")
                    + models.F("votes_abstain")
                ),
                name="result_votes_within_present",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}:{self.outcome}"


class Publicity(models.Model):
    """公示: the passing list of one meeting, public for a period.

    `committee` and `year` repeat the meeting's so scoping and the public list need no join.
    """

    committee = models.ForeignKey(ReviewCommittee, models.PROTECT, related_name="publicities")
    meeting = models.OneToOneField(
        Meeting, models.PROTECT, related_name="publicity", verbose_name=_("评审会议")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("公示标题"), max_length=150)
    starts_on = models.DateField(_("公示开始日期"))
    ends_on = models.DateField(_("公示结束日期"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("公示")
        verbose_name_plural = _("公示")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__lte=models.F("ends_on")), name="publicity_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.title


class PublicityEntry(models.Model):
    """A person on a publicity list; an upheld objection takes them off it."""

    publicity = models.ForeignKey(Publicity, models.CASCADE, related_name="entries")
    application = models.OneToOneField(Application, models.PROTECT, related_name="publicity_entry")
    removed = models.BooleanField(_("已撤出名单"), default=False)
    removed_reason = models.CharField(_("撤出原因"), max_length=300, blank=True)

    class Meta:
        ordering = ["publicity", "id"]
        verbose_name = _("公示名单")
        verbose_name_plural = _("公示名单")

    def __str__(self) -> str:
        return f"{self.publicity_id}:{self.application_id}"


class Objection(models.Model):
    """异议: lodged by anyone during the publicity period, decided by committee staff."""

    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        UPHELD = "upheld", _("异议成立")
        DISMISSED = "dismissed", _("异议不成立")

    entry = models.ForeignKey(PublicityEntry, models.CASCADE, related_name="objections")
    name = models.CharField(_("异议人姓名"), max_length=50)
    contact = models.CharField(_("联系方式"), max_length=100)
    text = models.TextField(_("异议内容"), max_length=2000)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("处理意见"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("异议")
        verbose_name_plural = _("异议")

    def __str__(self) -> str:
        return f"{self.entry_id}:{self.status}"


class ApprovalDocument(models.Model):
    """批文: issued after publicity for the passers who remain on the list, or directly for
    special-talent applications of a committee that needs no meeting for them."""

    committee = models.ForeignKey(ReviewCommittee, models.PROTECT, related_name="approvals")
    # None for a 特殊人才认定 批文 issued directly, without a meeting or publicity.
    publicity = models.OneToOneField(
        Publicity, models.PROTECT, null=True, blank=True, related_name="approval"
    )
    number = models.CharField(
        _("批文号"), max_length=50, unique=True, help_text=_("如 新职改〔2026〕12号")
    )
    issued_on = models.DateField(_("发文日期"))
    authority = models.CharField(_("发文机关"), max_length=100)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("批文")
        verbose_name_plural = _("批文")

    def __str__(self) -> str:
        return self.number


class ApprovalEntry(models.Model):
    document = models.ForeignKey(ApprovalDocument, models.CASCADE, related_name="entries")
    application = models.OneToOneField(Application, models.PROTECT, related_name="approval")

    class Meta:
        ordering = ["document", "id"]

    def __str__(self) -> str:
        return f"{self.document_id}:{self.application_id}"


class ImportJob(models.Model):
    """会议结果导入 of a large sheet, done on a worker (more than IMPORT_INLINE_MAX_ROWS rows).

    The request reads the sheet and keeps its rows here (JSON, as read); the worker judges
    and writes them in one transaction with the job's outcome, so the all-or-nothing rule
    and the row errors are those of an inline import, and a repeated delivery finds the
    job finished and does nothing.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("等待导入")
        DONE = "done", _("已导入")
        REFUSED = "refused", _("未导入")

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="import_jobs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    file_name = models.CharField(_("文件名"), max_length=200, blank=True)
    rows = models.JSONField(default=list)
    row_count = models.PositiveIntegerField(_("行数"))
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    imported = models.PositiveIntegerField(_("已导入"), default=0)
    message = models.CharField(max_length=300, blank=True)
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("评审结果导入")
        verbose_name_plural = _("评审结果导入")
        indexes = [models.Index(fields=["status", "enqueued_at"], name="importjob_status_enq")]

    def __str__(self) -> str:
        return f"{self.meeting_id}:{self.status}:{self.row_count}"
