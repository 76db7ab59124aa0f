"""系统设置 steps: an hr_admin's change of reference data, made through the data's owner.

The rules of each piece of reference data live with its owner — chains, committees,
departments, windows, scopes and units in `orgs`, templates, the catalogue, conditions and
eligibility rules in `catalog` (ADR 0029). Each step here is one transaction that:

1. takes the row from the admin's region (`scoping`: anything outside is a 404), locked;
2. calls the owner's action, which checks the page's stale token, validates and writes;
3. leaves a `SettingChange` line and one security audit row (`_record`).

A refusal is the owner's `lib.refusal.Refused` (or `Stale`), raised before anything is
written; the transaction then leaves neither the change nor its record.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.models import User
from audit.actions import record
from audit.models import AuditEvent
from catalog import actions as catalog_actions
from catalog import templates as catalog_templates
from catalog.models import FormTemplate, QualificationCondition, Series, TemplateSection
from lib.refusal import Refused
from orgs import actions as org_actions
from orgs import chains, directory, windows
from orgs.models import (
    ApplicationWindow,
    BaseUnit,
    Department,
    ReviewChain,
    ReviewCommittee,
    UnitNameChange,
)
from sysadmin import scoping
from sysadmin.models import SettingChange

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


def _verb(created: bool) -> str:
    return _("新增") if created else _("修改")


M = TypeVar("M", bound=models.Model)


def _locked(qs: QuerySet[M], pk: int) -> M:
    """A row of the admin's scope, locked (404 outside it)."""
    return get_object_or_404(qs.select_for_update(of=("self",)), pk=pk)


# ---------------------------------------------------------------------------- windows


@transaction.atomic
def save_window(
    user: User,
    committee_id: int,
    data: windows.WindowData,
    *,
    window_id: int | None = None,
    version: str | None = None,
) -> tuple[ApplicationWindow, list[ApplicationWindow]]:
    """申报时间 of a committee of the admin's region; returns it and the windows it overlaps."""
    committee = _locked(scoping.committees_for(user), committee_id)
    if window_id is not None:
        get_object_or_404(ApplicationWindow, pk=window_id, committee=committee)
    window, overlaps = windows.save_window(committee.pk, data, window_id=window_id, version=version)
    _record(
        user,
        "window",
        window.pk,
        _("%(verb)s申报时间：%(c)s %(y)s年 %(s)s")
        % {
            "verb": _verb(window_id is None),
            "c": committee.name,
            "y": window.year,
            "s": data.series.name,
        },
    )
    return window, overlaps


@transaction.atomic
def delete_window(user: User, window_id: int, *, version: str | None) -> None:
    """Delete a window of a committee of the admin's region."""
    _locked(scoping.windows_for(user), window_id)
    window = windows.delete_window(window_id, version=version)
    summary = _("删除申报时间：%(c)s %(y)s年") % {"c": window.committee.name, "y": window.year}
    _record(user, "window", window_id, summary)


# ------------------------------------------------------------------- limits and fees


@transaction.atomic
def save_limits_and_fees(
    user: User,
    committee_id: int,
    *,
    submission_limit: int,
    fee_mode: str,
    amounts: dict[int, Decimal | None],
    version: str | None,
) -> ReviewCommittee:
    """提交次数上限 and 收费标准 of a committee of the admin's region."""
    committee = _locked(scoping.committees_for(user), committee_id)
    saved = directory.save_limits_and_fees(
        committee.pk,
        submission_limit=submission_limit,
        fee_mode=fee_mode,
        amounts=amounts,
        version=version,
    )
    _record(user, "committee", saved.pk, _("修改提交次数和收费标准：%(c)s") % {"c": saved.name})
    return saved


# ---------------------------------------------------------- committees and departments


