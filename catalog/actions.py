"""The catalogue's own writes: 资格预审规则 (eligibility rules), 任职资格条件 texts and the
catalogue itself (series, titles, specialties), on behalf of an hr_admin. Templates are
written by `catalog.templates`.

系统设置 pages call these; nothing else changes a rule. Each action owns its transaction,
locks the row it changes, refuses a page drawn from an older revision, validates, writes,
appends an `EligibilityRuleRevision` (the rule's history, kept for good) and a security
audit row. Rules serve every region, so only the 自治区 hr_admin may change them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.actions import record
from audit.models import AuditEvent
from catalog.models import (
    MAX_HOURS_PER_YEAR,
    MAX_HOURS_YEARS,
    MAX_RULE_YEARS,
    Education,
    EligibilityRule,
    EligibilityRuleRevision,
    Level,
    QualificationCondition,
    Series,
    Specialty,
    Title,
    YearsBasis,
)
from catalog.rules import education_label
from lib import stale
from lib.refusal import Refused, Stale

if TYPE_CHECKING:
    from accounts.models import User

SLOT_KEY = re.compile(r"^[-a-zA-Z0-9_]{1,40}\.[-a-zA-Z0-9_]{1,40}$")
MAX_REQUIRED_SLOTS = 30
MIN_YEAR, MAX_YEAR = 2000, 2100


RULE_STALE = gettext_lazy("此规则在您打开页面后已被他人修改。请查看最新内容后重新填写。")
CONDITION_STALE = gettext_lazy("任职资格条件在您打开页面后已被他人修改。请查看最新内容后重新填写。")
ITEM_STALE = gettext_lazy("此项设置在您打开页面后已被他人修改。请查看最新内容后重新填写。")


@dataclass(frozen=True)
class RuleData:
    """What an hr_admin sets on one rule (empty text / None: no such requirement)."""

    min_education: str = ""
    years_basis: str = ""
    min_years: int | None = None
    hours_per_year: int | None = None
    hours_years: int = 3
    required_slots: tuple[str, ...] = ()
    southern_min_education: str = ""
    southern_min_years: int | None = None
    note: str = ""


FIELDS = tuple(RuleData.__dataclass_fields__)


def values_of(rule: EligibilityRule) -> dict[str, Any]:
    """The rule's settings as plain data (what a revision keeps)."""
    values = {name: getattr(rule, name) for name in FIELDS}
    values["required_slots"] = list(rule.required_slots)
    return values


def data_of(rule: EligibilityRule) -> RuleData:
    values = values_of(rule)
    values["required_slots"] = tuple(values["required_slots"])
    return RuleData(**values)


def may_edit(user: User) -> bool:
    """Rules serve every region: the 自治区 hr_admin (or one with no region) edits them."""
    if str(user.role) != "hr_admin":
        return False
    region = user.admin_region
    return region is None or str(region.level) == "autonomous"


def _require_editor(user: User) -> None:
    if not may_edit(user):
        raise Refused(_("资格预审规则由自治区人社管理员维护。"))


def validate(data: RuleData) -> None:
    """Refuse what no form should let through; the first problem found, with its field."""
    for name in ("min_education", "southern_min_education"):
        value = getattr(data, name)
        if value and value not in Education.values:
            raise Refused(_("请选择列表中的学历。"), name)
    if data.years_basis and data.years_basis not in YearsBasis.values:
        raise Refused(_("请选择任职年限的起算方式。"), "years_basis")
    for name in ("min_years", "southern_min_years"):
        value = getattr(data, name)
        if value is not None and not 0 <= value <= MAX_RULE_YEARS:
            raise Refused(_("年限应在 0 到 %(m)d 年之间。") % {"m": MAX_RULE_YEARS}, name)
    if data.years_basis and data.min_years is None:
        raise Refused(_("选择了起算方式，请填写最少年限。"), "min_years")
    if data.min_years is not None and not data.years_basis:
        raise Refused(_("请选择任职年限从何时起算。"), "years_basis")
    if data.southern_min_years is not None:
        if data.min_years is None:
            raise Refused(_("未设置最少年限时，不能设置南疆四地州的年限。"), "southern_min_years")
        if data.southern_min_years > data.min_years:
            raise Refused(
                _("南疆四地州的年限是放宽条件，不能多于一般年限（%(n)d 年）。")
                % {"n": data.min_years},
                "southern_min_years",
            )
    if data.southern_min_education:
        if not data.min_education:
            raise Refused(
                _("未设置最低学历时，不能设置南疆四地州的学历。"), "southern_min_education"
            )
        if Education.rank(data.southern_min_education) > Education.rank(data.min_education):
            raise Refused(
                _("南疆四地州的学历是放宽条件，不能高于一般要求（%(e)s）。")
                % {"e": education_label(data.min_education)},
                "southern_min_education",
            )
    if data.hours_per_year is not None and not 1 <= data.hours_per_year <= MAX_HOURS_PER_YEAR:
        raise Refused(
            _("每年学时应在 1 到 %(m)d 之间。") % {"m": MAX_HOURS_PER_YEAR}, "hours_per_year"
        )
    if not 1 <= data.hours_years <= MAX_HOURS_YEARS:
        raise Refused(_("计算年数应在 1 到 %(m)d 年之间。") % {"m": MAX_HOURS_YEARS}, "hours_years")
    if len(data.required_slots) > MAX_REQUIRED_SLOTS:
        raise Refused(_("必备附件太多。"), "required_slots")
    if any(not SLOT_KEY.match(key) for key in data.required_slots):
        raise Refused(_("请选择模板中的附件。"), "required_slots")
    if len(data.note) > 200:
        raise Refused(_("说明不能超过 200 字。"), "note")


