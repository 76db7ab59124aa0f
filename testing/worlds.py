"""The application world (registered by the root conftest.py): a template, a committee with a
chain and an open window, and 张三's application walked through the real actions as far as a
test needs — `draft`, `filled`, `submitted`, `at_department`, `at_committee`, `passed`.

Plain helpers for tests that walk more applications: `fill`, `recommend`, `submit_many`,
`to_passed`, `add_business_type`.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role, User
from applications import actions
from applications.models import Application
from catalog.models import (
    AttachmentSlot,
    BusinessType,
    FormTemplate,
    Level,
    Series,
    Specialty,
    TemplateField,
    TemplateSection,
    Title,
)
from lib.files import CheckedUpload
from orgs.models import (
    ApplicationWindow,
    BaseUnit,
    ChainNode,
    CommitteeScope,
    Department,
    ReviewChain,
    ReviewCommittee,
)
from reviews import actions as review_actions
from testing.files import make_png
from testing.people import make_user


@pytest.fixture
def title(series: Series) -> Title:
    return Title.objects.get(series=series, name="助理研究员")


@pytest.fixture
def specialty(series: Series) -> Specialty:
    return Specialty.objects.get(series=series, name="经济学")


@pytest.fixture
def template(series: Series) -> FormTemplate:
    year = timezone.localdate().year
    tpl = FormTemplate.objects.create(series=series, year=year, name="社会科学研究申请书")
    basic = TemplateSection.objects.create(template=tpl, position=1, key="basic", title="基本信息")
    TemplateField.objects.create(
        section=basic, position=1, key="number", label="申请书编号", type="auto"
    )
    TemplateField.objects.create(
        section=basic,
        position=2,
        key="sex",
        label="性别",
        type="choice",
        required=True,
        choices=["男", "女"],
    )
    TemplateField.objects.create(
        section=basic,
        position=3,
        key="work_start",
        label="参加工作时间",
        type="date",
        required=True,
    )
    TemplateField.objects.create(
        section=basic, position=4, key="post", label="现任行政职务", type="text", max_length=20
    )
    AttachmentSlot.objects.create(
        section=basic, position=1, key="idcard", label="身份证", required=True, max_files=2
    )
    edu = TemplateSection.objects.create(
        template=tpl, position=2, key="education", title="学历学位情况", repeatable=True, max_rows=3
    )
    TemplateField.objects.create(
        section=edu, position=1, key="school", label="毕业院校", type="text", required=True
    )
    TemplateField.objects.create(
        section=edu,
        position=2,
        key="years",
        label="学制(年)",
        type="integer",
        required=True,
        min_value=1,
        max_value=8,
    )
    TemplateSection.objects.create(
        template=tpl,
        position=3,
        key="recommendation",
        title="单位推荐意见",
        filled_by_unit=True,
        required=False,
    )
    return tpl


@pytest.fixture
def chain_world(
    committee: ReviewCommittee,
    department: Department,
    unit_a: BaseUnit,
    series: Series,
    title: Title,
    template: FormTemplate,
) -> ReviewCommittee:
    """乌鲁木齐市 committee: 基层工作单位 → 地厅级材料接收部门 (unit A's recommender) → 评审机构."""
    CommitteeScope.objects.create(committee=committee, series=series, level=Level.INTERMEDIATE)
    chain = ReviewChain.objects.create(committee=committee)
    ChainNode.objects.create(chain=chain, position=1, label="基层工作单位", actor="base_unit")
    ChainNode.objects.create(
        chain=chain,
        position=2,
        label="地厅级材料接收部门",
        actor="recommending",
        department_level="prefecture",
    )
    ChainNode.objects.create(chain=chain, position=3, label="评审机构", actor="committee")
    unit_a.recommending_units.add(department)
    now = timezone.now()
    ApplicationWindow.objects.create(
        committee=committee,
        year=now.year,
        series=series,
        opens_at=now - timedelta(days=5),
        closes_at=now + timedelta(days=7),
    )
    return committee


@pytest.fixture
def draft(
    applicant: User,
    chain_world: ReviewCommittee,
    title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
) -> Application:
    return actions.create_application(applicant, title=title, specialty=specialty, unit=unit_a)


def fill(app: Application) -> Application:
    """Fill every applicant section and the required slot, as a diligent applicant would."""
    actions.save_section(
        app.applicant,
        app.pk,
        "basic",
        {"sex": "女", "work_start": "2015-09-01", "post": ""},
        expected_version=None,
    )
    actions.save_section(
        app.applicant,
        app.pk,
        "education",
        {"rows": [{"school": "新疆大学", "years": 4}]},
        expected_version=None,
    )
    scan = actions.store_attachment(app.applicant, CheckedUpload(make_png(), "png", "身份证.png"))
    actions.place_attachment(app.applicant, app.pk, "basic", "idcard", scan)
    app.refresh_from_db()
    return app


@pytest.fixture
def filled(draft: Application) -> Application:
    return fill(draft)


@pytest.fixture
def submitted(filled: Application) -> Application:
    return actions.submit(filled.applicant, filled.pk, expected_version=None)


def recommend(app: Application, admin: User) -> None:
    """The unit's recommendation (单位推荐意见), which a unit pass needs."""
    review_actions.save_recommendation(
        admin,
        app.pk,
        person="张负责",
        mobile="13900000001",
        opinion="该同志政治立场坚定，业绩突出，同意推荐。",
    )


@pytest.fixture
def at_department(submitted: Application, unit_admin: User) -> Application:
    recommend(submitted, unit_admin)
    return review_actions.pass_application(unit_admin, submitted.pk, expected_version=None)


@pytest.fixture
def at_committee(at_department: Application, dept_reviewer: User) -> Application:
    return review_actions.pass_application(dept_reviewer, at_department.pk, expected_version=None)


@pytest.fixture
def passed(at_committee: Application, committee_staff: User) -> Application:
    """张三's application, through formal review (通过形式审核)."""
    return review_actions.pass_application(committee_staff, at_committee.pk, expected_version=None)


def to_passed(
    app: Application, unit_admin: User, dept_reviewer: User, committee_staff: User
) -> Application:
    """A submitted application recommended and passed by the unit, department and committee."""
    recommend(app, unit_admin)
    for who in (unit_admin, dept_reviewer, committee_staff):
        app = review_actions.pass_application(who, app.pk, expected_version=None)
    return app


def submit_many(
    n: int, *, qualification: Title, field: Specialty, unit: BaseUnit, start: int = 0
) -> list[Application]:
    """n applicants of the unit, each filling and submitting one application through the actions."""
    apps = []
    for i in range(start, start + n):
        person = make_user(
            f"applicant{i:03d}",
            Role.APPLICANT,
            real_name=f"申请人{i:03d}",
            id_number=f"65010219900101{i:04d}",
            mobile=f"1380000{i:04d}",
        )
        app = actions.create_application(person, title=qualification, specialty=field, unit=unit)
        fill(app)
        apps.append(actions.submit(person, app.pk, expected_version=None))
    return apps


# --- the other business types (特殊人才认定, 初次确定, 授予, 访惠聚三年高定) ------------------

OTHER_TYPES = [BusinessType.INITIAL, BusinessType.SPECIAL, BusinessType.CONFER, BusinessType.FHJ]


def add_business_type(committee: ReviewCommittee, series: Series, business_type: str) -> None:
    """A template, the seed's chain and an open window for one business type."""
    year = timezone.localdate().year
    template = FormTemplate.objects.create(
        series=series,
        year=year,
        business_type=business_type,
        name=f"{series.name}{BusinessType(business_type).label}申请书",
    )
    basic = TemplateSection.objects.create(
        template=template, position=1, key="basic", title="基本信息"
    )
    TemplateField.objects.create(
        section=basic, position=1, key="sex", label="性别", type="choice", required=True,
        choices=["男", "女"],
    )  # fmt: skip
    TemplateSection.objects.create(
        template=template,
        position=2,
        key="unit_opinion",
        title="单位推荐意见",
        filled_by_unit=True,
        required=False,
    )
    chain = ReviewChain.objects.create(committee=committee, business_type=business_type)
    ChainNode.objects.create(chain=chain, position=1, label="基层工作单位", actor="base_unit")
    ChainNode.objects.create(
        chain=chain,
        position=2,
        label="地厅级材料接收部门",
        actor="recommending",
        department_level="prefecture",
    )
    ChainNode.objects.create(chain=chain, position=3, label="评审机构", actor="committee")
    now = timezone.now()
    ApplicationWindow.objects.create(
        committee=committee,
        business_type=business_type,
        year=year,
        series=series,
        opens_at=now - timedelta(days=5),
        closes_at=now + timedelta(days=7),
    )


@pytest.fixture
def senior_title(series: Series) -> Title:
    return Title.objects.create(series=series, level=Level.SENIOR, name="研究员")


@pytest.fixture
def types_world(
    chain_world: ReviewCommittee, series: Series, senior_title: Title
) -> ReviewCommittee:
    """chain_world (评审, 中级) plus 正高 in scope and every other business type set up."""
    CommitteeScope.objects.create(committee=chain_world, series=series, level=Level.SENIOR)
    for business_type in OTHER_TYPES:
        add_business_type(chain_world, series, business_type)
    return chain_world
