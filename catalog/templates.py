"""申请书模板 (form templates): the one place that writes them.

A template that any application refers to is never changed in place: the first change
copies it — every section, field and slot — to a new, unpublished version and makes the
change there, so applications keep the form they were made on (DESIGN §7, ADR 0003).
Publishing that copy is a separate step so a half-edited form never reaches applicants.
Templates serve every region: only the 自治区 hr_admin changes them (`may_edit`).

Each action owns its transaction, locks the template, compares the form's token
(`lib.stale.token` of the rows as drawn), validates and writes. The caller keeps the
record of who changed what (系统设置's change log and the security audit).

Every write to a template, its sections, fields or slots bumps the template's `revision`
(`bump_revision`; the reference loaders call it too). `template_version` keeps each read
revision's sections, fields and slots per process, keyed on (id, revision, created_at): a
revision never changes, so what is cached is never stale. Applications store the revision
their section completeness was computed against and compute it again when it differs
(docs/adr/0036-capacity-per-core.md).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import models, transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.actions import may_edit
from catalog.models import AttachmentSlot, FormTemplate, Series, TemplateField, TemplateSection
from lib import stale
from lib.refusal import Refused

if TYPE_CHECKING:
    from accounts.models import User

log = logging.getLogger(__name__)

TEMPLATE_STALE = gettext_lazy("此项设置在您打开页面后已被他人修改。请查看最新内容后重新填写。")
NOT_EDITOR = gettext_lazy("资格目录和申请书模板由自治区人社管理员维护。")
CHOICE_TYPES = (TemplateField.Type.CHOICE, TemplateField.Type.MULTICHOICE)


def require_editor(user: User) -> None:
    """The catalogue and the templates serve every region: the 自治区 hr_admin edits them."""
    if not may_edit(user):
        raise Refused(str(NOT_EDITOR))


# ------------------------------------------------------------------------- in use


def _protecting_relations() -> list[models.ManyToOneRel]:
    """The foreign keys elsewhere that keep a template alive (applications, their copies):
    found from the model's relations, so the catalogue need not know who uses it."""
    return [
        rel
        for rel in FormTemplate._meta.get_fields(include_hidden=True)
        if isinstance(rel, models.ManyToOneRel)
        and rel.on_delete is models.PROTECT
        and rel.related_model is not FormTemplate
    ]


def templates_in_use(template_ids: Iterable[int]) -> set[int]:
    """Of these templates, the ones some row (an application) refers to (one query)."""
    wanted = list(template_ids)
    queries = [
        rel.related_model._default_manager.filter(  # type: ignore[union-attr]
            **{f"{rel.field.name}_id__in": wanted}
        )
        .order_by()
        .values_list(f"{rel.field.name}_id", flat=True)
        for rel in _protecting_relations()
    ]
    if not queries or not wanted:
        return set()
    return set(queries[0].union(*queries[1:]))


def template_in_use(template: FormTemplate) -> bool:
    return bool(templates_in_use([template.pk]))


# ---------------------------------------------------------------- revisions, cache


def bump_revision(*template_ids: int) -> None:
    """Record a write to these templates (their own row, sections, fields or slots): what was
    read or computed at an earlier revision is read or computed again. Called last in the
    writing transaction, which must not read `template_version` itself."""
    if template_ids:
        FormTemplate.objects.filter(pk__in=template_ids).update(revision=F("revision") + 1)


@dataclass(frozen=True)
class TemplateVersion:
    """A template's sections at one revision, in order, each with its fields and slots
    (prefetched: `section.fields.all()` and `section.slots.all()` run no query).

    Shared by every request of the process: read it, never change its rows.
    """

    template_id: int
    revision: int
    sections: tuple[TemplateSection, ...]

    def section(self, key: str) -> TemplateSection | None:
        return next((s for s in self.sections if s.key == key), None)

    @property
    def applicant_sections(self) -> tuple[TemplateSection, ...]:
        """The sections the applicant fills in (not the unit's own, e.g. 单位推荐意见)."""
        return tuple(s for s in self.sections if not s.filled_by_unit)


_VERSIONS: dict[tuple[int, int, object], TemplateVersion] = {}
_VERSIONS_MAX = 500