@transaction.atomic
def save_committee(
    user: User,
    facts: directory.CommitteeFacts,
    contacts: Sequence[directory.ContactData],
    *,
    committee_id: int | None = None,
    version: str | None = None,
) -> ReviewCommittee:
    """Create a committee in the admin's region, or change one of it."""
    if not scoping.committee_regions_for(user).filter(pk=facts.region.pk).exists():
        raise Refused(_("只能在本人管理的区域设立评审委员会。"), "region")
    if committee_id is not None:
        _locked(scoping.committees_for(user), committee_id)
    committee = directory.save_committee(
        facts, contacts, committee_id=committee_id, version=version
    )
    _record(
        user,
        "committee",
        committee.pk,
        _("%(verb)s评审委员会：%(c)s") % {"verb": _verb(committee_id is None), "c": committee.name},
    )
    return committee


@transaction.atomic
def save_department(
    user: User,
    facts: directory.DepartmentFacts,
    contacts: Sequence[directory.ContactData],
    *,
    department_id: int | None = None,
    version: str | None = None,
) -> Department:
    """Create a department in the admin's region, or change one of it."""
    if not scoping.department_regions_for(user).filter(pk=facts.region.pk).exists():
        raise Refused(_("只能在本人管理的区域设立审核部门。"), "region")
    if department_id is not None:
        _locked(scoping.departments_for(user), department_id)
    department = directory.save_department(
        facts, contacts, department_id=department_id, version=version
    )
    _record(
        user,
        "department",
        department.pk,
        _("%(verb)s审核部门：%(d)s") % {"verb": _verb(department_id is None), "d": department.name},
    )
    return department


# ---------------------------------------------------------------------------- chains


@transaction.atomic
def save_chain(
    user: User,
    committee_id: int,
    business_type: str,
    nodes: Sequence[chains.NodeData],
    *,
    based_on: int | None,
) -> ReviewChain:
    """A new current version of the chain of a committee of the admin's region."""
    committee = _locked(scoping.committees_for(user), committee_id)
    chain = chains.save_chain(committee.pk, business_type, nodes, based_on=based_on)
    _record(
        user,
        "chain",
        chain.pk,
        _("新建审核流程版本：%(c)s %(t)s v%(v)s")
        % {"c": committee.name, "t": chain.get_business_type_display(), "v": chain.version},
    )
    return chain


# ------------------------------------------------------------------------- templates


def _record_copy(user: User, original: FormTemplate, written: FormTemplate) -> None:
    # Part of the change that follows, which writes the one audit row.
    if written.pk != original.pk:
        _record(
            user,
            "template",
            written.pk,
            _("模板已被申请书使用，修改时复制为新版本：%(n)s %(y)s年 v%(v)s")
            % {"n": original.name, "y": written.year, "v": written.version},
            audited=False,
        )


@transaction.atomic
def copy_template(user: User, template_id: int, *, year: int | None = None) -> FormTemplate:
    """Copy a template to a new unpublished version (自治区 hr_admin only)."""
    template = get_object_or_404(FormTemplate, pk=template_id)
    copy = catalog_templates.copy_template(user, template.pk, year=year)
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
    """A new empty, unpublished template version (自治区 hr_admin only)."""
    template = catalog_templates.create_template(
        user, series=series, business_type=business_type, year=year, name=name
    )
    _record(user, "template", template.pk, _("新增申请书模板：%(n)s") % {"n": name})
    return template


@transaction.atomic
def save_template_facts(
    user: User, template_id: int, *, name: str, is_published: bool, version: str | None
) -> FormTemplate:
    """Rename or (un)publish a template; a template in use is copied first."""
    template = get_object_or_404(FormTemplate, pk=template_id)
    target = catalog_templates.save_template_facts(
        user, template.pk, name=name, is_published=is_published, version=version
    )
    _record_copy(user, template, target)
    _record(user, "template", target.pk, _("修改申请书模板：%(n)s") % {"n": target.name})
    return target


@transaction.atomic
def save_section(
    user: User,
    template_id: int,
    facts: catalog_templates.SectionData,
    fields: Sequence[catalog_templates.FieldData],
    slots: Sequence[catalog_templates.SlotData],
    *,
    section_id: int | None = None,
    version: str | None = None,
) -> TemplateSection:
    """Add or change a section of a template; a template in use is copied first and the
    returned section belongs to the copy."""
    template = get_object_or_404(FormTemplate, pk=template_id)
    if section_id is not None:
        get_object_or_404(TemplateSection, pk=section_id, template=template)
    section = catalog_templates.save_section(
        user, template.pk, facts, fields, slots, section_id=section_id, version=version
    )
    written = section.template
    _record_copy(user, template, written)
    _record(
        user,
        "template",
        written.pk,
        _("修改申请书模板栏目：%(n)s / %(s)s") % {"n": written.name, "s": section.title},
    )
    return section