def _summary(verb: str, series: Series, level: int, year: int, changes: Sequence[str]) -> str:
    head = _("%(verb)s资格预审规则：%(y)s年 %(s)s %(l)s") % {
        "verb": verb,
        "y": year,
        "s": series.name,
        "l": Level(level).label,
    }
    return f"{head}（{'；'.join(changes)}）" if changes else head


def _changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    labels = {f.name: str(f.verbose_name) for f in EligibilityRule._meta.fields}
    return [
        f"{labels[name]}：{_shown(before.get(name))} → {_shown(after[name])}"
        for name in FIELDS
        if before.get(name) != after[name]
    ]


def _shown(value: Any) -> str:
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        return "、".join(value)
    if isinstance(value, str) and value in Education.values:
        return education_label(value)
    if isinstance(value, str) and value in YearsBasis.values:
        return str(YearsBasis(value).label)
    return str(value)


def _write(user: User | None, rule: EligibilityRule, summary: str, *, audited: bool = True) -> None:
    EligibilityRuleRevision.objects.create(
        rule=rule, revision=rule.revision, values=values_of(rule), summary=summary[:300], actor=user
    )
    if audited and user is not None:
        record(
            AuditEvent.Action.SETTINGS_CHANGED,
            actor=user,
            target=f"{_('资格预审规则')} #{rule.pk}",
            detail=summary,
        )


@transaction.atomic
def save_rule(
    user: User,
    *,
    series_id: int,
    level: int,
    year: int,
    data: RuleData,
    revision: int | None,
) -> EligibilityRule:
    """Create or change the rule of one series, level and year.

    `revision` is the revision the form was drawn from (None: the page showed no rule yet);
    a rule saved by someone else in between refuses the change. Rules of other years are
    never touched, so applications of an earlier year keep the rules they were made under.
    """
    _require_editor(user)
    if level not in Level.values:
        raise Refused(_("请选择级别。"), "level")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Refused(_("年度应在 %(a)d 到 %(b)d 之间。") % {"a": MIN_YEAR, "b": MAX_YEAR})
    series = Series.objects.filter(pk=series_id).first()
    if series is None:
        raise Refused(_("请选择系列。"), "series")
    validate(data)
    rule = (
        EligibilityRule.objects.select_for_update()
        .filter(series=series, level=level, year=year)
        .first()
    )
    if rule is None:
        if revision is not None:
            raise Stale(str(RULE_STALE))
        rule = EligibilityRule(series=series, level=level, year=year)
        before: dict[str, Any] = {}
        verb = _("新增")
    else:
        if revision != rule.revision:
            raise Stale(str(RULE_STALE))
        before = values_of(rule)
        verb = _("修改")
    for name, value in asdict(data).items():
        setattr(rule, name, list(value) if name == "required_slots" else value)
    changes = _changes(before, values_of(rule))
    if before and not changes:
        return rule  # nothing differs: no new revision, no history line
    if before:
        rule.revision += 1
    try:
        with transaction.atomic():
            rule.save()
    except IntegrityError as error:
        # Two first saves of the same rule at once: the second finds the first's row.
        raise Stale(str(RULE_STALE)) from error
    _write(user, rule, _summary(verb, series, level, year, changes))
    return rule


