"""Every (state, step, actor), generated from the declared workflow (`workflow.RULES`).

For each step the declaration names where it may be taken from, by whom and where it leads.
This test builds the application in every state of the test world (the chain 基层工作单位 →
地厅级材料接收部门 → 评审机构), lets every named user try every step, and checks:

- an allowed move: the exact status, position, holder and submission count it arrives at,
  the history row (action, actor, from and to) and the node visit;
- an allowed step that stays: it did its own write and the application did not move;
- a refused step: the declared message (or a 404 for an application the user may not see)
  and nothing changed — the row, its history, comments, recommendation, sections and files.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.http import Http404

from accounts.models import User
from applications import actions, workflow
from applications.models import (
    APPLICANT_LABEL,
    PASSED_LABEL,
    Application,
    HistoryEntry,
    NodeVisit,
    SectionData,
    SlotFile,
    Status,
)
from applications.scoping import visible_to
from applications.workflow import RULES, Actor, Place, Step, To
from lib.refusal import Refused, Stale
from orgs.models import BaseUnit, Department, ReviewCommittee
from reviews import actions as review_actions
from reviews.models import Recommendation, SectionComment
from testing.worlds import recommend

# The states of the test world, and where each one is in the chain (this test's own reading,
# not `workflow.place`).
STATES: dict[str, Place] = {
    "draft": Place.DRAFT,  # never submitted
    "recalled": Place.DRAFT,  # submitted once, recalled before the unit acted
    "returned": Place.RETURNED,
    "at_unit": Place.FIRST_NODE,
    "at_department": Place.LATER_NODE,
    "at_committee": Place.LATER_NODE,  # the last node
    "passed": Place.PASSED,
}
ACTORS = [
    "applicant",
    "outsider",
    "unit_admin",
    "other_unit_admin",
    "dept_reviewer",
    "committee_staff",
]
# Who holds the application in each review state of this world.
HOLDER_OF = {
    "at_unit": "unit_admin",
    "at_department": "dept_reviewer",
    "at_committee": "committee_staff",
}
# The world's chain: the label of each position and the organisation resolved there.
LABELS = {1: "基层工作单位", 2: "地厅级材料接收部门", 3: "评审机构"}
NOT_FOUND = "404"


@pytest.fixture
def state_app(request: pytest.FixtureRequest, db: None) -> Callable[[str], Application]:
    """Build an application in the named state."""

    def build(state: str) -> Application:
        fixture = request.getfixturevalue
        if state == "draft":
            app: Application = fixture("filled")
        elif state == "recalled":
            app = fixture("submitted")
            actions.recall(app.applicant, app.pk, expected_version=None)
        elif state == "at_unit":
            app = fixture("submitted")
            recommend(app, fixture("unit_admin"))
        elif state in ("at_department", "at_committee"):
            app = fixture(state)
        elif state == "returned":
            app = fixture("submitted")
            review_actions.return_application(
                fixture("unit_admin"), app.pk, opinion="请补充材料", expected_version=None
            )
        elif state == "passed":
            app = fixture("at_committee")
            review_actions.pass_application(
                fixture("committee_staff"), app.pk, expected_version=None
            )
        else:
            raise AssertionError(state)
        app.refresh_from_db()
        return app

    return build


def _runs(app: Application, actor: User) -> dict[Step, Callable[[], Any]]:
    """How each declared step is taken through the public actions (current version sent)."""
    version = app.version
    slot_file = SlotFile.objects.filter(application=app).first()
    assert slot_file is not None
    return {
        Step.SUBMIT: lambda: actions.submit(actor, app.pk, expected_version=version),
        Step.RECALL: lambda: actions.recall(actor, app.pk, expected_version=version),
        Step.EDIT: lambda: actions.save_section(
            actor,
            app.pk,
            "basic",
            {"sex": "男", "work_start": "2016-09-01", "post": ""},
            expected_version=None,
        ),
        Step.ATTACH: lambda: actions.remove_attachment(actor, app.pk, slot_file.pk),
        Step.CHANGE: lambda: actions.change_qualification(
            actor,
            app.pk,
            title=app.title,
            specialty=app.specialty,
            committee=None,
            expected_version=version,
        ),
        Step.DELETE: lambda: actions.delete_application(actor, app.pk, expected_version=version),
        Step.COMMENT: lambda: review_actions.save_comment(actor, app.pk, "basic", "请核对"),
        Step.RECOMMEND: lambda: review_actions.save_recommendation(
            actor,
            app.pk,
            person="王负责",
            mobile="13900000009",
            opinion="同意推荐，该同志业绩突出，材料属实。",
        ),
        Step.RETURN: lambda: review_actions.return_application(
            actor, app.pk, opinion="请修改", expected_version=version
        ),
        Step.PASS: lambda: review_actions.pass_application(actor, app.pk, expected_version=version),
    }


def _expected(step: Step, state: str, name: str, app: Application, actor: User) -> str | None:
    """None when the declaration allows the step; else the refusal (or NOT_FOUND)."""
    rule = RULES[step]
    place = STATES[state]
    if rule.actor is Actor.APPLICANT:
        if name != "applicant":
            return NOT_FOUND
        if place not in rule.at or (rule.never_submitted and app.submission_count > 0):
            return str(rule.refusal)
        return None
    if rule.roles and actor.role not in rule.roles:
        return str(rule.role_refusal)
    if not visible_to(actor).filter(pk=app.pk).exists():
        return NOT_FOUND
    if place not in rule.at or HOLDER_OF.get(state) != name:
        return str(rule.refusal)
    return None


def _snapshot(app_id: int) -> tuple[Any, ...]:
    row = Application.objects.filter(pk=app_id).values().first()
    return (
        row,
        HistoryEntry.objects.filter(application_id=app_id).count(),
        list(
            NodeVisit.objects.filter(application_id=app_id)
            .values_list("id", "left_at")
            .order_by("id")
        ),
        list(SectionComment.objects.filter(application_id=app_id).values_list("id", "text")),
        list(
            Recommendation.objects.filter(application_id=app_id).values_list(
                "id", "responsible_person", "opinion"
            )
        ),
        list(SectionData.objects.filter(application_id=app_id).values_list("id", "version")),
        SlotFile.objects.filter(application_id=app_id).count(),
    )


def _holder(app: Application) -> tuple[int | None, int | None, int | None]:
    return (app.holder_unit_id, app.holder_department_id, app.holder_committee_id)


def _arrival(
    rule: workflow.Rule,
    before: Application,
    org: dict[int, tuple[int | None, int | None, int | None]],
) -> tuple[str, int, tuple[int | None, int | None, int | None], int, str]:
    """(status, position, holder, submission count, to label) the declared move leads to."""
    none = (None, None, None)
    count = before.submission_count
    if rule.to is To.FIRST_NODE:
        return Status.IN_REVIEW, 1, org[1], count + 1, LABELS[1]
    if rule.to is To.DRAFT:
        return Status.DRAFT, 0, none, count, APPLICANT_LABEL
    if rule.to is To.RETURNED:
        return Status.RETURNED, 0, none, count, APPLICANT_LABEL
    assert rule.to is To.NEXT_NODE
    if before.position >= len(LABELS):
        return Status.PASSED, len(LABELS) + 1, none, count, PASSED_LABEL
    following = before.position + 1
    return Status.IN_REVIEW, following, org[following], count, LABELS[following]


class _Undo(Exception):
    """Rolls back one actor's attempt, so every actor tries the same application."""


