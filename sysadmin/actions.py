"""系统设置 actions: the only code that changes reference data on behalf of an hr_admin.

Each action owns its transaction, takes the rows two administrators could both be editing
with `select_for_update()`, compares the row with the version token the form was drawn
from (a page opened before someone else saved is refused), validates, writes, and leaves a
`SettingChange` line. Rows outside the admin's region are a 404 here too.

Chains and templates in use are never changed in place: a chain edit always makes a new
version, and a template that any application refers to is copied to a new version first,
so applications keep the chain and form they were made on (DESIGN §7, ADR 0003).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import Max, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.models import User
from applications.models import Application
from audit.actions import record
from audit.models import AuditEvent
from catalog import actions as catalog_actions
from catalog.models import (
    AttachmentSlot,
    FormTemplate,
    QualificationCondition,
    Series,
    Specialty,
    TemplateField,
    TemplateSection,
    Title,
)
from orgs import actions as org_actions
from orgs.models import (
    ApplicationWindow,
    BaseUnit,
    ChainNode,
    Contact,
    Department,
    FeeRule,
    Region,
    ReviewChain,
    ReviewCommittee,
    UnitNameChange,
)
from sysadmin import scoping
from sysadmin.models import SettingChange


class SettingsError(Exception):
    """A change that cannot be made as asked; `message` is for the user, `field` names the input."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class StaleError(SettingsError):
    """The data changed after the form was opened (another administrator, another tab)."""

    def __init__(self) -> None:
        super().__init__(_("此项设置在您打开页面后已被他人修改。请查看最新内容后重新填写。"))


# ---------------------------------------------------------------------------- versions


def _plain(value: Any) -> Any:
    # The same row read back from the database must give the same token as the object in hand.
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize())
    if isinstance(value, Enum):
        return value.value
    return value


def _values(obj: models.Model) -> list[Any]:
    return [_plain(getattr(obj, f.attname)) for f in obj._meta.concrete_fields]


def version_of(*parts: models.Model | Iterable[models.Model] | None) -> str:
    """A token of the rows as they are now; a form carries it to prove it is not stale."""
    data: list[Any] = []
    for part in parts:
        if part is None:
            data.append(None)
        elif isinstance(part, models.Model):
            data.append(_values(part))
        else:
            data.append([_values(obj) for obj in part])
    return hashlib.sha256(repr(data).encode()).hexdigest()[:32]


def _check(version: str, *parts: models.Model | Iterable[models.Model] | None) -> None:
    if version != version_of(*parts):
        raise StaleError()


# What each kind of change is called in the security audit log's 对象 column.
KIND_LABELS = {
    "window": _lazy("申报时间"),
    "committee": _lazy("评审委员会"),
    "department": _lazy("审核部门"),
    "chain": _lazy("审核流程"),
    "template": _lazy("申请书模板"),
    "series": _lazy("系列"),
    "title": _lazy("资格名称"),
    "specialty": _lazy("专业"),
    "scope": _lazy("评审范围"),
    "unit": _lazy("基层工作单位"),
    "condition": _lazy("任职资格条件"),
}


def _record(
    actor: User, kind: str, object_id: int | None, summary: str, *, audited: bool = True
) -> None:
    """The 系统设置 line and, once per change, the security audit row (inside the transaction,
    so a change that rolls back leaves neither)."""
    SettingChange.objects.create(actor=actor, kind=kind, object_id=object_id, summary=summary[:300])
    if audited:
        label = str(KIND_LABELS.get(kind, kind))
        record(
            AuditEvent.Action.SETTINGS_CHANGED,
            actor=actor,
            target=f"{label} #{object_id}" if object_id is not None else label,
            detail=summary,
        )


def _locked_committee(user: User, committee_id: int) -> ReviewCommittee:
    return get_object_or_404(
        scoping.committees_for(user).select_for_update(of=("self",)), pk=committee_id
    )


def _require_autonomous(user: User) -> None:
    if not scoping.is_autonomous_admin(user):
        raise SettingsError(_("资格目录和申请书模板由自治区人社管理员维护。"))


# ---------------------------------------------------------------------------- windows


@dataclass(frozen=True)
class WindowData:
    """What 申报时间 edits."""

    business_type: str
    year: int
    series: Series
    specialty: Specialty | None
    opens_at: datetime
    closes_at: datetime


