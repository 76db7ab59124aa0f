"""Demo applications in every state, made through the real actions (idempotent)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import Role, User
from applications import actions
from applications.autofill import fill_application
from applications.models import Application
from catalog.models import Specialty, Title
from lib.files import CheckedUpload
from lib.idcard import mask_id_number
from orgs.models import BaseUnit
from portal.demo_making import demo_png, make_id_number
from reviews import actions as review_actions


@dataclass(frozen=True)
class Plan:
    applicant: str
    series: str  # Series.name
    title: str
    state: str  # draft, at_unit, at_department, at_committee, returned, passed


# demo_unit's school (乌鲁木齐市) → 乌鲁木齐市教育局 (demo_dept) → 乌鲁木齐市教育局评审委员会 (demo_committee)
PLANS = [
    Plan("demo_applicant", "中小学教师", "一级教师", "returned"),
    Plan("demo_applicant", "中小学教师", "二级教师", "draft"),
    Plan("demo_teacher_a", "中小学教师", "一级教师", "at_unit"),
    Plan("demo_teacher_b", "中小学教师", "一级教师", "at_department"),
    Plan("demo_teacher_c", "中小学教师", "高级教师", "at_committee"),
    Plan("demo_teacher_d", "中小学教师", "一级教师", "passed"),
]
TEACHERS = {
    "demo_teacher_a": ("古丽娜尔·艾买提", "19900412", "361"),
    "demo_teacher_b": ("刘晓燕", "19870923", "482"),
    "demo_teacher_c": ("买买提江·吐尔逊", "19820117", "513"),
    "demo_teacher_d": ("周婷", "19910705", "624"),
}


def _teacher(username: str, password: str, now: datetime.datetime) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        name, birth, seq = TEACHERS[username]
        user = User(
            username=username,
            role=Role.APPLICANT,
            real_name=name,
            id_number=make_id_number("650102", birth, seq),
            mobile="139" + birth[2:8] + seq[:2],
            email=f"{username}@example.cn",
            notice_accepted_at=now,
        )
        user.set_password(password)
        scan = demo_png(
            "RESIDENT ID CARD (DEMO)", [f"ID {mask_id_number(user.id_number or '')}"], (29, 122, 60)
        )
        user.id_card_scan.save("idcard.png", ContentFile(scan), save=False)
        user.id_card_scan_name = "身份证.png"
        user.save()
    return user


def _drive(
    app: Application, state: str, unit_admin: User, dept: User, committee: User, scan: CheckedUpload
) -> None:
    if state == "draft":
        return
    fill_application(app, scan)
    actions.submit(app.applicant, app.pk, expected_version=None)
    if state == "at_unit":
        return
    if state == "returned":
        review_actions.save_comment(
            unit_admin, app.pk, "teacher", "教龄与参加工作时间不符，请核对后修改。"
        )
        review_actions.return_application(
            unit_admin,
            app.pk,
            opinion="请按栏目意见修改教师情况后重新提交。",
            expected_version=None,
        )
        return
    review_actions.save_recommendation(
        unit_admin,
        app.pk,
        person=unit_admin.real_name,
        mobile=unit_admin.mobile or "13900000202",
        opinion="该同志师德师风良好，教育教学业绩突出，材料真实，同意推荐。",
    )
    review_actions.pass_application(unit_admin, app.pk, expected_version=None)
    if state == "at_department":
        return
    review_actions.pass_application(dept, app.pk, expected_version=None)
    if state == "at_committee":
        return
    review_actions.pass_application(committee, app.pk, expected_version=None)


def load_demo_applications(
    password: str, scan: CheckedUpload, now: datetime.datetime | None = None
) -> int:
    """Create the planned applications that do not exist yet; returns how many were made."""
    now = now or timezone.now()
    year = timezone.localdate(now).year
    unit_admin = User.objects.get(username="demo_unit")
    dept = User.objects.get(username="demo_dept")
    committee = User.objects.get(username="demo_committee")
    unit = BaseUnit.objects.get(admins=unit_admin)
    made = 0
    for plan in PLANS:
        applicant = (
            User.objects.get(username=plan.applicant)
            if plan.applicant.startswith("demo_applicant")
            else _teacher(plan.applicant, password, now)
        )
        title = Title.objects.get(series__name=plan.series, name=plan.title)
        if Application.objects.filter(applicant=applicant, year=year, title=title).exists():
            continue
        specialty = (
            Specialty.objects.filter(series=title.series).order_by("sort_order", "id").first()
        )
        if specialty is None:
            raise RuntimeError(f"reference data has no specialty for {title.series}")
        app = actions.create_application(applicant, title=title, specialty=specialty, unit=unit)
        _drive(app, plan.state, unit_admin, dept, committee, scan)
        made += 1
    return made