@pytest.mark.parametrize("step", list(Step))
@pytest.mark.parametrize("state", list(STATES))
def test_the_declared_workflow(
    request: pytest.FixtureRequest,
    state_app: Callable[[str], Application],
    unit_a: BaseUnit,
    department: Department,
    committee: ReviewCommittee,
    state: str,
    step: Step,
) -> None:
    app = state_app(state)
    org = {
        1: (unit_a.pk, None, None),
        2: (None, department.pk, None),
        3: (None, None, committee.pk),
    }
    for name in ACTORS:
        actor: User = request.getfixturevalue(name)
        try:
            with transaction.atomic():
                _attempt(app, actor, name, state, step, org)
                raise _Undo
        except _Undo:
            pass
        except AssertionError as failed:
            raise AssertionError(f"{state} / {step} / {name}: {failed}") from failed


def _attempt(
    app: Application,
    actor: User,
    name: str,
    state: str,
    step: Step,
    org: dict[int, tuple[int | None, int | None, int | None]],
) -> None:
    rule = RULES[step]
    expected = _expected(step, state, name, app, actor)
    before = _snapshot(app.pk)
    history = HistoryEntry.objects.filter(application=app).count()
    runs = _runs(app, actor)
    assert set(runs) == set(RULES) == set(Step)  # every declared step is walked
    run = runs[step]

    if expected is not None:
        if expected == NOT_FOUND:
            with pytest.raises(Http404):
                run()
        else:
            with pytest.raises(Refused) as caught:
                run()
            assert caught.value.message == expected
        assert _snapshot(app.pk) == before
        assert not workflow.can(step, app, actor)  # what pages ask agrees with the action
        return

    assert workflow.can(step, app, actor)
    run()
    if step is Step.DELETE:
        assert not Application.objects.filter(pk=app.pk).exists()
        return
    after = Application.objects.get(pk=app.pk)
    if not rule.moves:
        assert (after.status, after.position, _holder(after)) == (
            app.status,
            app.position,
            _holder(app),
        )
        assert after.submission_count == app.submission_count
        return

    status, position, holder, count, to_label = _arrival(rule, app, org)
    assert (after.status, after.position, _holder(after), after.submission_count) == (
        status,
        position,
        holder,
        count,
    )
    assert after.version == app.version + 1
    assert HistoryEntry.objects.filter(application=app).count() == history + 1
    last = HistoryEntry.objects.filter(application=app).latest("id")
    assert (last.action, last.actor_id, last.from_label, last.to_label) == (
        rule.history,
        actor.pk,
        app.current_label,
        to_label,
    )
    assert (after.last_from, after.last_to) == (app.current_label, to_label)
    open_visits = list(NodeVisit.objects.filter(application=app, left_at__isnull=True))
    if holder == (None, None, None):
        assert open_visits == []
    else:
        [visit] = open_visits
        assert (visit.position, visit.label, visit.submission_no) == (position, to_label, count)
        assert (visit.unit_id, visit.department_id, visit.committee_id) == holder