def overlapping_windows(window: ApplicationWindow) -> list[ApplicationWindow]:
    """Other windows of the same committee, business type, series and specialty whose time
    overlaps this one (a window for every specialty overlaps one for any specialty)."""
    qs = ApplicationWindow.objects.filter(
        committee_id=window.committee_id,
        business_type=window.business_type,
        series_id=window.series_id,
        opens_at__lt=window.closes_at,
        closes_at__gt=window.opens_at,
    ).exclude(pk=window.pk)
    if window.specialty_id is not None:
        qs = qs.filter(Q(specialty_id=window.specialty_id) | Q(specialty__isnull=True))
    return list(qs.select_related("specialty"))


@transaction.atomic
def save_window(
    user: User,
    committee_id: int,
    data: WindowData,
    *,
    window_id: int | None = None,
    version: str = "",
) -> tuple[ApplicationWindow, list[ApplicationWindow]]:
    """Create or change an application window; returns it and the windows it overlaps
    (a warning, not a refusal: two windows may overlap on purpose)."""
    committee = _locked_committee(user, committee_id)
    if window_id is None:
        window = ApplicationWindow(committee=committee)
    else:
        window = get_object_or_404(
            ApplicationWindow.objects.select_for_update(), pk=window_id, committee=committee
        )
        _check(version, window)
    if data.opens_at >= data.closes_at:
        raise SettingsError(_("截止时间必须晚于开始时间。"), "closes_at")
    if data.specialty is not None and data.specialty.series_id != data.series.pk:
        raise SettingsError(_("所选专业不属于所选系列。"), "specialty")
    window.business_type = data.business_type
    window.year = data.year
    window.series = data.series
    window.specialty = data.specialty
    window.opens_at = data.opens_at
    window.closes_at = data.closes_at
    window.save()
    _record(
        user,
        "window",
        window.pk,
        _("%(verb)s申报时间：%(c)s %(y)s年 %(s)s")
        % {
            "verb": _("新增") if window_id is None else _("修改"),
            "c": committee.name,
            "y": window.year,
            "s": data.series.name,
        },
    )
    return window, overlapping_windows(window)


@transaction.atomic
def delete_window(user: User, window_id: int, *, version: str) -> None:
    """Delete an application window (applications never refer to a window)."""
    window = get_object_or_404(
        scoping.windows_for(user).select_for_update(of=("self",)).select_related("committee"),
        pk=window_id,
    )
    _check(version, window)
    summary = _("删除申报时间：%(c)s %(y)s年") % {"c": window.committee.name, "y": window.year}
    window.delete()
    _record(user, "window", window_id, summary)


# ------------------------------------------------------------------- limits and fees


def fees_version(committee: ReviewCommittee) -> str:
    return version_of(committee, FeeRule.objects.filter(committee=committee).order_by("level"))


@transaction.atomic
def save_limits_and_fees(
    user: User,
    committee_id: int,
    *,
    submission_limit: int,
    fee_mode: str,
    amounts: dict[int, Decimal | None],
    version: str,
) -> ReviewCommittee:
    """Set a committee's submission limit, fee mode and the fee per level (None: no rule)."""
    committee = _locked_committee(user, committee_id)
    if version != fees_version(committee):
        raise StaleError()
    if submission_limit < 1:
        raise SettingsError(_("提交次数上限至少为 1。"), "submission_limit")
    if any(a is not None and a < 0 for a in amounts.values()):
        raise SettingsError(_("金额不能为负数。"))
    if fee_mode != ReviewCommittee.FeeMode.NONE and not any(
        a is not None for a in amounts.values()
    ):
        raise SettingsError(_("收费的评审委员会至少要设置一个级别的金额。"))
    committee.submission_limit = submission_limit
    committee.fee_mode = fee_mode
    committee.save(update_fields=["submission_limit", "fee_mode"])
    for level, amount in amounts.items():
        if amount is None:
            FeeRule.objects.filter(committee=committee, level=level).delete()
        else:
            FeeRule.objects.update_or_create(
                committee=committee, level=level, defaults={"amount": amount}
            )
    _record(
        user, "committee", committee.pk, _("修改提交次数和收费标准：%(c)s") % {"c": committee.name}
    )
    return committee


# ---------------------------------------------------------- committees and departments


@dataclass(frozen=True)
class ContactData:
    name: str
    phone: str
    duty: str = ""


@dataclass(frozen=True)
class CommitteeFacts:
    name: str
    region: Region
    address: str = ""
    paper_deadline: date | None = None
    paper_contents: str = ""
    paper_binding: str = ""
    is_active: bool = True