# ------------------------------------------------------------------------- catalogue


@transaction.atomic
def save_catalogue_item(
    user: User,
    kind: str,
    values: dict[str, Any],
    *,
    item_id: int | None = None,
    version: str | None = None,
) -> models.Model:
    """Add or change a series, title or specialty (自治区 hr_admin only)."""
    model = catalog_actions.CATALOGUE_MODELS[kind]
    if item_id is not None:
        get_object_or_404(model, pk=item_id)
    item = catalog_actions.save_catalogue_item(user, kind, values, item_id=item_id, version=version)
    _record(
        user,
        kind,
        item.pk,
        _("%(verb)s%(k)s：%(n)s")
        % {"verb": _verb(item_id is None), "k": model._meta.verbose_name, "n": str(item)},
    )
    return item


# ----------------------------------------------------------------- scopes and units


@transaction.atomic
def save_committee_scopes(
    user: User, committee_id: int, scopes: Iterable[org_actions.ScopeKey], *, version: str | None
) -> org_actions.ScopeChange:
    """评审范围 of a committee in the admin's region; recorded when it changed."""
    committee = _locked(scoping.committees_for(user), committee_id)
    change = org_actions.set_committee_scopes(committee.pk, user, version=version, scopes=scopes)
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
    user: User, unit_id: int, details: org_actions.UnitDetails, *, version: str | None
) -> BaseUnit:
    """An hr_admin corrects the details of a unit of their region through the unit's own
    完善单位信息 action; the record names the fields changed, never their values."""
    unit = _locked(scoping.units_for(user), unit_id)
    wanted = {name: getattr(details, name) for name in DETAIL_FIELDS}
    wanted["county_id"] = wanted.pop("county").pk if details.county is not None else None
    changed = [
        str(getattr(BaseUnit._meta.get_field(name.removesuffix("_id")), "verbose_name", name))
        for name, value in wanted.items()
        if getattr(unit, name) != value
    ]
    if not changed:
        raise Refused(_("单位信息没有变化，无需保存。"))
    saved = org_actions.complete_unit(unit.pk, user, version=version, details=details)
    _record(
        user,
        "unit",
        unit.pk,
        _("修改基层工作单位信息：%(n)s（%(f)s）") % {"n": unit.name, "f": "、".join(changed)},
    )
    return saved


@transaction.atomic
def rename_unit(
    user: User, unit_id: int, *, new_name: str, new_uscc: str, reason: str, version: str | None
) -> UnitNameChange:
    """变更单位名称 on behalf of a unit of the admin's region; the unit's history keeps the old
    name and code with this admin as the one who changed them."""
    unit = _locked(scoping.units_for(user), unit_id)
    change = org_actions.rename_unit(
        unit.pk, user, version=version, new_name=new_name, new_uscc=new_uscc, reason=reason
    )
    summary = _("变更单位名称：%(o)s → %(n)s") % {"o": change.old_name, "n": change.new_name}
    if change.old_uscc != change.new_uscc:
        summary += str(_("（统一社会信用代码已变更）"))
    _record(user, "unit", unit.pk, summary)
    return change


# ---------------------------------------------------------------- 任职资格条件


@transaction.atomic
def save_condition_text(
    user: User,
    condition_id: int,
    *,
    title: str,
    text: str,
    effective_year: int,
    version: str | None,
) -> QualificationCondition:
    """The published text of a 任职资格条件 (自治区 hr_admin only); recorded once."""
    condition, changed = catalog_actions.save_condition_text(
        user,
        condition_id,
        title=title,
        text=text,
        effective_year=effective_year,
        version=version,
    )
    _record(
        user,
        "condition",
        condition.pk,
        _("修改任职资格条件：%(t)s（%(f)s）") % {"t": condition.title, "f": "、".join(changed)},
    )
    return condition
