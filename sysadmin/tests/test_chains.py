"""审核流程: view the current chain; editing makes a new version and leaves applications alone."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from applications.models import Application
from orgs.models import ChainNode, Department, ReviewChain, ReviewCommittee
from sysadmin.tests.helpers import formset, text

URL = "sysadmin:chain_edit"


def post(
    client: Client, committee: ReviewCommittee, rows: list[dict[str, Any]], based_on: int
) -> Any:
    data = formset("nodes", rows)
    data["based_on"] = str(based_on)
    return client.post(reverse(URL, args=[committee.pk, "review"]), data)


def node(position: int, label: str, actor: str, **extra: Any) -> dict[str, Any]:
    return {
        "position": str(position),
        "label": label,
        "actor": actor,
        "department": "",
        "department_level": "",
        **extra,
    }


def test_it_shows_the_current_chain(
    client: Client, hr_admin: User, chain_world: ReviewCommittee
) -> None:
    client.force_login(hr_admin)
    page = text(client.get(reverse("sysadmin:chains", args=[chain_world.pk])))
    assert "申请人 → 基层工作单位 → 地厅级材料接收部门 → 评审机构 → 通过形式审核" in page
    assert "第 1 版（共 1 版）" in page
    assert "初次确定" in page and "未设置" in page


def test_editing_makes_a_new_version_and_keeps_the_submitted_copy(
    client: Client,
    hr_admin: User,
    submitted: Application,
    chain_world: ReviewCommittee,
    department: Department,
) -> None:
    old = ReviewChain.objects.get(committee=chain_world)
    nodes_before = list(submitted.nodes)
    client.force_login(hr_admin)
    response = post(
        client,
        chain_world,
        [
            node(1, "基层工作单位", "base_unit"),
            node(2, "市人社局", "department", department=str(department.pk)),
            node(3, "评审机构", "committee"),
        ],
        based_on=1,
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert not old.is_current
    assert [n.label for n in old.nodes.all()] == ["基层工作单位", "地厅级材料接收部门", "评审机构"]
    new = ReviewChain.objects.get(committee=chain_world, is_current=True)
    assert new.version == 2
    assert [(n.position, n.label, n.department_id) for n in new.nodes.all()] == [
        (1, "基层工作单位", None),
        (2, "市人社局", department.pk),
        (3, "评审机构", None),
    ]
    submitted.refresh_from_db()
    assert submitted.chain_id == old.pk
    assert submitted.nodes == nodes_before
    assert "第 2 版（共 2 版）" in text(
        client.get(reverse("sysadmin:chains", args=[chain_world.pk]))
    )


def test_a_first_chain_for_a_business_type(
    client: Client, hr_admin: User, committee: ReviewCommittee
) -> None:
    client.force_login(hr_admin)
    data = formset("nodes", [node(1, "基层工作单位", "base_unit")])
    data["based_on"] = "0"
    response = client.post(reverse(URL, args=[committee.pk, "initial"]), data)
    assert response.status_code == 302
    chain = ReviewChain.objects.get(committee=committee, business_type="initial")
    assert chain.version == 1 and chain.is_current


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([], "至少要有一个节点"),
        ([node(1, "指定部门", "department")], "必须选择部门"),
        ([node(1, "推荐单位", "recommending")], "必须选择层级"),
        ([node(1, "基层工作单位", "base_unit"), node(3, "评审机构", "committee")], "连续编号"),
        ([node(1, "基层工作单位", "base_unit"), node(1, "评审机构", "committee")], "连续编号"),
    ],
)
def test_it_rejects_a_bad_chain(
    client: Client,
    hr_admin: User,
    chain_world: ReviewCommittee,
    rows: list[dict[str, Any]],
    message: str,
) -> None:
    client.force_login(hr_admin)
    response = post(client, chain_world, rows, based_on=1)
    assert response.status_code == 200
    assert message in text(response)
    assert ReviewChain.objects.filter(committee=chain_world).count() == 1


def test_a_recommending_node_keeps_its_level(
    client: Client, hr_admin: User, chain_world: ReviewCommittee
) -> None:
    client.force_login(hr_admin)
    post(
        client, chain_world, [node(1, "县级推荐单位", "recommending", department_level="county")], 1
    )
    new = ReviewChain.objects.get(committee=chain_world, is_current=True)
    assert new.nodes.get().department_level == "county"


def test_a_stale_chain_form_is_refused(
    client: Client, hr_admin: User, chain_world: ReviewCommittee
) -> None:
    client.force_login(hr_admin)
    assert post(client, chain_world, [node(1, "基层工作单位", "base_unit")], 1).status_code == 302
    # The second tab was drawn from version 1 too.
    response = post(client, chain_world, [node(1, "评审机构", "committee")], 1)
    assert "已被他人修改" in text(response)
    current = ReviewChain.objects.get(committee=chain_world, is_current=True)
    assert current.version == 2 and current.nodes.get().label == "基层工作单位"


def test_the_edit_page_starts_from_the_current_nodes(
    client: Client, hr_admin: User, chain_world: ReviewCommittee
) -> None:
    client.force_login(hr_admin)
    page = text(client.get(reverse(URL, args=[chain_world.pk, "review"])))
    assert 'value="地厅级材料接收部门"' in page and 'name="based_on" value="1"' in page


def test_prefecture_admin_gets_404(
    client: Client, kashgar_hr: User, chain_world: ReviewCommittee
) -> None:
    client.force_login(kashgar_hr)
    assert client.get(reverse("sysadmin:chains", args=[chain_world.pk])).status_code == 404
    assert post(client, chain_world, [node(1, "x", "base_unit")], 1).status_code == 404
    assert ChainNode.objects.filter(label="x").count() == 0


def test_resaving_unchanged_nodes_copies_them(
    client: Client, hr_admin: User, chain_world: ReviewCommittee
) -> None:
    client.force_login(hr_admin)
    page = client.get(reverse(URL, args=[chain_world.pk, "review"]))
    rows = [
        {k: ("" if v is None else str(v)) for k, v in f.initial.items()}
        for f in page.context["formset"].initial_forms
    ]
    data = formset("nodes", rows, initial=len(rows))
    data["based_on"] = "1"
    assert client.post(reverse(URL, args=[chain_world.pk, "review"]), data).status_code == 302
    new = ReviewChain.objects.get(committee=chain_world, is_current=True)
    assert [(n.label, n.actor, n.department_level) for n in new.nodes.all()] == [
        ("基层工作单位", "base_unit", ""),
        ("地厅级材料接收部门", "recommending", "prefecture"),
        ("评审机构", "committee", ""),
    ]
