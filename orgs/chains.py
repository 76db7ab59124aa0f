"""Review chains: the one place that reads the current chain and the one that writes a new one.

A committee has one current chain per business type (a partial unique constraint says so).
Chains in use are never changed in place: saving always makes a new version and leaves the
old one, no longer current, for the applications already submitted along it (DESIGN §7,
ADR 0003). `validate_nodes` is the one chain rule; forms call it for early messages and
`save_chain` calls it again under the lock.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _

from lib import stale
from lib.refusal import Refused
from orgs.messages import SETTING_STALE
from orgs.models import ChainNode, Department, ReviewChain, ReviewCommittee

log = logging.getLogger(__name__)


def current_chain(committee_id: int, business_type: str) -> ReviewChain | None:
    """The committee's current chain for the business type, nodes (and their departments)
    prefetched; None when it has none."""
    return (
        ReviewChain.objects.filter(
            committee_id=committee_id, business_type=business_type, is_current=True
        )
        .prefetch_related("nodes__department")
        .first()
    )


def current_query(committee_id: Any, business_type: Any) -> QuerySet[ReviewChain]:
    """The committee's current chain for the business type (at most one: a constraint), as an
    unordered query — so no join for the listing's order; the arguments may be `OuterRef`s."""
    return ReviewChain.objects.filter(
        committee_id=committee_id, business_type=business_type, is_current=True
    ).order_by()


def required_chain(committee_id: int, business_type: str) -> ReviewChain:
    """The current chain an application is submitted along; refused when there is none
    (or it has no node), since nobody could then review the application. Which chain is
    current is read every time; its nodes come from `chain_nodes`."""
    return require(current_query(committee_id, business_type).first())


def require(chain: ReviewChain | None) -> ReviewChain:
    """`chain` (the current one, read by the caller) when it has nodes; refused otherwise."""
    if chain is None or not chain_nodes(chain):
        raise Refused(_("该评审委员会尚未设置审核流程，暂不能提交，请咨询评审委员会。"))
    return chain


# A chain version's nodes, per process. A saved chain is never changed (a change is a new
# version), so its nodes are keyed on the version's identity — never on which is current, nor
# on a department (mutable: read where it is used). The creation time is in the key because a
# test database may give a rolled-back id to a new chain.
_NODES: dict[tuple[int, int, object], tuple[ChainNode, ...]] = {}
_NODES_MAX = 1000


def chain_nodes(chain: ReviewChain) -> tuple[ChainNode, ...]:
    """The nodes of this chain version in order (their departments not loaded)."""
    key = (chain.pk, chain.version, chain.created_at)
    nodes = _NODES.get(key)
    if nodes is None:
        nodes = tuple(ChainNode.objects.filter(chain_id=chain.pk).order_by("position"))
        if len(_NODES) >= _NODES_MAX:
            _NODES.clear()
        if nodes:  # a chain is saved with its nodes in one transaction; never cache "none"
            _NODES[key] = nodes
    return nodes


@dataclass(frozen=True)
class NodeData:
    """One node as a form gives it."""

    position: int
    label: str
    actor: str
    department: Department | None = None
    department_level: str = ""


def validate_nodes(nodes: Sequence[NodeData]) -> None:
    """At least one node; positions 1…n; each node names whoever acts there."""
    if not nodes:
        raise Refused(_("审核流程至少要有一个节点。"))
    positions = sorted(n.position for n in nodes)
    if positions != list(range(1, len(nodes) + 1)):
        raise Refused(_("节点顺序必须从 1 开始连续编号，不能重复或跳号。"))
    for node in nodes:
        if not node.label.strip():
            raise Refused(_("第 %(n)s 个节点缺少节点名称。") % {"n": node.position})
        if node.actor == ChainNode.Actor.DEPARTMENT and node.department is None:
            raise Refused(_("第 %(n)s 个节点由指定部门办理，请选择部门。") % {"n": node.position})
        if node.actor == ChainNode.Actor.RECOMMENDING and not node.department_level:
            raise Refused(
                _("第 %(n)s 个节点由推荐单位办理，请选择推荐单位层级。") % {"n": node.position}
            )


def nodes_of(chain: ReviewChain) -> list[NodeData]:
    """A chain's nodes as `NodeData` (to copy a chain, or to draw its form)."""
    return [
        NodeData(
            position=n.position,
            label=n.label,
            actor=n.actor,
            department=n.department,
            department_level=n.department_level,
        )
        for n in chain.nodes.all()
    ]


@transaction.atomic
def save_chain(
    committee_id: int,
    business_type: str,
    nodes: Sequence[NodeData],
    *,
    based_on: int | None,
) -> ReviewChain:
    """Make a new current version of a committee's chain for a business type.

    `based_on` is the version the form was drawn from (0: there was none; None: no form,
    e.g. a script). The committee row is locked so that two saves run one after the other.
    """
    committee = ReviewCommittee.objects.select_for_update().get(pk=committee_id)
    validate_nodes(nodes)
    old = (
        ReviewChain.objects.select_for_update()
        .filter(committee=committee, business_type=business_type, is_current=True)
        .first()
    )
    stale.check(based_on, old.version if old else 0, message=str(SETTING_STALE))
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
    log.info(
        "chain saved committee=%s type=%s version=%s", committee.pk, business_type, chain.version
    )
    return chain
