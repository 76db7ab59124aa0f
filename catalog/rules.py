"""Reading 资格预审规则: which rule applies to a series, level and year, the attachment slots a
rule may name, and the rule in words. Writing them is `catalog.actions`'s job."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from catalog.models import (
    AttachmentSlot,
    BusinessType,
    Education,
    EligibilityRule,
    FormTemplate,
    YearsBasis,
)


def rule_for(series_id: int, level: int, year: int) -> EligibilityRule | None:
    """The rule for an application of `year`: that year's, else the latest earlier year's."""
    return (
        EligibilityRule.objects.filter(series_id=series_id, level=level, year__lte=year)
        .order_by("-year")
        .first()
    )


def rule_template(series_id: int, year: int) -> FormTemplate | None:
    """The 评审 form a rule of this year is checked against: the newest published version of
    that year, else of the latest earlier year."""
    return (
        FormTemplate.objects.filter(
            series_id=series_id,
            business_type=BusinessType.REVIEW,
            year__lte=year,
            is_published=True,
        )
        .order_by("-year", "-version")
        .first()
    )


@dataclass(frozen=True)
class SlotChoice:
    key: str  # "section_key.slot_key"
    label: str  # "4 专业技术资格 / 资格证书"
    template_required: bool


def slots_of(template_id: int | None) -> list[SlotChoice]:
    """Every attachment slot of a template, in form order (one query)."""
    if template_id is None:
        return []
    slots: QuerySet[AttachmentSlot] = (
        AttachmentSlot.objects.filter(section__template_id=template_id)
        .select_related("section")
        .order_by("section__position", "position")
    )
    return [
        SlotChoice(
            key=f"{s.section.key}.{s.key}",
            label=f"{s.section.position} {s.section.title} / {s.label}",
            template_required=s.required,
        )
        for s in slots
    ]


def education_label(code: str) -> str:
    return str(Education(code).label) if code in Education.values else code


def describe(rule: EligibilityRule, slot_labels: dict[str, str] | None = None) -> list[str]:
    """The rule in sentences, for the conditions page and 系统设置."""
    lines: list[str] = []
    if rule.min_education:
        lines.append(_("学历不低于%(e)s") % {"e": education_label(rule.min_education)})
    if rule.years_basis and rule.min_years is not None:
        lines.append(
            _("%(basis)s满 %(n)d 年（计算至申报年度 12 月 31 日）")
            % {"basis": _years_phrase(rule.years_basis), "n": rule.min_years}
        )
    if rule.hours_per_year:
        lines.append(
            _("申报前 %(y)d 年每年继续教育不少于 %(h)d 学时（以单位确认的学时为准）")
            % {"y": rule.hours_years, "h": rule.hours_per_year}
        )
    for key in rule.required_slots:
        label = (slot_labels or {}).get(key, key)
        lines.append(_("须上传附件：%(s)s") % {"s": label})
    southern = []
    if rule.southern_min_education:
        southern.append(_("学历不低于%(e)s") % {"e": education_label(rule.southern_min_education)})
    if rule.southern_min_years is not None and rule.years_basis:
        southern.append(
            _("%(basis)s满 %(n)d 年")
            % {"basis": _years_phrase(rule.years_basis), "n": rule.southern_min_years}
        )
    if southern:
        lines.append(_("南疆四地州单位的申报人：%(s)s") % {"s": "，".join(southern)})
    return lines


def _years_phrase(basis: str) -> str:
    if basis == YearsBasis.TITLE:
        return _("取得现职称后")
    return _("参加工作后")