def template_version(template: FormTemplate) -> TemplateVersion:
    """The sections, fields and slots of `template` at the revision its row in hand was read
    at: read from the database (three queries) once per process and revision.

    The sections are read after the row, and an edit commits its rows together with its
    bump, so they are that revision's or — when an edit committed in between — a newer one's:
    such an entry is only ever asked for by rows read before that edit, and anything stored
    from it keeps the older revision, which no longer matches the template (`completeness`
    computes again). The creation time is in the key because a test database may give a
    rolled-back id to a new template.
    """
    key = (template.pk, template.revision, template.created_at)
    found = _VERSIONS.get(key)
    if found is None:
        found = TemplateVersion(
            template.pk,
            template.revision,
            tuple(
                TemplateSection.objects.filter(template_id=template.pk)
                .prefetch_related("fields", "slots")
                .order_by("position")
            ),
        )
        if len(_VERSIONS) >= _VERSIONS_MAX:
            _VERSIONS.clear()
        _VERSIONS[key] = found
    return found


# ------------------------------------------------------------------ versions, copies


def _next_version(series_id: int, business_type: str, year: int) -> int:
    latest = FormTemplate.objects.filter(
        series_id=series_id, business_type=business_type, year=year
    ).aggregate(v=Max("version"))["v"]
    return (latest or 0) + 1


def _copy(template: FormTemplate, *, year: int | None = None) -> FormTemplate:
    """A new, unpublished version with every section, field and slot of `template`."""
    target_year = year or template.year
    copy = FormTemplate.objects.create(
        series_id=template.series_id,
        business_type=template.business_type,
        year=target_year,
        version=_next_version(template.series_id, template.business_type, target_year),
        name=template.name,
        is_published=False,
    )
    for section in template.sections.prefetch_related("fields", "slots"):
        new_section = TemplateSection.objects.create(
            template=copy,
            position=section.position,
            key=section.key,
            title=section.title,
            hint=section.hint,
            repeatable=section.repeatable,
            max_rows=section.max_rows,
            required=section.required,
            filled_by_unit=section.filled_by_unit,
        )
        TemplateField.objects.bulk_create(
            [
                TemplateField(
                    section=new_section,
                    position=f.position,
                    key=f.key,
                    label=f.label,
                    type=f.type,
                    required=f.required,
                    hint=f.hint,
                    choices=list(f.choices or []),
                    min_value=f.min_value,
                    max_value=f.max_value,
                    max_length=f.max_length,
                )
                for f in section.fields.all()
            ]
        )
        AttachmentSlot.objects.bulk_create(
            [
                AttachmentSlot(
                    section=new_section,
                    position=s.position,
                    key=s.key,
                    label=s.label,
                    required=s.required,
                    max_files=s.max_files,
                    hint=s.hint,
                )
                for s in section.slots.all()
            ]
        )
    return copy


def _locked(template_id: int) -> FormTemplate:
    return FormTemplate.objects.select_for_update().get(pk=template_id)


def _editable(template: FormTemplate) -> FormTemplate:
    """The template to write into: itself if unused, otherwise a fresh copy."""
    return _copy(template) if template_in_use(template) else template


@transaction.atomic
def copy_template(user: User, template_id: int, *, year: int | None = None) -> FormTemplate:
    """Copy a template (all sections, fields, slots) to a new unpublished version."""
    require_editor(user)
    return _copy(_locked(template_id), year=year)


@transaction.atomic
def create_template(
    user: User, *, series: Series, business_type: str, year: int, name: str
) -> FormTemplate:
    """A new empty, unpublished template version."""
    require_editor(user)
    Series.objects.select_for_update().get(pk=series.pk)  # one version number at a time
    return FormTemplate.objects.create(
        series=series,
        business_type=business_type,
        year=year,
        version=_next_version(series.pk, business_type, year),
        name=name,
        is_published=False,
    )


@transaction.atomic
def save_template_facts(
    user: User, template_id: int, *, name: str, is_published: bool, version: str | None
) -> FormTemplate:
    """Rename or (un)publish a template; returns the template written. A template in use is
    copied first (the returned one is then the copy, left unpublished)."""
    require_editor(user)
    template = _locked(template_id)
    stale.check(version, template, message=str(TEMPLATE_STALE))
    if not name.strip():
        raise Refused(_("请填写模板名称。"), "name")
    target = _editable(template)
    target.name = name.strip()
    if target.pk == template.pk:
        target.is_published = is_published
    target.save(update_fields=["name", "is_published"])
    bump_revision(target.pk)
    log.info("template facts template=%s written=%s", template.pk, target.pk)
    return target


# ------------------------------------------------------------------------ sections


@dataclass(frozen=True)
class SectionData:
    position: int
    key: str
    title: str
    hint: str = ""
    repeatable: bool = False
    max_rows: int = 20
    required: bool = True
    filled_by_unit: bool = False


