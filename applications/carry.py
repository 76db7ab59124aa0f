"""Carrying answers from one template to another, field by field where the keys match.

One matching function serves both places that move answers between templates: 更改资格 (the
same application, a new template) and 新增申请书 with 复制往年申请书 (an earlier application's
answers into this year's template). The seed forbids reusing last year's form, not its data:
a section, field or attachment slot carries over only where this year's template has the
same key, and every value is checked by this year's field as if it were typed again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from applications.models import Application
from applications.sections import form_field, stored_is_valid, to_json
from catalog.models import TemplateField, TemplateSection

# How much of a refused value the report quotes.
QUOTE_LENGTH = 40


class GapKind:
    """What kind of thing did not carry over (stored in CarriedOver.gaps)."""

    SECTION = "section"  # a section of the old form this year's template does not have
    FIELD = "field"  # a field of a matching section that this year's section does not have
    VALUE = "value"  # a value this year's field refuses (a choice no longer offered, …)
    ROWS = "rows"  # rows beyond this year's maximum
    SLOT = "slot"  # a file whose slot this year's template does not have
    FILE = "file"  # a file the slot cannot take (too many, or refused by today's file checks)
    NEW = "new"  # something this year's template requires that the old form never had


@dataclass(frozen=True)
class Gap:
    """One thing that did not carry over, said for the applicant, with where to fix it."""

    kind: str
    label: str
    reason: str
    section_key: str = ""  # this year's section to open ("" when it has none)
    slot_key: str = ""

    def as_json(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class Placed:
    """A file placed in a slot of the application the answers come from."""

    section_key: str
    slot_key: str
    attachment_id: int
    name: str


@dataclass
class CarriedSection:
    data: dict[str, Any]
    is_complete: bool


@dataclass
class Carry:
    """What carries into the new template, and what does not."""

    sections: dict[str, CarriedSection] = field(default_factory=dict)
    files: list[Placed] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    values: int = 0  # values of single sections and rows of repeatable ones that carried


def _empty(value: Any) -> bool:
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def _quote(value: Any) -> str:
    text = "、".join(str(v) for v in value) if isinstance(value, list) else str(value)
    return text if len(text) <= QUOTE_LENGTH else text[:QUOTE_LENGTH] + "…"


def check_value(template_field: TemplateField, value: Any) -> tuple[Any, str]:
    """The value as this year's field stores it, or the field's refusal ("" when accepted)."""
    built = form_field(template_field)
    if built is None:
        return value, ""
    try:
        return to_json(built.clean(value)), ""
    except ValidationError as error:
        # The reason is quoted inside a sentence: no full stop of its own.
        return value, "；".join(str(m).rstrip("。.") for m in error.messages)


def _section_name(section: TemplateSection) -> str:
    return f"{section.position} {section.title}"


class _Matcher:
    def __init__(
        self,
        new_sections: Sequence[TemplateSection],
        old_sections: Sequence[TemplateSection],
        keep_refused: bool,
    ) -> None:
        self.new = {s.key: s for s in new_sections}
        self.old = {s.key: s for s in old_sections}
        self.keep_refused = keep_refused
        self.result = Carry()

    def gap(self, kind: str, label: str, reason: str, section: str = "", slot: str = "") -> None:
        self.result.gaps.append(Gap(kind, label, reason, section, slot))

    def old_label(self, key: str) -> str:
        old = self.old.get(key)
        return _section_name(old) if old is not None else key

    def old_field_label(self, section_key: str, key: str) -> str:
        old = self.old.get(section_key)
        found = next((f for f in old.fields.all() if f.key == key), None) if old else None
        return found.label if found is not None else key

    def section(self, key: str, stored: dict[str, Any]) -> None:
        new = self.new.get(key)
        has_values = any(not _empty(v) for v in stored.values())
        if new is None or new.filled_by_unit:
            if has_values:
                self.gap(
                    GapKind.SECTION,
                    self.old_label(key),
                    _("今年的申请书模板没有此栏目，其内容未复制。"),
                )
            return
        fields = [f for f in new.fields.all() if f.type != TemplateField.Type.AUTO]
        if new.repeatable:
            raw = stored.get("rows")
            if "rows" not in stored and has_values:
                self.gap(
                    GapKind.SECTION,
                    _section_name(new),
                    _("今年此栏目改为按行填写，原内容未复制，请重新填写。"),
                    key,
                )
            data: dict[str, Any] = {
                "rows": self.rows(new, fields, raw if isinstance(raw, list) else [])
            }
        else:
            if "rows" in stored and has_values:
                self.gap(
                    GapKind.SECTION,
                    _section_name(new),
                    _("今年此栏目不再按行填写，原内容未复制，请重新填写。"),
                    key,
                )
                stored = {}
            data = self.values(new, fields, stored, row=None)
            self.result.values += len(data)
        self.result.sections[key] = CarriedSection(data, stored_is_valid(new, fields, data))

    def rows(
        self, new: TemplateSection, fields: list[TemplateField], rows: list[Any]
    ) -> list[dict[str, Any]]:
        kept: list[dict[str, Any]] = []
        for number, row in enumerate(rows, start=1):
            if not isinstance(row, dict):
                continue
            values = self.values(new, fields, row, row=number)
            if not values:
                continue
            if len(kept) >= new.max_rows and not self.keep_refused:
                self.gap(
                    GapKind.ROWS,
                    _section_name(new),
                    _("今年此栏目最多填写 %(n)d 行，第 %(row)d 行起未复制。")
                    % {"n": new.max_rows, "row": number},
                    new.key,
                )
                break
            kept.append(values)
        self.result.values += len(kept)
        return kept

    def values(
        self,
        new: TemplateSection,
        fields: list[TemplateField],
        stored: Mapping[str, Any],
        *,
        row: int | None,
    ) -> dict[str, Any]:
        by_key = {f.key: f for f in fields}
        # Values the system fills in (申请书编号, 姓名 …) are never carried nor reported.
        system = {f.key for f in new.fields.all() if f.type == TemplateField.Type.AUTO}
        system |= self.old_auto_keys(new.key)
        where = _section_name(new) + (" " + _("第 %(n)d 行") % {"n": row} if row else "")
        out: dict[str, Any] = {}
        for key, value in stored.items():
            if _empty(value):
                continue
            target = by_key.get(key)
            if key in system:
                continue
            if target is None:
                self.gap(
                    GapKind.FIELD,
                    f"{where} / {self.old_field_label(new.key, key)}",
                    _("今年的模板中此栏目没有该项，未复制。"),
                    new.key,
                )
                continue
            cleaned, refusal = check_value(target, value)
            if refusal and not self.keep_refused:
                self.gap(
                    GapKind.VALUE,
                    f"{where} / {target.label}",
                    _("原填写的“%(value)s”不符合今年的要求（%(why)s），未复制，请重新填写。")
                    % {"value": _quote(value), "why": refusal},
                    new.key,
                )
                continue
            out[key] = cleaned
        return out

    def old_auto_keys(self, key: str) -> set[str]:
        old = self.old.get(key)
        if old is None:
            return set()
        return {f.key for f in old.fields.all() if f.type == TemplateField.Type.AUTO}

    def files(self, placed: Sequence[Placed]) -> None:
        used: dict[tuple[str, str], int] = {}
        for item in placed:
            new = self.new.get(item.section_key)
            slot = (
                next((s for s in new.slots.all() if s.key == item.slot_key), None) if new else None
            )
            if new is None or slot is None or new.filled_by_unit:
                old = self.old.get(item.section_key)
                old_slot = (
                    next((s for s in old.slots.all() if s.key == item.slot_key), None)
                    if old
                    else None
                )
                label = self.old_label(item.section_key)
                if old_slot is not None:
                    label = f"{label} / {old_slot.label}"
                self.gap(
                    GapKind.SLOT,
                    label,
                    _("今年的模板没有此附件位置，文件“%(name)s”未复制（仍在附件库中）。")
                    % {"name": item.name},
                )
                continue
            count = used.get((new.key, slot.key), 0)
            if count >= slot.max_files and not self.keep_refused:
                self.gap(
                    GapKind.FILE,
                    f"{_section_name(new)} / {slot.label}",
                    _("今年此处最多 %(n)d 个文件，“%(name)s”未复制（仍在附件库中）。")
                    % {"n": slot.max_files, "name": item.name},
                    new.key,
                    slot.key,
                )
                continue
            used[(new.key, slot.key)] = count + 1
            self.result.files.append(item)

    def new_requirements(self) -> None:
        """What this year's template requires that the old form did not have at all."""
        for new in self.new.values():
            if new.filled_by_unit:
                continue
            old = self.old.get(new.key)
            if old is None:
                if (
                    new.required
                    or any(f.required for f in new.fields.all())
                    or any(s.required for s in new.slots.all())
                ):
                    self.gap(
                        GapKind.NEW,
                        _section_name(new),
                        _("今年新增的栏目，请填写。"),
                        new.key,
                    )
                continue
            old_fields = {f.key for f in old.fields.all()}
            for f in new.fields.all():
                if f.required and f.type != TemplateField.Type.AUTO and f.key not in old_fields:
                    self.gap(
                        GapKind.NEW,
                        f"{_section_name(new)} / {f.label}",
                        _("今年新增的必填项，请填写。"),
                        new.key,
                    )
            old_slots = {s.key for s in old.slots.all()}
            for s in new.slots.all():
                if s.required and s.key not in old_slots:
                    self.gap(
                        GapKind.NEW,
                        f"{_section_name(new)} / {s.label}",
                        _("今年新增的必传附件，请上传。"),
                        new.key,
                        s.key,
                    )