@pytest.mark.parametrize(
    "state", [s for s in STATES if any(STATES[s] in r.at for r in RULES.values() if r.moves)]
)
def test_a_stale_page_moves_nothing(
    request: pytest.FixtureRequest, state_app: Callable[[str], Application], state: str
) -> None:
    """Each move allowed from this state, sent from a page of an older version: `Stale`."""
    app = state_app(state)
    for step, rule in RULES.items():
        if not rule.moves or STATES[state] not in rule.at:
            continue
        name = "applicant" if rule.actor is Actor.APPLICANT else HOLDER_OF[state]
        actor: User = request.getfixturevalue(name)
        if workflow.refusal(step, app, actor) is not None:
            continue  # e.g. a submission limit reached: covered above
        app.version -= 1
        before = _snapshot(app.pk)
        with pytest.raises(Stale):
            _runs(app, actor)[step]()
        assert _snapshot(app.pk) == before
        app.version += 1


def test_the_declaration_says_what_the_rules_of_the_platform_are() -> None:
    """The table itself, read as the business states it (ADR 0011, 0028)."""
    at = {step: (rule.actor, set(rule.at), rule.to) for step, rule in RULES.items()}
    with_applicant = {Place.DRAFT, Place.RETURNED}
    at_a_node = {Place.FIRST_NODE, Place.LATER_NODE}
    assert at == {
        Step.SUBMIT: (Actor.APPLICANT, with_applicant, To.FIRST_NODE),
        Step.RECALL: (Actor.APPLICANT, {Place.FIRST_NODE}, To.DRAFT),  # before the unit acts
        Step.EDIT: (Actor.APPLICANT, with_applicant, To.STAY),
        Step.ATTACH: (Actor.APPLICANT, with_applicant, To.STAY),
        Step.CHANGE: (Actor.APPLICANT, with_applicant, To.STAY),
        Step.DELETE: (Actor.APPLICANT, with_applicant, To.STAY),
        Step.COMMENT: (Actor.HOLDER, at_a_node, To.STAY),
        Step.RECOMMEND: (Actor.HOLDER, at_a_node, To.STAY),
        Step.RETURN: (Actor.HOLDER, at_a_node, To.RETURNED),
        Step.PASS: (Actor.HOLDER, at_a_node, To.NEXT_NODE),
    }
    assert [s for s, r in RULES.items() if r.never_submitted] == [Step.DELETE]
    assert [(s, set(r.roles)) for s, r in RULES.items() if r.roles] == [
        (Step.RECOMMEND, {"unit_admin"})
    ]