@dataclass(frozen=True)
class DepartmentFacts:
    name: str
    kind: str
    level: str
    region: Region
    address: str = ""
    is_active: bool = True


def committee_version(committee: ReviewCommittee) -> str:
    return version_of(committee, Contact.objects.filter(committee=committee).order_by("id"))


def department_version(department: Department) -> str:
    return version_of(department, Contact.objects.filter(department=department).order_by("id"))


def _replace_contacts(owner: dict[str, Any], contacts: Sequence[ContactData]) -> None:
    # Contacts are a small directory that nothing refers to; rewriting it keeps order simple.
    Contact.objects.filter(**owner).delete()
    Contact.objects.bulk_create(
        [Contact(name=c.name, phone=c.phone, duty=c.duty, **owner) for c in contacts]
    )


@transaction.atomic
def save_committee(
    user: User,
    facts: CommitteeFacts,
    contacts: Sequence[ContactData],
    *,
    committee_id: int | None = None,
    version: str = "",
) -> ReviewCommittee:
    """Create a committee or change its basic facts and contacts."""
    if not scoping.committee_regions_for(user).filter(pk=facts.region.pk).exists():
        raise SettingsError(_("只能在本人管理的区域设立评审委员会。"), "region")
    if committee_id is None:
        committee = ReviewCommittee()
    else:
        committee = _locked_committee(user, committee_id)
        if version != committee_version(committee):
            raise StaleError()
    clash = ReviewCommittee.objects.filter(region=facts.region, name=facts.name)
    if committee.pk:
        clash = clash.exclude(pk=committee.pk)
    if clash.exists():
        raise SettingsError(_("该区域已有同名的评审委员会。"), "name")
    for attr in (
        "name",
        "region",
        "address",
        "paper_deadline",
        "paper_contents",
        "paper_binding",
        "is_active",
    ):
        setattr(committee, attr, getattr(facts, attr))
    committee.save()
    _replace_contacts({"committee": committee}, contacts)
    _record(
        user,
        "committee",
        committee.pk,
        _("%(verb)s评审委员会：%(c)s")
        % {"verb": _("新增") if committee_id is None else _("修改"), "c": committee.name},
    )
    return committee


@transaction.atomic
def save_department(
    user: User,
    facts: DepartmentFacts,
    contacts: Sequence[ContactData],
    *,
    department_id: int | None = None,
    version: str = "",
) -> Department:
    """Create a department or change its basic facts and contacts."""
    if not scoping.department_regions_for(user).filter(pk=facts.region.pk).exists():
        raise SettingsError(_("只能在本人管理的区域设立审核部门。"), "region")
    if department_id is None:
        department = Department()
    else:
        department = get_object_or_404(
            scoping.departments_for(user).select_for_update(of=("self",)), pk=department_id
        )
        if version != department_version(department):
            raise StaleError()
    clash = Department.objects.filter(region=facts.region, name=facts.name)
    if department.pk:
        clash = clash.exclude(pk=department.pk)
    if clash.exists():
        raise SettingsError(_("该区域已有同名的审核部门。"), "name")
    for attr in ("name", "kind", "level", "region", "address", "is_active"):
        setattr(department, attr, getattr(facts, attr))
    department.save()
    _replace_contacts({"department": department}, contacts)
    _record(
        user,
        "department",
        department.pk,
        _("%(verb)s审核部门：%(d)s")
        % {"verb": _("新增") if department_id is None else _("修改"), "d": department.name},
    )
    return department


# ---------------------------------------------------------------------------- chains


@dataclass(frozen=True)
class NodeData:
    position: int
    label: str
    actor: str
    department: Department | None = None
    department_level: str = ""


def validate_nodes(nodes: Sequence[NodeData]) -> None:
    """At least one node; positions 1…n; each node names whoever acts there."""
    if not nodes:
        raise SettingsError(_("审核流程至少要有一个节点。"))
    positions = sorted(n.position for n in nodes)
    if positions != list(range(1, len(nodes) + 1)):
        raise SettingsError(_("节点顺序必须从 1 开始连续编号，不能重复或跳号。"))
    for node in nodes:
        if not node.label.strip():
            raise SettingsError(_("第 %(n)s 个节点缺少节点名称。") % {"n": node.position})
        if node.actor == ChainNode.Actor.DEPARTMENT and node.department is None:
            raise SettingsError(
                _("第 %(n)s 个节点由指定部门办理，请选择部门。") % {"n": node.position}
            )
        if node.actor == ChainNode.Actor.RECOMMENDING and not node.department_level:
            raise SettingsError(
                _("第 %(n)s 个节点由推荐单位办理，请选择推荐单位层级。") % {"n": node.position}
            )


