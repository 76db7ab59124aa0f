"""资格预审: each 资格预审规则 of the application's series, level and year, met or not, computed
from what the application already holds. The applicant's 资格预审 page, the panel beside
提交至工作单位 and the reviewers' 办理 page all draw this one result.

A rule not met is a warning, never a refusal: the unit and the committee decide (issue 13).

Where the answers are read (the field keys the reference templates use, catalog/reference/
templates_common.py): 1 基本信息 `education` (最高学历) and `work_start_date` (参加工作时间);
学历学位情况 rows `education` and `degree`; 专业技术资格 rows `obtained_date` (取得时间) — the
latest one is the current title. Years are counted to 31 December of the application year,
as the conditions' text says. Continuing-education hours are the hours the base unit
confirmed in the 继续教育 records (`training.rules.confirmed_hours`, the same computation
the submission check uses).

A fixed number of queries whatever the number of rows, records or files: the rule, the
template's sections, the section answers, the placed files, the confirmed hours, and the
unit's region (and its prefecture for a county).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from applications import display
from applications.models import Application, SlotFile
from catalog.models import (
    EDUCATION_BY_ANSWER,
    EDUCATION_BY_DEGREE,
    BusinessType,
    Education,
    EligibilityRule,
    YearsBasis,
)
from catalog.rules import education_label, rule_for, slots_of
from catalog.templates import template_version
from orgs import refrows
from orgs.models import Region
from training.rules import confirmed_hours

BASIC, EDUCATION, QUALIFICATION = "basic", "education", "qualification"
BASIC_EDUCATION, WORK_START = "education", "work_start_date"
ROW_EDUCATION, ROW_DEGREE, OBTAINED = "education", "degree", "obtained_date"
TRAINING = "training"  # not a section: the 继续教育 records page


@dataclass(frozen=True)
class Check:
    """One requirement of the rule, as this application stands."""

    kind: str  # education, years, hours, attachment
    requirement: str  # 学历不低于大学本科
    met: bool
    have: str  # what the application holds
    missing: str  # what is missing ("" when met)
    section_key: str  # where to fill it: a section key, or TRAINING
    place: str  # that place in words: "1 基本信息", "继续教育记录"
    relaxed: bool = False  # the southern prefectures' value was applied


@dataclass
class Precheck:
    """The whole result; `rule` None when no rule applies to this application."""

    app: Application
    rule: EligibilityRule | None
    southern: bool = False
    checks: list[Check] = field(default_factory=list)
    not_applicable: str = ""

    @property
    def unmet(self) -> list[Check]:
        return [c for c in self.checks if not c.met]

    @property
    def all_met(self) -> bool:
        return self.rule is not None and not self.unmet

    def rows(self, url_for: Callable[[str], str]) -> list[Row]:
        """Each check with the link to where it is filled in, as the viewer's page has it
        (`url_for` gets a section key or TRAINING and answers "" for no link)."""
        return [Row(check, url_for(check.section_key)) for check in self.checks]


@dataclass(frozen=True)
class Row:
    check: Check
    url: str


def add_years(start: date, years: int) -> date:
    """The day `years` full years after `start` (29 February → 1 March in a common year)."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return date(start.year + years, 3, 1)


def full_years(start: date, end: date) -> int:
    """Whole years from `start` to `end` (0 when `end` is earlier)."""
    years = end.year - start.year
    if add_years(start, years) > end:
        years -= 1
    return max(years, 0)


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    rows = data.get("rows") or []
    return [r for r in rows if isinstance(r, dict)]


def highest_education(answers: dict[str, dict[str, Any]]) -> str:
    """The highest 学历 the application states (最高学历, each 学历 and 学位 row); "" if none."""
    found = [EDUCATION_BY_ANSWER.get(str(answers.get(BASIC, {}).get(BASIC_EDUCATION, "")), "")]
    for row in _rows(answers.get(EDUCATION, {})):
        found.append(EDUCATION_BY_ANSWER.get(str(row.get(ROW_EDUCATION, "")), ""))
        found.append(EDUCATION_BY_DEGREE.get(str(row.get(ROW_DEGREE, "")), ""))
    known = [code for code in found if code]
    return max(known, key=Education.rank) if known else ""


def current_title_date(answers: dict[str, dict[str, Any]]) -> date | None:
    """When the current title was obtained: the latest 取得时间 in 专业技术资格."""
    dates = [_date(row.get(OBTAINED)) for row in _rows(answers.get(QUALIFICATION, {}))]
    known = [d for d in dates if d is not None]
    return max(known) if known else None


def is_southern(app: Application) -> bool:
    """The unit sits in one of the southern four prefectures (or a county of one)."""
    region = app.unit.region
    if region.is_southern:
        return True
    if region.level == Region.Level.COUNTY and region.parent_id is not None:
        # The parent comes with the process's reference rows on pages (orgs.refrows).
        return bool(region.parent and region.parent.is_southern)
    return False


def precheck(app: Application) -> Precheck:
    """资格预审 of one application (see the module docstring)."""
    if app.business_type != BusinessType.REVIEW:
        return Precheck(
            app,
            None,
            not_applicable=_("资格预审只适用于职称评审申请书，本业务类型由评审机构审核。"),
        )
    # The rules come with the reference rows the application was fetched with (orgs.refrows).
    ref = display.reference_of(app)
    if ref is not None:
        rule = refrows.eligibility_rule(ref, app.series_id, app.level, app.year)
    else:
        rule = rule_for(app.series_id, app.level, app.year)
    if rule is None:
        return Precheck(app, None, not_applicable=_("本系列、本级别尚未设置资格预审规则。"))
    sections = {s.key: f"{s.position} {s.title}" for s in template_version(app.template).sections}
    # All saved sections: already in hand on the pages that read them (one query otherwise).
    answers = {
        s.key: s.data for s in app.section_data.all() if s.key in (BASIC, EDUCATION, QUALIFICATION)
    }
    southern = is_southern(app)
    result = Precheck(app, rule, southern=southern)
    if rule.min_education:
        result.checks.append(_education(rule, answers, sections, southern))
    if rule.years_basis and rule.min_years is not None:
        result.checks.append(_years(app, rule, answers, sections, southern))
    if rule.hours_per_year:
        result.checks.append(_hours(app, rule))
    if rule.required_slots:
        result.checks.extend(_attachments(app, rule, sections))
    return result


