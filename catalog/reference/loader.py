"""Load the catalogue (series, titles, specialties, conditions) and the form templates."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import F

from catalog.actions import seed_rule
from catalog.models import (
    AttachmentSlot,
    EligibilityRule,
    FormTemplate,
    Level,
    QualificationCondition,
    Series,
    Specialty,
    TemplateField,
    TemplateSection,
    Title,
)
from catalog.reference import (
    templates_other,
    templates_professional,
    templates_special,
    templates_teacher,
)
from catalog.reference.conditions import CONDITIONS, EFFECTIVE_YEAR, condition_text
from catalog.reference.eligibility import RULE_YEAR, RULES
from catalog.reference.series import SERIES
from catalog.reference.upsert import Tally, index, upsert
from catalog.reference.uyghur import load_uyghur_names
from catalog.templates import bump_revision

TEMPLATES: list[dict[str, Any]] = [
    *templates_teacher.TEMPLATES,
    *templates_professional.TEMPLATES,
    *templates_special.TEMPLATES,
    *templates_other.TEMPLATES,
]

SECTION_COLUMNS = ("title", "hint", "repeatable", "max_rows", "required", "filled_by_unit")
FIELD_COLUMNS = (
    "label",
    "type",
    "required",
    "hint",
    "choices",
    "min_value",
    "max_value",
    "max_length",
)
SLOT_COLUMNS = ("label", "required", "max_files", "hint")
# Positions are moved out of the way by this much before a reordering is written,
# so that the (parent, position) unique constraints hold after every statement.
POSITION_SHIFT = 1000


def load_catalog(tally: Tally) -> None:
    load_series(tally)
    load_conditions(tally)
    load_templates(tally)
    load_eligibility_rules(tally)
    load_uyghur_names(tally)


def load_series(tally: Tally) -> None:
    titles = index(Title.objects.all(), "series", "name")
    specialties = index(Specialty.objects.all(), "series", "name")
    for order, data in enumerate(SERIES, start=1):
        series, _ = upsert(
            Series,
            tally,
            lookup={"code": data["code"]},
            defaults={"name": data["name"], "group": data["group"], "sort_order": order},
        )
        for position, (level, name) in enumerate(data["titles"], start=1):
            upsert(
                Title,
                tally,
                lookup={"series": series, "name": name},
                defaults={"level": level, "sort_order": position},
                existing=titles,
            )
        for position, name in enumerate(data["specialties"], start=1):
            upsert(
                Specialty,
                tally,
                lookup={"series": series, "name": name},
                defaults={"sort_order": position},
                existing=specialties,
            )


def load_conditions(tally: Tally) -> None:
    """任职资格条件 are a starting text: created once, then maintained by administrators."""
    for data in SERIES:
        series = Series.objects.get(code=data["code"])
        for level, _parts in CONDITIONS[data["code"]].items():
            names = "、".join(n for lv, n in data["titles"] if lv == level)
            upsert(
                QualificationCondition,
                tally,
                lookup={"series": series, "level": level},
                create_defaults={
                    "title": f"{series.name}{Level(level).label}（{names}）任职资格条件",
                    "text": condition_text(data["code"], level),
                    "effective_year": EFFECTIVE_YEAR,
                },
            )


def load_eligibility_rules(tally: Tally) -> None:
    """资格预审规则 for the series that have them: created once with their first revision."""
    for code, levels in RULES.items():
        series = Series.objects.get(code=code)
        for level, data in levels.items():
            _rule, made = seed_rule(series, level, RULE_YEAR, data)
            tally.note(EligibilityRule, "created" if made else "unchanged")


def template_in_use(template: FormTemplate) -> bool:
    """True once anything outside the template itself (an application) points at it."""
    for relation in FormTemplate._meta.related_objects:
        if relation.related_model is TemplateSection:
            continue
        related: Any = relation.related_model
        if related._default_manager.filter(**{relation.field.name: template}).exists():
            return True
    return False


def snapshot(template: FormTemplate) -> list[dict[str, Any]]:
    """The template's sections, fields and slots in the shape of the reference data."""
    sections = []
    for sec in template.sections.prefetch_related("fields", "slots").order_by("position"):
        row: dict[str, Any] = {"key": sec.key}
        row.update({c: getattr(sec, c) for c in SECTION_COLUMNS})
        row["fields"] = [
            {"key": f.key, **{c: getattr(f, c) for c in FIELD_COLUMNS}}
            for f in sorted(sec.fields.all(), key=lambda f: f.position)
        ]
        row["slots"] = [
            {"key": s.key, **{c: getattr(s, c) for c in SLOT_COLUMNS}}
            for s in sorted(sec.slots.all(), key=lambda s: s.position)
        ]
        sections.append(row)
    return sections