def current_chain(committee: ReviewCommittee, business_type: str) -> ReviewChain | None:
    return (
        ReviewChain.objects.filter(
            committee=committee, business_type=business_type, is_current=True
        )
        .prefetch_related("nodes__department")
        .first()
    )


@transaction.atomic
def save_chain(
    user: User,
    committee_id: int,
    business_type: str,
    nodes: Sequence[NodeData],
    *,
    based_on: int,
) -> ReviewChain:
    """Make a new current version of a committee's chain for a business type.

    `based_on` is the version the form was drawn from (0: there was none). The old version
    is kept, no longer current, for the applications already submitted along it.
    """
    committee = _locked_committee(user, committee_id)
    validate_nodes(nodes)
    old = (
        ReviewChain.objects.select_for_update()
        .filter(committee=committee, business_type=business_type, is_current=True)
        .first()
    )
    if (old.version if old else 0) != based_on:
        raise StaleError()
    latest = ReviewChain.objects.filter(committee=committee, business_type=business_type).aggregate(
        v=Max("version")
    )["v"]
    if old is not None:
        old.is_current = False
        old.save(update_fields=["is_current"])
    chain = ReviewChain.objects.create(
        committee=committee, business_type=business_type, version=(latest or 0) + 1
    )
    ChainNode.objects.bulk_create(
        [
            ChainNode(
                chain=chain,
                position=n.position,
                label=n.label.strip(),
                actor=n.actor,
                department=n.department if n.actor == ChainNode.Actor.DEPARTMENT else None,
                department_level=(
                    n.department_level if n.actor == ChainNode.Actor.RECOMMENDING else ""
                ),
            )
            for n in sorted(nodes, key=lambda n: n.position)
        ]
    )
    _record(
        user,
        "chain",
        chain.pk,
        _("新建审核流程版本：%(c)s %(t)s v%(v)s")
        % {"c": committee.name, "t": chain.get_business_type_display(), "v": chain.version},
    )
    return chain


# ------------------------------------------------------------------------- templates


def template_in_use(template: FormTemplate) -> bool:
    return Application.objects.filter(template=template).exists()


def _next_template_version(series_id: int, business_type: str, year: int) -> int:
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
        version=_next_template_version(template.series_id, template.business_type, target_year),
        name=template.name,
        is_published=False,
    )
    sections = list(template.sections.prefetch_related("fields", "slots"))
    for section in sections:
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


def _locked_template(template_id: int) -> FormTemplate:
    return get_object_or_404(FormTemplate.objects.select_for_update(), pk=template_id)


@transaction.atomic
def copy_template(user: User, template_id: int, *, year: int | None = None) -> FormTemplate:
    """Copy a template (all sections, fields, slots) to a new unpublished version."""
    _require_autonomous(user)
    template = _locked_template(template_id)
    copy = _copy(template, year=year)
    _record(
        user,
        "template",
        copy.pk,
        _("复制申请书模板：%(n)s → %(y)s年 v%(v)s")
        % {"n": template.name, "y": copy.year, "v": copy.version},
    )
    return copy


@transaction.atomic
def create_template(
    user: User, *, series: Series, business_type: str, year: int, name: str
) -> FormTemplate:
    """A new empty, unpublished template version."""
    _require_autonomous(user)
    Series.objects.select_for_update().get(pk=series.pk)  # one version number at a time
    template = FormTemplate.objects.create(
        series=series,
        business_type=business_type,
        year=year,
        version=_next_template_version(series.pk, business_type, year),
        name=name,
        is_published=False,
    )
    _record(user, "template", template.pk, _("新增申请书模板：%(n)s") % {"n": name})
    return template


def _editable(user: User, template: FormTemplate) -> tuple[FormTemplate, bool]:
    """The template to write into: itself if unused, otherwise a fresh copy (and True)."""
    if template_in_use(template):
        copy = _copy(template)
        # Part of the change that follows, which writes the one audit row.
        _record(
            user,
            "template",
            copy.pk,
            _("模板已被申请书使用，修改时复制为新版本：%(n)s %(y)s年 v%(v)s")
            % {"n": template.name, "y": copy.year, "v": copy.version},
            audited=False,
        )
        return copy, True
    return template, False


