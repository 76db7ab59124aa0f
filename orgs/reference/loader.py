"""load_reference_data: regions, the catalogue, templates, departments and committees.

Idempotent: every row is found by its natural key and only corrected where it differs,
so a second run writes nothing. Rows the reference data did not create are never
deleted. Directory details people maintain afterwards (addresses, contacts, limits,
fees, paper requirements, chains, committee scopes, condition texts) are set when a row
is created and left alone from then on — see ADR 0003.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from catalog.models import Series
from catalog.reference.loader import load_catalog
from catalog.reference.upsert import Tally, index, upsert
from orgs.chains import NodeData, save_chain
from orgs.models import (
    ChainNode,
    CommitteeScope,
    Contact,
    Department,
    FeeRule,
    Region,
    ReviewChain,
    ReviewCommittee,
)
from orgs.reference.organisations import COMMITTEES, DEPARTMENTS
from orgs.reference.regions import load_regions
from orgs.reference.regions_ug import load_region_names
from orgs.regions import forget_entry_regions


def load_reference_data() -> Tally:
    """Load or refresh every kind of reference data in one transaction."""
    tally = Tally()
    with transaction.atomic():
        load_regions(tally)
        load_region_names(tally)
        load_catalog(tally)
        load_organisations(tally)
    # The region selector caches the entry list; it must see new names at once.
    forget_entry_regions()
    return tally


def _add_contacts(
    owner: dict[str, Any], contacts: list[tuple[str, str, str]], tally: Tally
) -> None:
    for name, phone, duty in contacts:
        Contact.objects.create(name=name, phone=phone, duty=duty, **owner)
        tally.note(Contact, "created")


def load_organisations(tally: Tally) -> None:
    codes = {d["region"] for d in DEPARTMENTS} | {c["region"] for c in COMMITTEES}
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    departments: dict[tuple[str, str], Department] = {}
    for data in DEPARTMENTS:
        department, outcome = upsert(
            Department,
            tally,
            lookup={"region": regions[data["region"]], "name": data["name"]},
            defaults={"kind": data["kind"], "level": data["level"]},
            create_defaults={"address": data["address"]},
        )
        departments[(data["region"], data["name"])] = department
        if outcome == "created":
            _add_contacts({"department": department}, data["contacts"], tally)

    series = {s.code: s for s in Series.objects.all()}
    scopes = index(CommitteeScope.objects.all(), "committee", "series", "level")
    fee_rules = index(FeeRule.objects.all(), "committee", "level")
    for data in COMMITTEES:
        paper = data["paper"]
        committee, outcome = upsert(
            ReviewCommittee,
            tally,
            lookup={"region": regions[data["region"]], "name": data["name"]},
            create_defaults={
                "address": data["address"],
                "submission_limit": data["submission_limit"],
                "fee_mode": data["fee_mode"],
                "paper_deadline": paper["deadline"],
                "paper_contents": paper["contents"],
                "paper_binding": paper["binding"],
            },
        )
        if outcome == "created":
            _add_contacts({"committee": committee}, data["contacts"], tally)
        levels: set[int] = set()
        for code, scope_levels in data["scopes"]:
            for level in scope_levels:
                levels.add(level)
                # Seeded with the committee; afterwards 评审范围 is kept in 系统设置, and
                # reloading must not bring back a scope an hr_admin removed.
                if outcome == "created":
                    upsert(
                        CommitteeScope,
                        tally,
                        lookup={"committee": committee, "series": series[code], "level": level},
                        existing=scopes,
                    )
        for level in sorted(levels):
            if level in data["fees"]:
                upsert(
                    FeeRule,
                    tally,
                    lookup={"committee": committee, "level": level},
                    create_defaults={"amount": data["fees"][level]},
                    existing=fee_rules,
                )
        for business_type, nodes in data["chains"].items():
            _load_chain(committee, business_type, nodes, departments, tally)


def _load_chain(
    committee: ReviewCommittee,
    business_type: str,
    nodes: list[dict[str, Any]],
    departments: dict[tuple[str, str], Department],
    tally: Tally,
) -> None:
    """Create version 1 of a chain when the committee has none for the business type.

    Once a chain exists it belongs to the administrators: edits make new versions, and
    reloading must not bring back an old one.
    """
    existing = ReviewChain.objects.filter(committee=committee, business_type=business_type)
    if existing.exists():
        tally.note(ReviewChain, "unchanged")
        return
    # The one chain writer (and its rules), as 系统设置 uses: version 1, current.
    save_chain(
        committee.pk,
        business_type,
        [
            NodeData(
                position=position,
                label=data["label"],
                actor=data["actor"],
                department_level=data["department_level"],
                department=departments[data["department"]] if data["department"] else None,
            )
            for position, data in enumerate(nodes, start=1)
        ],
        based_on=0,
    )
    tally.note(ReviewChain, "created")
    for _node in nodes:
        tally.note(ChainNode, "created")