def _needs_shift(current: dict[str, int], wanted: dict[str, int]) -> bool:
    """True when writing the wanted positions one row at a time could collide."""
    taken_by_others = {pos for key, pos in current.items() if key not in wanted}
    return any(current.get(key, pos) != pos for key, pos in wanted.items()) or bool(
        taken_by_others & set(wanted.values())
    )


def _free_positions(template: FormTemplate, sections: list[dict[str, Any]]) -> None:
    """Move stored positions out of the way where the reference data reorders them."""
    wanted = {sec["key"]: pos for pos, sec in enumerate(sections, start=1)}
    stored = dict(template.sections.values_list("key", "position"))
    if _needs_shift(stored, wanted):
        template.sections.update(position=F("position") + POSITION_SHIFT)
    stored_fields: dict[str, dict[str, int]] = defaultdict(dict)
    rows = TemplateField.objects.filter(section__template=template)
    for section_key, key, position in rows.values_list("section__key", "key", "position"):
        stored_fields[section_key][key] = position
    for sec in sections:
        wanted = {f["key"]: pos for pos, f in enumerate(sec["fields"], start=1)}
        if _needs_shift(stored_fields.get(sec["key"], {}), wanted):
            rows.filter(section__key=sec["key"]).update(position=F("position") + POSITION_SHIFT)


def load_templates(tally: Tally) -> None:
    series_by_code = {s.code: s for s in Series.objects.all()}
    for data in TEMPLATES:
        lookup = {
            "series": series_by_code[data["series"]],
            "business_type": data["business_type"],
            "year": data["year"],
            "version": data["version"],
        }
        existing = FormTemplate.objects.filter(**lookup).first()
        if existing is not None and template_in_use(existing):
            # Applications were made on it: it stays as it is; changes need a new version.
            if snapshot(existing) != data["sections"] or existing.name != data["name"]:
                tally.warnings.append(
                    f"模板“{existing}”已被申请书使用，未作修改；如需调整请新增版本。"
                )
            tally.note(FormTemplate, "unchanged")
            continue
        changed = tally.changed
        template, _ = upsert(FormTemplate, tally, lookup=lookup, defaults={"name": data["name"]})
        _load_sections(template, data["sections"], tally)
        if tally.changed != changed:
            bump_revision(template.pk)


def _load_sections(template: FormTemplate, sections: list[dict[str, Any]], tally: Tally) -> None:
    _free_positions(template, sections)
    # Read after the shift, so the positions compared below are the stored ones.
    stored_sections = index(template.sections.all(), "template", "key")
    stored_fields = index(
        TemplateField.objects.filter(section__template=template), "section", "key"
    )
    stored_slots = index(
        AttachmentSlot.objects.filter(section__template=template), "section", "key"
    )
    for position, sec in enumerate(sections, start=1):
        section, outcome = upsert(
            TemplateSection,
            tally,
            lookup={"template": template, "key": sec["key"]},
            defaults={"position": position, **{c: sec[c] for c in SECTION_COLUMNS}},
            existing=stored_sections,
        )
        if outcome == "created":
            # A new section has nothing to compare with: write its rows in two statements.
            _create_rows(section, sec, tally)
            continue
        for pos, fld in enumerate(sec["fields"], start=1):
            upsert(
                TemplateField,
                tally,
                lookup={"section": section, "key": fld["key"]},
                defaults={"position": pos, **{c: fld[c] for c in FIELD_COLUMNS}},
                existing=stored_fields,
            )
        for pos, slt in enumerate(sec["slots"], start=1):
            upsert(
                AttachmentSlot,
                tally,
                lookup={"section": section, "key": slt["key"]},
                defaults={"position": pos, **{c: slt[c] for c in SLOT_COLUMNS}},
                existing=stored_slots,
            )


def _create_rows(section: TemplateSection, data: dict[str, Any], tally: Tally) -> None:
    fields = [
        TemplateField(
            section=section, position=pos, key=f["key"], **{c: f[c] for c in FIELD_COLUMNS}
        )
        for pos, f in enumerate(data["fields"], start=1)
    ]
    slots = [
        AttachmentSlot(
            section=section, position=pos, key=s["key"], **{c: s[c] for c in SLOT_COLUMNS}
        )
        for pos, s in enumerate(data["slots"], start=1)
    ]
    TemplateField.objects.bulk_create(fields)
    AttachmentSlot.objects.bulk_create(slots)
    tally.created[str(TemplateField._meta.verbose_name_plural)] += len(fields)
    tally.created[str(AttachmentSlot._meta.verbose_name_plural)] += len(slots)
