"""专家评审: the expert pool, panels drawn for meetings, online votes, 复查 and complaints.

See docs/adr/0034-expert-review.md. Every change is an action in `experts/actions*.py`; the
rows here are written nowhere else. `PanelEvent` is the append-only history of a panel.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from catalog.models import Series, Specialty
from orgs.models import BaseUnit, Region, ReviewCommittee
from results.models import Meeting
from zhicheng.uploads import private_storage, upload_path


class Expert(models.Model):
    """评审专家库: one expert of a committee's pool for a series, with an expert account."""

    committee = models.ForeignKey(ReviewCommittee, models.PROTECT, related_name="experts")
    series = models.ForeignKey(Series, models.PROTECT, related_name="+", verbose_name=_("系列"))
    specialty = models.ForeignKey(
        Specialty, models.PROTECT, related_name="+", verbose_name=_("专业")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="expert", verbose_name=_("账号")
    )
    name = models.CharField(_("姓名"), max_length=50)
    title = models.CharField(_("职称"), max_length=50)
    unit_name = models.CharField(_("工作单位"), max_length=100)
    unit = models.ForeignKey(
        BaseUnit, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("单位")
    )
    region = models.ForeignKey(Region, models.PROTECT, related_name="+", verbose_name=_("地区"))
    is_active = models.BooleanField(_("在库"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["committee", "series", "specialty", "id"]
        verbose_name = _("评审专家")
        verbose_name_plural = _("评审专家库")

    def __str__(self) -> str:
        return self.name


class Relation(models.Model):
    """A relation an expert declared (spouse, relative, supervisor …): steps aside from them."""

    expert = models.ForeignKey(Expert, models.CASCADE, related_name="relations")
    id_number = models.CharField(_("关系人身份证号"), max_length=18)
    name = models.CharField(_("关系人姓名"), max_length=50)
    kind = models.CharField(_("关系"), max_length=30)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["expert", "id_number"], name="relation_once")
        ]

    def __str__(self) -> str:
        return f"{self.expert_id}:{self.kind}"


class Panel(models.Model):
    """The experts drawn for one meeting: its 评审委员会 for that sitting.

    `seed` makes the draw reproducible: `experts.draw.draw(pool, rules, size, seed)` on the
    same pool gives the same panel, so an auditor can re-run it.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("评审中")
        CLOSED = "closed", _("已结束")

    meeting = models.OneToOneField(Meeting, models.PROTECT, related_name="panel")
    size = models.PositiveSmallIntegerField(_("评审专家人数"))
    rules = models.JSONField(_("组成规则"), default=dict, blank=True)
    seed = models.CharField(_("随机种子"), max_length=40)
    pool = models.JSONField(_("抽取时的专家库"), default=list)
    excluded = models.JSONField(_("回避排除的专家"), default=list, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default="open")
    recheck_until = models.DateField(_("复查申请截止日期"), null=True, blank=True)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    drawn_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("评审专家组")
        verbose_name_plural = _("评审专家组")
        constraints = [models.CheckConstraint(condition=Q(size__gte=3), name="panel_size_min")]

    def __str__(self) -> str:
        return f"{self.meeting_id}:{self.status}"


class Seat(models.Model):
    """One drawn expert on a panel; a declined seat stays, and its replacement is a new seat."""

    class Status(models.TextChoices):
        DRAWN = "drawn", _("已抽取")
        DECLINED = "declined", _("已谢绝")

    panel = models.ForeignKey(Panel, models.CASCADE, related_name="seats")
    expert = models.ForeignKey(Expert, models.PROTECT, related_name="seats")
    order = models.PositiveSmallIntegerField(_("抽取顺序"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default="drawn")
    decline_reason = models.CharField(_("谢绝原因"), max_length=200, blank=True)
    replaces = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )
    attended = models.BooleanField(_("出席"), null=True, blank=True)

    class Meta:
        ordering = ["panel", "order"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "expert"], name="seat_expert_once"),
            models.UniqueConstraint(fields=["panel", "order"], name="seat_order_once"),
        ]

    def __str__(self) -> str:
        return f"{self.panel_id}:{self.expert_id}:{self.status}"


class Interest(models.Model):
    """回避: a drawn expert declared an interest in one applicant and does not vote on them."""

    seat = models.ForeignKey(Seat, models.CASCADE, related_name="interests")
    application = models.ForeignKey(Application, models.PROTECT, related_name="+")
    reason = models.CharField(_("回避原因"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["seat", "application"], name="interest_once")
        ]

    def __str__(self) -> str:
        return f"{self.seat_id}:{self.application_id}"


class Vote(models.Model):
    """One expert's vote on one application; cast once, never changed (the constraint says so)."""

    class Choice(models.TextChoices):
        FOR = "for", _("同意")
        AGAINST = "against", _("不同意")
        ABSTAIN = "abstain", _("弃权")

    seat = models.ForeignKey(Seat, models.PROTECT, related_name="votes")
    application = models.ForeignKey(Application, models.PROTECT, related_name="+")
    choice = models.CharField(_("表决意见"), max_length=10, choices=Choice.choices)
    opinion = models.CharField(_("评审意见"), max_length=500, blank=True)
    cast_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["seat", "application"], name="vote_once")]

    def __str__(self) -> str:
        return f"{self.seat_id}:{self.application_id}"


