"""Every (state, action, actor): allowed moves succeed, the rest are refused with nothing changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.http import Http404

from accounts.models import User
from applications import actions
from applications.models import Application, HistoryEntry, Status
from applications.tests.conftest import recommend
from reviews import actions as review_actions

STATES = ["draft", "at_unit", "at_department", "at_committee", "returned", "passed"]


@pytest.fixture
def state_app(request: pytest.FixtureRequest, db: None) -> Callable[[str], Application]:
    """Build an application in the named state."""

    def build(state: str) -> Application:
        if state == "draft":
            return request.getfixturevalue("filled")
        if state == "at_unit":
            app = request.getfixturevalue("submitted")
            recommend(app, request.getfixturevalue("unit_admin"))
            return app
        if state in ("at_department", "at_committee"):
            return request.getfixturevalue(state)
        if state == "returned":
            app = request.getfixturevalue("submitted")
            return review_actions.return_application(
                request.getfixturevalue("unit_admin"),
                app.pk,
                opinion="请补充材料",
                expected_version=None,
            )
        if state == "passed":
            app = request.getfixturevalue("at_committee")
            return review_actions.pass_application(
                request.getfixturevalue("committee_staff"), app.pk, expected_version=None
            )
        raise AssertionError(state)

    return build


def _snapshot(app: Application) -> tuple[Any, ...]:
    app.refresh_from_db()
    return (
        app.status,
        app.position,
        app.submission_count,
        app.version,
        app.holder_unit_id,
        app.holder_department_id,
        app.holder_committee_id,
        HistoryEntry.objects.filter(application=app).count(),
    )


def _applicant_moves(app: Application) -> dict[str, Callable[[], Any]]:
    who = app.applicant
    return {
        "submit": lambda: actions.submit(who, app.pk, expected_version=None),
        "recall": lambda: actions.recall(who, app.pk, expected_version=None),
        "delete": lambda: actions.delete_application(who, app.pk, expected_version=None),
        "change": lambda: actions.change_qualification(
            who,
            app.pk,
            title=app.title,
            specialty=app.specialty,
            committee=None,
            expected_version=None,
        ),
        "save_section": lambda: actions.save_section(
            who,
            app.pk,
            "basic",
            {"sex": "男", "work_start": "2016-09-01", "post": ""},
            expected_version=None,
        ),
    }


APPLICANT_ALLOWED = {
    "submit": {"draft", "returned"},
    "recall": {"at_unit"},
    "delete": {"draft"},
    "change": {"draft", "returned"},
    "save_section": {"draft", "returned"},
}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("move", sorted(APPLICANT_ALLOWED))
def test_applicant_moves(state_app: Callable[[str], Application], state: str, move: str) -> None:
    app = state_app(state)
    before = _snapshot(app)
    if state in APPLICANT_ALLOWED[move]:
        _applicant_moves(app)[move]()
        if move == "delete":
            assert not Application.objects.filter(pk=app.pk).exists()
        else:
            assert _snapshot(app) != before
    else:
        with pytest.raises(actions.ActionError):
            _applicant_moves(app)[move]()
        assert _snapshot(app) == before


REVIEWER_ALLOWED = {
    "unit_admin": "at_unit",
    "dept_reviewer": "at_department",
    "committee_staff": "at_committee",
}
REVIEWERS = [*REVIEWER_ALLOWED, "other_unit_admin", "outsider"]


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("reviewer_name", REVIEWERS)
@pytest.mark.parametrize("move", ["pass", "return", "comment"])
def test_reviewer_moves(
    request: pytest.FixtureRequest,
    state_app: Callable[[str], Application],
    state: str,
    reviewer_name: str,
    move: str,
) -> None:
    app = state_app(state)
    reviewer: User = request.getfixturevalue(reviewer_name)
    before = _snapshot(app)
    run: dict[str, Callable[[], Any]] = {
        "pass": lambda: review_actions.pass_application(reviewer, app.pk, expected_version=None),
        "return": lambda: review_actions.return_application(
            reviewer, app.pk, opinion="请修改", expected_version=None
        ),
        "comment": lambda: review_actions.save_comment(reviewer, app.pk, "basic", "请核对"),
    }
    if REVIEWER_ALLOWED.get(reviewer_name) == state:
        run[move]()
        if move == "comment":
            assert app.comments.get().text == "请核对"
        else:
            assert _snapshot(app) != before
            app.refresh_from_db()
            assert app.status in (Status.IN_REVIEW, Status.RETURNED, Status.PASSED)
    else:
        with pytest.raises((actions.ActionError, Http404)):
            run[move]()
        assert _snapshot(app) == before
        assert not app.comments.exists()
