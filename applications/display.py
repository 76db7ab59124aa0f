"""What pages draw of an application: the chain with contacts, sections read-only, deadlines.

Everything here works on prefetched objects so a list of N applications costs the same
number of queries as a list of one (see `for_list`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.db.models.query import ModelIterable
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import rules
from applications.models import APPLICANT_LABEL, PASSED_LABEL, Application, SlotFile, Status
from catalog.models import TemplateField, TemplateSection
from catalog.templates import template_version
from orgs import refrows
from orgs.models import ChainNode, Contact, Department
from zhicheng.localnames import local_name


class _WithReferenceRows(ModelIterable[Application]):
    """Applications as fetched, each given its series, title, specialty and committee (and its
    unit the region and recommending departments) from the process's reference rows."""

    def __iter__(self) -> Iterator[Application]:
        apps = list(super().__iter__())
        if apps:
            attach_reference(apps)
        return iter(apps)


def attach_reference(apps: list[Application]) -> None:
    """Give fetched applications their reference rows (orgs.refrows): one stamp read, and one
    query for the units' recommending departments when the units were fetched with them. A
    row the kept copy lacks (it cannot, as every write changes the stamp) is left to the
    foreign key, which reads it."""
    ref = refrows.rows()
    units: dict[int, Any] = {}
    for app in apps:
        setattr(app, _REFERENCE, ref)
        _attach(app, "series", ref.series, app.series_id)
        _attach(app, "title", ref.titles, app.title_id)
        _attach(app, "specialty", ref.specialties, app.specialty_id)
        _attach(app, "committee", ref.committees, app.committee_id)
        if Application.unit.is_cached(app):
            unit = app.unit
            units[unit.pk] = unit
            _attach(unit, "region", ref.regions, unit.region_id)
    if units:
        refrows.attach_recommenders(list(units.values()), ref)


# The reference rows a fetched application was given (`attach_reference`).
_REFERENCE = "_reference_rows"


def reference_of(app: Application) -> refrows.Rows | None:
    """The reference rows `app` was fetched with (`with_reference`), or None."""
    ref: refrows.Rows | None = getattr(app, _REFERENCE, None)
    return ref


def _attach(obj: Any, name: str, kept: dict[int, Any], pk: int | None) -> None:
    row = kept.get(pk) if pk is not None else None
    if row is not None:
        setattr(obj, name, row)


def with_reference(apps: QuerySet[Application]) -> QuerySet[Application]:
    """`apps`, each given its reference rows when fetched (`attach_reference`)."""
    chained = apps.all()
    chained._iterable_class = _WithReferenceRows
    return chained


def for_list(apps: QuerySet[Application]) -> QuerySet[Application]:
    """Everything a list row or the 办理 header draws: the applicant and unit joined, the
    reference rows (series … committee with windows, contacts, fees and current chain) from
    the process's copy (ADR 0042), the unit's recommending departments in one query."""
    # Joining the reference rows made PostgreSQL spend far longer planning a ten-table join
    # than running it (60–90 ms against 1 ms with 2,000 rows); prefetching them cost a dozen
    # statements a page. They are now kept per process under the reference stamp.
    return with_reference(apps.select_related("applicant", "unit"))


def for_table(apps: QuerySet[Application]) -> QuerySet[Application]:
    """What a staff table row draws (applicant, number, `qualification_label`, unit, status):
    the applicant and unit joined, the reference rows from the process's copy. Nothing of
    the chain, windows or contacts beyond what the shared rows already hold."""
    return with_reference(apps.select_related("applicant", "unit"))


@dataclass
class NodeView:
    label: str
    state: str  # "done", "current" or "todo"
    org: str = ""
    contacts: list[tuple[str, str]] = field(default_factory=list)

    @property
    def tooltip(self) -> str:
        people = _("，").join(
            _("联系人：%(name)s 电话：%(phone)s") % {"name": n, "phone": p}
            for n, p in self.contacts
        )
        if not self.org:
            return _("未设置")
        return (
            _("%(org)s，%(people)s") % {"org": self.org, "people": people} if people else self.org
        )


def _chain_nodes(app: Application) -> list[dict[str, Any]]:
    if app.nodes:
        return list(app.nodes)
    for chain in getattr(app.committee, "current_chains", []):
        if chain.business_type == app.business_type:
            return [
                {
                    "label": n.label,
                    "actor": n.actor,
                    "department_id": n.department_id,
                    "department_level": n.department_level,
                }
                for n in chain.nodes.all()
            ]
    return []


def _contacts(contacts: list[Contact]) -> list[tuple[str, str]]:
    return [(c.name, c.phone) for c in contacts]


def chain_view(app: Application, departments: dict[int, Department]) -> list[NodeView]:
    """申请人 → nodes → 通过形式审核, each with who acts there and how to reach them."""
    nodes = _chain_nodes(app)
    if app.status == Status.PASSED:
        current = len(nodes) + 1
    else:
        current = app.position
    unit = app.unit
    views = [
        NodeView(
            APPLICANT_LABEL, "done" if current > 0 else "current", app.applicant.display_name, []
        )
    ]
    for i, node in enumerate(nodes, start=1):
        state = "done" if current > i else ("current" if current == i else "todo")
        org, people = "", []
        if node["actor"] == ChainNode.Actor.BASE_UNIT:
            org = unit.name
            people = [(unit.hr_person or unit.contact_name, unit.hr_mobile or unit.contact_mobile)]
        elif node["actor"] == ChainNode.Actor.COMMITTEE:
            org, people = app.committee.name, _contacts(list(app.committee.contacts.all()))
        elif node["actor"] == ChainNode.Actor.DEPARTMENT:
            dept = departments.get(node.get("department_id") or 0)
            if dept is not None:
                org, people = dept.name, _contacts(list(dept.contacts.all()))
        elif node["actor"] == ChainNode.Actor.RECOMMENDING:
            level = node.get("department_level") or ""
            chosen = rules.choose_recommender(refrows.recommenders(unit), level, app.committee)
            if chosen is not None:
                org, people = chosen.name, _contacts(list(chosen.contacts.all()))
        views.append(NodeView(str(node["label"]), state, org, people))
    views.append(NodeView(PASSED_LABEL, "done" if app.status == Status.PASSED else "todo"))
    return views