def match(
    stored: Mapping[str, dict[str, Any]],
    placed: Sequence[Placed],
    new_sections: Sequence[TemplateSection],
    old_sections: Sequence[TemplateSection],
    *,
    keep_refused: bool,
) -> Carry:
    """Carry section data and placed files into a template's sections where the keys match.

    `stored` is the old application's section data by section key, `placed` its files;
    both template's sections come with their fields and slots prefetched (the old ones name
    what is left behind). Sections filled in by the unit never carry. Each value is cleaned
    by this year's field: with `keep_refused` (更改资格) a refused value stays so that the
    section page shows it in red beside the field; without it (复制往年申请书) it is left out
    and reported. Empty values carry nothing and are not reported.
    """
    matcher = _Matcher(new_sections, old_sections, keep_refused)
    for key in sorted(
        stored, key=lambda k: (matcher.old[k].position if k in matcher.old else 999, k)
    ):
        data = stored[key]
        matcher.section(key, data if isinstance(data, dict) else {})
    matcher.files(placed)
    if old_sections and not keep_refused:
        matcher.new_requirements()
    return matcher.result


def template_sections(template_id: int) -> list[TemplateSection]:
    """A template's sections in order, with their fields and slots (three queries)."""
    return list(
        TemplateSection.objects.filter(template_id=template_id)
        .prefetch_related("fields", "slots")
        .order_by("position")
    )


def earlier_applications(applicant: User, year: int) -> QuerySet[Application]:
    """The applicant's own applications of earlier years, latest first: what 新增 may copy.

    One query, with what the choice list draws (the qualification label's rows) joined.
    """
    return (
        Application.objects.filter(applicant=applicant, year__lt=year)
        .select_related("series", "title", "committee__region")
        .order_by("-year", "-id")
    )
