"""orgs.chains: the one current chain, the one chain rule, and new versions on every save."""

from __future__ import annotations

import pytest

from lib.refusal import Refused, Stale
from orgs import chains
from orgs.chains import NodeData
from orgs.models import ChainNode, Department, ReviewChain, ReviewCommittee

pytestmark = pytest.mark.django_db

UNIT = NodeData(position=1, label="基层单位审核", actor=ChainNode.Actor.BASE_UNIT)


def test_a_committee_without_a_chain_has_none_and_cannot_take_submissions(
    committee: ReviewCommittee,
) -> None:
    assert chains.current_chain(committee.pk, "review") is None
    with pytest.raises(Refused, match="该评审委员会尚未设置审核流程"):
        chains.required_chain(committee.pk, "review")


def test_each_save_makes_a_new_current_version_and_keeps_the_old(
    committee: ReviewCommittee, department: Department
) -> None:
    first = chains.save_chain(committee.pk, "review", [UNIT], based_on=0)
    nodes = [
        UNIT,
        NodeData(2, "行业主管部门审核", ChainNode.Actor.DEPARTMENT, department=department),
    ]
    second = chains.save_chain(committee.pk, "review", nodes, based_on=first.version)
    assert (first.version, second.version) == (1, 2)
    assert chains.required_chain(committee.pk, "review") == second
    assert [n.label for n in second.nodes.all()] == ["基层单位审核", "行业主管部门审核"]
    first.refresh_from_db()
    assert not first.is_current and first.nodes.count() == 1


def test_a_page_drawn_from_an_older_version_is_refused(committee: ReviewCommittee) -> None:
    chains.save_chain(committee.pk, "review", [UNIT], based_on=0)
    with pytest.raises(Stale, match="已被他人修改"):
        chains.save_chain(committee.pk, "review", [UNIT], based_on=0)
    assert ReviewChain.objects.filter(committee=committee).count() == 1


@pytest.mark.parametrize(
    ("nodes", "message"),
    [
        ([], "至少要有一个节点"),
        ([NodeData(2, "审核", ChainNode.Actor.BASE_UNIT)], "从 1 开始连续编号"),
        ([NodeData(1, " ", ChainNode.Actor.BASE_UNIT)], "缺少节点名称"),
        ([NodeData(1, "部门", ChainNode.Actor.DEPARTMENT)], "请选择部门"),
        ([NodeData(1, "推荐", ChainNode.Actor.RECOMMENDING)], "请选择推荐单位层级"),
    ],
)
def test_the_chain_rule_refuses_before_writing(
    committee: ReviewCommittee, nodes: list[NodeData], message: str
) -> None:
    with pytest.raises(Refused, match=message):
        chains.save_chain(committee.pk, "review", nodes, based_on=0)
    assert not ReviewChain.objects.filter(committee=committee).exists()