@dataclass(frozen=True)
class FieldData:
    position: int
    key: str
    label: str
    type: str = TemplateField.Type.TEXT
    required: bool = False
    hint: str = ""
    choices: list[str] = field(default_factory=list)
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    max_length: int | None = None


@dataclass(frozen=True)
class SlotData:
    position: int
    key: str
    label: str
    required: bool = False
    max_files: int = 5
    hint: str = ""


def validate_section(
    facts: SectionData, fields: Sequence[FieldData], slots: Sequence[SlotData]
) -> None:
    """Keys unique, choice fields with choices, min ≤ max."""
    field_keys = [f.key for f in fields]
    if len(set(field_keys)) != len(field_keys):
        raise Refused(_("同一栏目内字段标识不能重复。"))
    slot_keys = [s.key for s in slots]
    if len(set(slot_keys)) != len(slot_keys):
        raise Refused(_("同一栏目内附件标识不能重复。"))
    for f in fields:
        if f.type in CHOICE_TYPES and not [c for c in f.choices if c.strip()]:
            raise Refused(_("字段“%(l)s”是选择题，请至少填写一个选项。") % {"l": f.label})
        if f.min_value is not None and f.max_value is not None and f.min_value > f.max_value:
            raise Refused(_("字段“%(l)s”的最小值不能大于最大值。") % {"l": f.label})


def _section_rows(section: TemplateSection | None) -> list[object]:
    if section is None:
        return [None]
    return [
        section,
        TemplateField.objects.filter(section=section).order_by("position", "id"),
        AttachmentSlot.objects.filter(section=section).order_by("position", "id"),
    ]


def section_token(section: TemplateSection | None) -> str:
    """What a section form carries: the section with its fields and slots as drawn."""
    return stale.token(*_section_rows(section))


@transaction.atomic
def save_section(
    user: User,
    template_id: int,
    facts: SectionData,
    fields: Sequence[FieldData],
    slots: Sequence[SlotData],
    *,
    section_id: int | None = None,
    version: str | None = None,
) -> TemplateSection:
    """Add a section to a template or change one with its fields and slots.

    If any application uses the template, the template is first copied to a new version and
    the change is made on the copy; the returned section belongs to the template written.
    """
    require_editor(user)
    template = _locked(template_id)
    section = (
        TemplateSection.objects.get(pk=section_id, template=template)
        if section_id is not None
        else None
    )
    stale.check(version, *_section_rows(section), message=str(TEMPLATE_STALE))
    validate_section(facts, fields, slots)
    target = _editable(template)
    if section is not None and target.pk != template.pk:
        section = TemplateSection.objects.get(template=target, key=section.key)
    others = TemplateSection.objects.filter(template=target)
    if section is not None:
        others = others.exclude(pk=section.pk)
    if others.filter(key=facts.key).exists():
        raise Refused(_("同一模板内栏目标识不能重复。"), "key")
    if others.filter(position=facts.position).exists():
        raise Refused(_("同一模板内栏目序号不能重复。"), "position")
    if section is None:
        section = TemplateSection(template=target)
    for attr in (
        "position",
        "key",
        "title",
        "hint",
        "repeatable",
        "max_rows",
        "required",
        "filled_by_unit",
    ):
        setattr(section, attr, getattr(facts, attr))
    section.save()
    # Fields and slots of an unused template: nothing refers to their rows (answers are kept
    # by key), so they are rewritten in the order the form gives.
    section.fields.all().delete()
    section.slots.all().delete()
    TemplateField.objects.bulk_create(
        [
            TemplateField(
                section=section,
                position=i,
                key=f.key,
                label=f.label,
                type=f.type,
                required=f.required,
                hint=f.hint,
                choices=[c.strip() for c in f.choices if c.strip()]
                if f.type in CHOICE_TYPES
                else [],
                min_value=f.min_value,
                max_value=f.max_value,
                max_length=f.max_length,
            )
            for i, f in enumerate(sorted(fields, key=lambda f: f.position), start=1)
        ]
    )
    AttachmentSlot.objects.bulk_create(
        [
            AttachmentSlot(
                section=section,
                position=i,
                key=s.key,
                label=s.label,
                required=s.required,
                max_files=s.max_files,
                hint=s.hint,
            )
            for i, s in enumerate(sorted(slots, key=lambda s: s.position), start=1)
        ]
    )
    bump_revision(target.pk)
    log.info(
        "template section template=%s written=%s section=%s", template.pk, target.pk, section.pk
    )
    return section
