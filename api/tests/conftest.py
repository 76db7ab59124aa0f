"""The API's world: the certificate world of testing/ (an application walked to 通过形式审核,
its 批文 and certificate), more applications made directly for the lists, and
API tokens made through the real action as an hr_admin would in 系统设置."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import Role, User
from api import actions
from api.models import Scope
from applications.models import Application, Status
from catalog.models import FormTemplate, Specialty, Title
from orgs.models import BaseUnit, ReviewCommittee
from testing.people import make_user

API = "/api/v1"
ALL_SCOPES = [Scope.APPLICATIONS, Scope.RESULTS]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def body(response: Any) -> Any:
    assert response["Content-Type"].startswith("application/json"), response.content[:300]
    return response.json()


def make_token(
    by: User,
    committee: ReviewCommittee,
    scopes: list[str] | None = None,
    *,
    days: int = 30,
    name: str = "人事管理系统",
) -> actions.NewToken:
    return actions.create_token(
        by,
        committee_id=committee.pk,
        name=name,
        scopes=ALL_SCOPES if scopes is None else scopes,
        expires_on=timezone.localdate() + timedelta(days=days),
    )


@pytest.fixture
def token(hr_admin: User, committee: ReviewCommittee) -> str:
    """A token of 乌鲁木齐市评审委员会 with both read scopes."""
    return make_token(hr_admin, committee).secret


@pytest.fixture
def make_app(
    title: Title,
    specialty: Specialty,
    template: FormTemplate,
    unit_a: BaseUnit,
    committee: ReviewCommittee,
) -> Callable[..., Application]:
    """A factory for applications made directly (the chain has its own tests): one holder each."""
    made: list[Application] = []

    def make(
        status: str = Status.IN_REVIEW,
        *,
        on: ReviewCommittee | None = None,
        year: int | None = None,
        holder: User | None = None,
        submissions: int = 1,
    ) -> Application:
        n = len(made) + 1
        holder = holder or make_user(
            f"api_holder{n:03d}",
            Role.APPLICANT,
            real_name=f"接口申请人{n}",
            id_number=f"65010219900202{n:04d}",
        )
        in_review = status == Status.IN_REVIEW
        app = Application.objects.create(
            year=year or timezone.localdate().year,
            applicant=holder,
            series=title.series,
            level=title.level,
            title=title,
            specialty=specialty,
            unit=unit_a,
            committee=on or committee,
            template=template,
            status=status,
            position=3 if in_review else 0,
            nodes=[
                {"label": "基层工作单位"},
                {"label": "地厅级材料接收部门"},
                {"label": "评审机构"},
            ]
            if submissions
            else [],
            submission_count=submissions,
            number=f"RSSQ{date.today().year}{n:06d}" if submissions else None,
            passed_at=timezone.now() if status == Status.PASSED else None,
        )
        made.append(app)
        return app

    return make