def template_version(template: FormTemplate) -> str:
    return version_of(template)


@transaction.atomic
def save_template_facts(
    user: User, template_id: int, *, name: str, is_published: bool, version: str
) -> FormTemplate:
    """Rename or (un)publish a template. A template in use is copied first; publishing the
    copy is a separate step so that a half-edited form never reaches applicants."""
    _require_autonomous(user)
    template = _locked_template(template_id)
    _check(version, template)
    if not name.strip():
        raise SettingsError(_("请填写模板名称。"), "name")
    target, copied = _editable(user, template)
    target.name = name.strip()
    if not copied:
        target.is_published = is_published
    target.save(update_fields=["name", "is_published"])
    _record(user, "template", target.pk, _("修改申请书模板：%(n)s") % {"n": target.name})
    return target


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


CHOICE_TYPES = (TemplateField.Type.CHOICE, TemplateField.Type.MULTICHOICE)


def validate_section(
    facts: SectionData, fields: Sequence[FieldData], slots: Sequence[SlotData]
) -> None:
    """Keys unique, choice fields with choices, min ≤ max."""
    field_keys = [f.key for f in fields]
    if len(set(field_keys)) != len(field_keys):
        raise SettingsError(_("同一栏目内字段标识不能重复。"))
    slot_keys = [s.key for s in slots]
    if len(set(slot_keys)) != len(slot_keys):
        raise SettingsError(_("同一栏目内附件标识不能重复。"))
    for f in fields:
        if f.type in CHOICE_TYPES and not [c for c in f.choices if c.strip()]:
            raise SettingsError(_("字段“%(l)s”是选择题，请至少填写一个选项。") % {"l": f.label})
        if f.min_value is not None and f.max_value is not None and f.min_value > f.max_value:
            raise SettingsError(_("字段“%(l)s”的最小值不能大于最大值。") % {"l": f.label})


def section_version(section: TemplateSection | None) -> str:
    if section is None:
        return version_of(None)
    return version_of(
        section,
        TemplateField.objects.filter(section=section).order_by("position", "id"),
        AttachmentSlot.objects.filter(section=section).order_by("position", "id"),
    )


@transaction.atomic
def save_section(
    user: User,
    template_id: int,
    facts: SectionData,
    fields: Sequence[FieldData],
    slots: Sequence[SlotData],
    *,
    section_id: int | None = None,
    version: str = "",
) -> TemplateSection:
    """Add a section to a template or change one with its fields and slots.

    If any application uses the template, the template is first copied to a new version and
    the change is made on the copy; the returned section belongs to the template written.
    """
    _require_autonomous(user)
    template = _locked_template(template_id)
    section = (
        get_object_or_404(TemplateSection, pk=section_id, template=template)
        if section_id is not None
        else None
    )
    if section_version(section) != version:
        raise StaleError()
    validate_section(facts, fields, slots)
    target, copied = _editable(user, template)
    if section is not None and copied:
        section = TemplateSection.objects.get(template=target, key=section.key)
    others = TemplateSection.objects.filter(template=target)
    if section is not None:
        others = others.exclude(pk=section.pk)
    if others.filter(key=facts.key).exists():
        raise SettingsError(_("同一模板内栏目标识不能重复。"), "key")
    if others.filter(position=facts.position).exists():
        raise SettingsError(_("同一模板内栏目序号不能重复。"), "position")
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
    _record(
        user,
        "template",
        target.pk,
        _("修改申请书模板栏目：%(n)s / %(s)s") % {"n": target.name, "s": section.title},
    )
    return section


# ------------------------------------------------------------------------- catalogue

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
    version: str = "",
) -> models.Model:
    """Add or change a series, title or specialty."""
    _require_autonomous(user)
    model = CATALOGUE_MODELS[kind]
    if item_id is None:
        item = model()
    else:
        item = get_object_or_404(model._default_manager.select_for_update(), pk=item_id)
        _check(version, item)
    for attr, value in values.items():
        setattr(item, attr, value)
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError as error:
        raise SettingsError(_("名称或代码与已有记录重复。"), "name") from error
    _record(
        user,
        kind,
        item.pk,
        _("%(verb)s%(k)s：%(n)s")
        % {
            "verb": _("新增") if item_id is None else _("修改"),
            "k": model._meta.verbose_name,
            "n": str(item),
        },
    )
    return item