class PanelEvent(models.Model):
    """The history of a panel: drawn, declined, replaced, interest, vote cast, closed …"""

    class Kind(models.TextChoices):
        DRAWN = "drawn", _("抽取专家")
        DECLINED = "declined", _("专家谢绝")
        REPLACED = "replaced", _("补抽专家")
        INTEREST = "interest", _("声明回避")
        VOTED = "voted", _("投票")
        CLOSED = "closed", _("会议结束")
        RECHECK = "recheck", _("复查期限")

    panel = models.ForeignKey(Panel, models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["panel", "id"]

    def __str__(self) -> str:
        return f"{self.panel_id}:{self.kind}"


class Recheck(models.Model):
    """复查: an applicant who did not pass asks for re-examination; the committee decides.

    Upheld, it goes to a new vote before the panel of `revote_meeting`; the outcome of that
    vote is kept here (`revote_*`).
    """

    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        UPHELD = "upheld", _("同意复查")
        REFUSED = "refused", _("不予复查")
        DONE = "done", _("复查完成")

    application = models.ForeignKey(Application, models.PROTECT, related_name="rechecks")
    panel = models.ForeignKey(Panel, models.PROTECT, related_name="rechecks")
    reasons = models.TextField(_("复查理由"), max_length=2000)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default="open")
    decision_note = models.CharField(_("处理意见"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    revote_panel = models.ForeignKey(
        Panel, models.PROTECT, null=True, blank=True, related_name="revotes"
    )
    revote_present = models.PositiveSmallIntegerField(null=True, blank=True)
    revote_for = models.PositiveSmallIntegerField(null=True, blank=True)
    revote_against = models.PositiveSmallIntegerField(null=True, blank=True)
    revote_abstain = models.PositiveSmallIntegerField(null=True, blank=True)
    revote_passed = models.BooleanField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("复查申请")
        verbose_name_plural = _("复查申请")
        constraints = [
            models.UniqueConstraint(fields=["application", "panel"], name="recheck_once")
        ]

    def __str__(self) -> str:
        return f"{self.application_id}:{self.status}"


class RecheckFile(models.Model):
    recheck = models.ForeignKey(Recheck, models.CASCADE, related_name="files")
    file = models.FileField(
        storage=private_storage, upload_to=upload_path("rechecks"), max_length=200
    )
    display_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)

    def __str__(self) -> str:
        return self.display_name


class Complaint(models.Model):
    """投诉 about a committee's review, from anyone: a signed-in account (`author`, told of the
    answer) or without one (`author` None: a name and contact optional, the address kept for
    the rate limit's audit); staff answer it once."""

    committee = models.ForeignKey(ReviewCommittee, models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    contact = models.CharField(_("联系方式"), max_length=100, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    text = models.TextField(_("投诉内容"), max_length=2000)
    answer = models.TextField(_("答复"), max_length=2000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.committee_id}:{self.pk}"