def _place(sections: dict[str, str], key: str) -> str:
    return sections.get(key, "")


def _education(
    rule: EligibilityRule,
    answers: dict[str, dict[str, Any]],
    sections: dict[str, str],
    southern: bool,
) -> Check:
    relaxed = southern and bool(rule.southern_min_education)
    need = rule.southern_min_education if relaxed else rule.min_education
    have = highest_education(answers)
    requirement = _("学历不低于%(e)s") % {"e": education_label(need)}
    if not have:
        return Check(
            "education",
            requirement,
            False,
            _("未填写"),
            _("请在基本信息中选择最高学历。"),
            BASIC,
            _place(sections, BASIC),
            relaxed,
        )
    met = Education.rank(have) >= Education.rank(need)
    return Check(
        "education",
        requirement,
        met,
        education_label(have),
        ""
        if met
        else _("最高学历%(have)s，低于%(need)s。")
        % {"have": education_label(have), "need": education_label(need)},
        BASIC,
        _place(sections, BASIC),
        relaxed,
    )


def _years(
    app: Application,
    rule: EligibilityRule,
    answers: dict[str, dict[str, Any]],
    sections: dict[str, str],
    southern: bool,
) -> Check:
    relaxed = southern and rule.southern_min_years is not None
    need = rule.southern_min_years if relaxed else rule.min_years
    assert need is not None  # noqa: S101 - precheck only calls this with min_years set
    until = date(app.year, 12, 31)
    if rule.years_basis == YearsBasis.TITLE:
        start = current_title_date(answers)
        key, what = QUALIFICATION, _("取得现职称")
        blank = _("请在专业技术资格中填写现职称的取得时间。")
    else:
        start = _date(answers.get(BASIC, {}).get(WORK_START))
        key, what = BASIC, _("参加工作")
        blank = _("请在基本信息中填写参加工作时间。")
    requirement = _("%(what)s满 %(n)d 年（计算至 %(d)s）") % {
        "what": what,
        "n": need,
        "d": f"{until:%Y-%m-%d}",
    }
    if start is None:
        return Check(
            "years", requirement, False, _("未填写"), blank, key, _place(sections, key), relaxed
        )
    reached = add_years(start, need)
    met = reached <= until
    have = _("%(d)s起，满 %(n)d 年") % {"d": f"{start:%Y-%m-%d}", "n": full_years(start, until)}
    missing = ""
    if not met:
        gap = (reached - until).days
        missing = (
            _("%(d)s才满 %(n)d 年，差 %(days)d 天。")
            % {"d": f"{reached:%Y-%m-%d}", "n": need, "days": gap}
            if gap <= 366
            else _("%(d)s才满 %(n)d 年。") % {"d": f"{reached:%Y-%m-%d}", "n": need}
        )
    return Check("years", requirement, met, have, missing, key, _place(sections, key), relaxed)


def _number(value: Decimal | int) -> str:
    """90, 89.5 — never 90.0 or 9E+1 (PostgreSQL sums keep the column's scale)."""
    return format(Decimal(value).normalize(), "f")


def _hours(app: Application, rule: EligibilityRule) -> Check:
    need = rule.hours_per_year or 0
    years = list(range(app.year - rule.hours_years, app.year))
    totals = confirmed_hours(app.applicant_id, years)
    short = [y for y in years if totals.get(y, 0) < need]
    requirement = _("%(a)d—%(b)d 年每年继续教育不少于 %(h)d 学时") % {
        "a": years[0],
        "b": years[-1],
        "h": need,
    }
    have = "，".join(
        _("%(y)d 年 %(h)s 学时") % {"y": y, "h": _number(totals.get(y, 0))} for y in years
    )
    missing = "；".join(
        _("%(y)d 年已确认 %(h)s 学时，还差 %(d)s 学时")
        % {"y": y, "h": _number(totals.get(y, 0)), "d": _number(need - totals.get(y, 0))}
        for y in short
    )
    return Check(
        "hours",
        requirement,
        not short,
        have,
        (missing + _("（以单位确认的学时为准）")) if short else "",
        TRAINING,
        _("继续教育记录"),
    )


def _attachments(app: Application, rule: EligibilityRule, sections: dict[str, str]) -> list[Check]:
    from_template = {s.key: s.label for s in slots_of(app.template_id)}
    wanted = [key for key in rule.required_slots if key in from_template]
    if not wanted:
        return []  # this form has none of the named slots: nothing the applicant could fill
    placed = {
        f"{section}.{slot}"
        for section, slot in SlotFile.objects.filter(application=app)
        .order_by()
        .values_list("section_key", "slot_key")
        .distinct()
    }
    checks = []
    for key in wanted:
        section_key = key.partition(".")[0]
        met = key in placed
        checks.append(
            Check(
                "attachment",
                _("须上传：%(s)s") % {"s": from_template[key]},
                met,
                _("已上传") if met else _("未上传"),
                "" if met else _("请在该栏目上传相应证明材料。"),
                section_key,
                _place(sections, section_key),
            )
        )
    return checks