# ----------------------------------------------- scopes and units (orgs owns the writes)


def _from_orgs(error: org_actions.UnitActionError) -> SettingsError:
    return SettingsError(error.message, error.field)


@transaction.atomic
def save_committee_scopes(
    user: User, committee_id: int, scopes: Iterable[org_actions.ScopeKey], *, version: str
) -> org_actions.ScopeChange:
    """评审范围 of a committee in the admin's region (404 outside it); audited when it changed."""
    committee = _locked_committee(user, committee_id)
    try:
        change = org_actions.set_committee_scopes(
            committee.pk, user, version=version, scopes=scopes
        )
    except org_actions.UnitActionError as error:
        raise _from_orgs(error) from error
    if change.changed:
        parts = []
        if change.added:
            parts.append(_("增加 %(s)s") % {"s": "、".join(str(s) for s in change.added)})
        if change.removed:
            parts.append(_("取消 %(s)s") % {"s": "、".join(str(s) for s in change.removed)})
        _record(
            user,
            "scope",
            committee.pk,
            _("修改评审范围：%(c)s，%(p)s") % {"c": committee.name, "p": "；".join(parts)},
        )
    return change


def _locked_unit(user: User, unit_id: int) -> BaseUnit:
    return get_object_or_404(scoping.units_for(user).select_for_update(of=("self",)), pk=unit_id)


DETAIL_FIELDS = (
    "address",
    "postcode",
    "phone",
    "legal_representative",
    "nature",
    "county",
    "hr_person",
    "hr_mobile",
    "contact_name",
    "contact_mobile",
)


@transaction.atomic
def save_unit_details(
    user: User, unit_id: int, details: org_actions.UnitDetails, *, version: str
) -> BaseUnit:
    """An hr_admin corrects the details of a unit of their region through the unit's own
    完善单位信息 action; the audit row names the fields changed, never their values."""
    unit = _locked_unit(user, unit_id)
    wanted = {name: getattr(details, name) for name in DETAIL_FIELDS}
    wanted["county_id"] = wanted.pop("county").pk if details.county is not None else None
    changed = [
        str(getattr(BaseUnit._meta.get_field(name.removesuffix("_id")), "verbose_name", name))
        for name, value in wanted.items()
        if getattr(unit, name) != value
    ]
    if not changed:
        raise SettingsError(_("单位信息没有变化，无需保存。"))
    try:
        saved = org_actions.complete_unit(unit.pk, user, version=version, details=details)
    except org_actions.UnitActionError as error:
        raise _from_orgs(error) from error
    _record(
        user,
        "unit",
        unit.pk,
        _("修改基层工作单位信息：%(n)s（%(f)s）") % {"n": unit.name, "f": "、".join(changed)},
    )
    return saved


@transaction.atomic
def rename_unit(
    user: User, unit_id: int, *, new_name: str, new_uscc: str, reason: str, version: str
) -> UnitNameChange:
    """变更单位名称 on behalf of a unit of the admin's region; the unit's history keeps the old
    name and code with this admin as the one who changed them."""
    unit = _locked_unit(user, unit_id)
    try:
        change = org_actions.rename_unit(
            unit.pk, user, version=version, new_name=new_name, new_uscc=new_uscc, reason=reason
        )
    except org_actions.UnitActionError as error:
        raise _from_orgs(error) from error
    summary = _("变更单位名称：%(o)s → %(n)s") % {"o": change.old_name, "n": change.new_name}
    if change.old_uscc != change.new_uscc:
        summary += str(_("（统一社会信用代码已变更）"))
    _record(user, "unit", unit.pk, summary)
    return change


# --------------------------------------------------- 任职资格条件 (catalog owns the write)


@transaction.atomic
def save_condition_text(
    user: User, condition_id: int, *, title: str, text: str, effective_year: int, version: str
) -> QualificationCondition:
    """The published text of a 任职资格条件 (自治区 hr_admin only); audited once."""
    _require_autonomous(user)
    try:
        condition, changed = catalog_actions.save_condition_text(
            user,
            condition_id,
            title=title,
            text=text,
            effective_year=effective_year,
            version=version,
        )
    except catalog_actions.RuleError as error:
        raise SettingsError(error.message, error.field) from error
    _record(
        user,
        "condition",
        condition.pk,
        _("修改任职资格条件：%(t)s（%(f)s）") % {"t": condition.title, "f": "、".join(changed)},
    )
    return condition