def fixed_departments(apps: list[Application]) -> dict[int, Department]:
    """The departments (with contacts) the chains may name: the reference rows the
    applications were fetched with (`for_list`), else the process's current ones."""
    ref = reference_of(apps[0]) if apps else None
    return (ref or refrows.rows()).departments


def deadline(app: Application, now: datetime) -> rules.Deadline:
    windows = rules.matching_windows(app, list(app.committee.windows.all()))
    return rules.deadline(windows, now)


def status_parts(app: Application) -> tuple[str, str]:
    """What happened last and when: (`[申请人]提交到[基层工作单位]`, `2019/10/29 17:36:33`)."""
    if not app.last_action_at:
        return f"[{app.current_label}]", ""
    when = timezone.localtime(app.last_action_at).strftime("%Y/%m/%d %H:%M:%S")
    names = {"from": app.last_from, "to": app.last_to}
    if app.last_from == app.last_to:
        return f"[{app.last_to}]", when
    if app.last_to == APPLICANT_LABEL and app.status == Status.RETURNED:
        return _("[%(from)s]退回到[%(to)s]") % names, when
    if app.last_to == APPLICANT_LABEL:
        return _("[%(to)s]从[%(from)s]收回") % names, when
    return _("[%(from)s]提交到[%(to)s]") % names, when


def status_line(app: Application) -> str:
    """`[申请人]提交到[基层工作单位] 办理时间: 2019/10/29 17:36:33` (or 退回到 / 收回)."""
    head, when = status_parts(app)
    if not when:
        return head
    return _("%(what)s 办理时间: %(when)s") % {"what": head, "when": when}


@dataclass
class FieldView:
    label: str
    value: str


@dataclass
class SectionView:
    section: TemplateSection
    fields: list[FieldView] = field(default_factory=list)
    rows: list[list[FieldView]] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    files: list[SlotFile] = field(default_factory=list)
    comments: list[Any] = field(default_factory=list)
    complete: bool = False


def auto_value(key: str, app: Application) -> str:
    """Values the system fills in (申请书编号, 身份证号 …) — the ID number only for its holder's pages."""
    values = {
        "number": app.number or "",
        "application_number": app.number or "",
        "qualification": app.qualification_label,
        "unit": app.unit.name,
        "base_unit": app.unit.name,
        "unit_nature": app.unit.get_nature_display(),
        "name": app.applicant.real_name,
        "real_name": app.applicant.real_name,
        "specialty": app.specialty.name,
    }
    return values.get(key, "")


def _shown(field_: TemplateField, raw: Any) -> str:
    if raw is None or raw == "":
        return ""
    if isinstance(raw, list):
        return "、".join(str(v) for v in raw)
    return str(raw)


# What a page of one application's sections reads of what was entered: its saved sections and
# placed files with their attachments, read once for the tabs, the states, the form, 资格预审
# and the read-only sections (`prefetch_related` / `prefetch_related_objects`).
SAVED_ROWS = (
    "section_data",
    Prefetch("slot_files", SlotFile.objects.select_related("attachment")),
)


def files_with_attachments(app: Application) -> list[SlotFile]:
    """The application's placed files with their attachments: as prefetched by the page
    (`SAVED_ROWS`), else read."""
    if "slot_files" in getattr(app, "_prefetched_objects_cache", {}):
        return list(app.slot_files.all())
    return list(app.slot_files.select_related("attachment"))


def sections_view(
    app: Application, *, id_for_viewer: str, comments: list[Any] | None = None
) -> list[SectionView]:
    """All sections of the application, read-only, with files and reviewers' comments."""
    sections = template_version(app.template).sections
    stored = {s.key: s for s in app.section_data.all()}
    files: dict[str, list[SlotFile]] = {}
    for placed in files_with_attachments(app):
        files.setdefault(placed.section_key, []).append(placed)
    by_section: dict[str, list[Any]] = {}
    for comment in comments or []:
        by_section.setdefault(comment.section_key, []).append(comment)
    out = []
    for section in sections:
        fields = list(section.fields.all())
        data = stored.get(section.key)
        view = SectionView(
            section, files=files.get(section.key, []), comments=by_section.get(section.key, [])
        )
        view.complete = bool(data and data.is_complete)
        if section.repeatable:
            shown = [f for f in fields if f.type != TemplateField.Type.AUTO]
            view.headers = [local_name(f, "label") for f in shown]
            for row in data.data.get("rows", []) if data else []:
                view.rows.append(
                    [FieldView(local_name(f, "label"), _shown(f, row.get(f.key))) for f in shown]
                )
        else:
            for f in fields:
                if f.type == TemplateField.Type.AUTO:
                    value = (
                        id_for_viewer
                        if f.key in ("id_number", "idcard")
                        else auto_value(f.key, app)
                    )
                else:
                    value = _shown(f, data.data.get(f.key) if data else None)
                view.fields.append(FieldView(local_name(f, "label"), value))
        out.append(view)
    return out