@transaction.atomic
def copy_year(user: User, *, from_year: int, to_year: int) -> int:
    """Start `to_year` from `from_year`'s rules: every series and level that has a rule in
    `from_year` and none in `to_year` gets a copy. Returns how many were made."""
    _require_editor(user)
    if not MIN_YEAR <= to_year <= MAX_YEAR:
        raise Refused(_("年度应在 %(a)d 到 %(b)d 之间。") % {"a": MIN_YEAR, "b": MAX_YEAR})
    if from_year == to_year:
        raise Refused(_("请选择另一个年度复制。"))
    # The series rows are the lock: two copies into the same year queue up here.
    list(Series.objects.select_for_update().order_by("pk").values_list("pk", flat=True))
    have = set(EligibilityRule.objects.filter(year=to_year).values_list("series_id", "level"))
    made = 0
    sources = EligibilityRule.objects.filter(year=from_year).select_related("series")
    for source in sources.order_by("series__sort_order", "level"):
        if (source.series_id, source.level) in have:
            continue
        rule = EligibilityRule(series=source.series, level=source.level, year=to_year)
        for name, value in values_of(source).items():
            setattr(rule, name, value)
        rule.save()
        summary = _summary(
            _("新增"),
            source.series,
            source.level,
            to_year,
            [_("复制自 %(y)s 年") % {"y": from_year}],
        )
        _write(user, rule, summary, audited=False)
        made += 1
    if made:
        record(
            AuditEvent.Action.SETTINGS_CHANGED,
            actor=user,
            target=str(_("资格预审规则")),
            detail=_("复制 %(a)s 年的资格预审规则到 %(b)s 年：%(n)d 条")
            % {"a": from_year, "b": to_year, "n": made},
        )
    return made


def seed_rule(
    series: Series, level: int, year: int, data: RuleData
) -> tuple[EligibilityRule, bool]:
    """The reference data's starting rule: created once with its first revision, then left
    to the administrators (never overwritten). Returns the rule and whether it was made."""
    validate(data)
    rule = EligibilityRule.objects.filter(series=series, level=level, year=year).first()
    if rule is not None:
        return rule, False
    rule = EligibilityRule(series=series, level=level, year=year)
    for name, value in asdict(data).items():
        setattr(rule, name, list(value) if name == "required_slots" else value)
    rule.save()
    _write(None, rule, _summary(_("参考数据新增"), series, level, year, []), audited=False)
    return rule, True


# ------------------------------------------------------- 任职资格条件 (the published text)

CONDITION_TITLE_MAX = 100
CONDITION_TEXT_MAX = 20_000


@transaction.atomic
def save_condition_text(
    user: User,
    condition_id: int,
    *,
    title: str,
    text: str,
    effective_year: int,
    version: str | None,
) -> tuple[QualificationCondition, list[str]]:
    """Change the published 任职资格条件 of one series and level: its title, text and the
    year it applies from. Returns the condition and the names of what changed.

    The text is what people read (the public 任职资格条件 page shows it at once); what the
    platform checks is the 资格预审规则 above, kept apart. Conditions serve every region, so
    only the 自治区 hr_admin changes them. The caller writes the audit row (系统设置).
    """
    if not may_edit(user):
        raise Refused(_("任职资格条件由自治区人社管理员维护。"))
    condition = QualificationCondition.objects.select_for_update().get(pk=condition_id)
    stale.check(version, condition, message=str(CONDITION_STALE))
    title, text = title.strip(), text.strip()
    if not title or len(title) > CONDITION_TITLE_MAX:
        raise Refused(_("标题应为 1 到 %(n)d 个字。") % {"n": CONDITION_TITLE_MAX}, "title")
    if not text or len(text) > CONDITION_TEXT_MAX:
        raise Refused(_("条件正文应为 1 到 %(n)d 个字。") % {"n": CONDITION_TEXT_MAX}, "text")
    if not MIN_YEAR <= effective_year <= MAX_YEAR:
        raise Refused(
            _("年度应在 %(a)d 到 %(b)d 之间。") % {"a": MIN_YEAR, "b": MAX_YEAR}, "effective_year"
        )
    wanted = {"title": title, "text": text, "effective_year": effective_year}
    changed = [name for name, value in wanted.items() if getattr(condition, name) != value]
    if not changed:
        raise Refused(_("任职资格条件没有变化，无需保存。"))
    for name in changed:
        setattr(condition, name, wanted[name])
    condition.save(update_fields=[*changed, "updated_at"])
    labels = [
        str(getattr(QualificationCondition._meta.get_field(name), "verbose_name", name))
        for name in changed
    ]
    return condition, labels


# ------------------------------------------------------- the catalogue (系列, 资格名称, 专业)

CATALOGUE_MODELS: dict[str, type[models.Model]] = {
    "series": Series,
    "title": Title,
    "specialty": Specialty,
}


@transaction.atomic
def save_catalogue_item(
    user: User,
    kind: str,
    values: dict[str, Any],
    *,
    item_id: int | None = None,
    version: str | None = None,
) -> models.Model:
    """Add (`item_id` None) or change a series, title or specialty; `version` is
    `lib.stale.token(item)` of the row the form was drawn from. The caller keeps the record."""
    if not may_edit(user):
        raise Refused(_("资格目录和申请书模板由自治区人社管理员维护。"))
    model = CATALOGUE_MODELS[kind]
    if item_id is None:
        item = model()
    else:
        item = model._default_manager.select_for_update().get(pk=item_id)
        stale.check(version, item, message=str(ITEM_STALE))
    for attr, value in values.items():
        setattr(item, attr, value)
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError as error:
        raise Refused(_("名称或代码与已有记录重复。"), "name") from error
    return item
