"""Demo data: base units, open application windows and one account per role.

Kept apart from the reference data (ADR 0003): reference data is what production needs,
this is what a demonstration or a manual test needs. Idempotent like the reference loader:
rows are found by natural key (USCC, username, committee × series × year), created when
missing and otherwise left as they are, so running it twice changes nothing. The one
exception is time: a demo window that is no longer open is opened again around today.

All people, units, ID numbers and phone numbers are made up; ID numbers and USCCs carry
correct check digits (python-stdnum) so the platform's validators accept them.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from catalog.models import BusinessType, FormTemplate, Level, Series, Specialty
from lib.files import CheckedUpload
from lib.idcard import mask_id_number
from orgs.models import (
    ApplicationWindow,
    BaseUnit,
    CommitteeScope,
    Department,
    Region,
    ReviewChain,
    ReviewCommittee,
)
from orgs.reference.loader import load_reference_data
from payments.models import FeeAccount
from portal.demo_applications import load_demo_applications
from portal.demo_making import demo_png, make_id_number, make_uscc
from sysadmin import actions as settings_actions

PASSWORD = "Demo@2026"  # noqa: S105 - the published password of the demo accounts

# Everything with a date is placed around the day the data is loaded (a demo is always
# "now"): windows opened 10 days ago and closing in 20, paper materials due a month after
# a committee's last window closes, one specialty's window closed a few days ago.
OPEN_SINCE = datetime.timedelta(days=10)
OPEN_UNTIL = datetime.timedelta(days=20)
PAPER_AFTER_CLOSE = datetime.timedelta(days=30)
CLOSED_AT_MOST = datetime.timedelta(days=30)  # older than this, the closed window is moved


# Region codes: 650000 自治区, 650100 乌鲁木齐市 (650102 天山区, 650104 新市区),
# 653100 喀什地区 (653101 喀什市, 653128 岳普湖县).
UNITS: list[dict[str, Any]] = [
    {
        "key": "xj_press",
        "name": "新疆天山示例出版社",
        "uscc": make_uscc("650000", 45800001),
        "region": "650000",
        "county": "650102",
        "nature": BaseUnit.Nature.AUTONOMOUS,
        "contact": ("赵明远", "13900000201"),
        "recommending": [("650000", "新疆维吾尔自治区新闻出版局")],
        "complete": {
            "address": "乌鲁木齐市天山区示例路 101 号",
            "legal_representative": "钱文博",
            "phone": "0991-0120101",
            "postcode": "830000",
            "hr_person": "赵明远",
            "hr_mobile": "13900000201",
        },
    },
    {
        "key": "urumqi_school",
        "name": "乌鲁木齐市明德示例中学",
        "uscc": make_uscc("650100", 45800002),
        "region": "650100",
        "county": "650102",
        "nature": BaseUnit.Nature.PREFECTURE,
        "contact": ("王建国", "13900000202"),
        "recommending": [
            ("650100", "乌鲁木齐市教育局"),
            ("650000", "新疆维吾尔自治区教育厅"),
        ],
        "complete": {
            "address": "乌鲁木齐市天山区示例路 102 号",
            "legal_representative": "孙志刚",
            "phone": "0991-0120102",
            "postcode": "830002",
            "hr_person": "王建国",
            "hr_mobile": "13900000202",
        },
    },
    {
        "key": "urumqi_institute",
        "name": "乌鲁木齐市城市发展示例研究所",
        "uscc": make_uscc("650100", 45800003),
        "region": "650100",
        "county": "650104",
        "nature": BaseUnit.Nature.PREFECTURE,
        "contact": ("李娜", "13900000203"),
        "recommending": [("650100", "乌鲁木齐市人力资源和社会保障局")],
        "complete": None,  # registered, 完善单位信息 not done yet: cannot review
    },
    {
        "key": "kashgar_school",
        "name": "喀什地区育才示例中学",
        "uscc": make_uscc("653100", 45800004),
        "region": "653100",
        "county": "653101",
        "nature": BaseUnit.Nature.PREFECTURE,
        "contact": ("阿迪力·吾守尔", "13900000204"),
        "recommending": [("653100", "喀什地区教育局")],
        "complete": {
            "address": "喀什市示例路 104 号",
            "legal_representative": "吐尔逊·买买提",
            "phone": "0998-0120104",
            "postcode": "844000",
            "hr_person": "阿迪力·吾守尔",
            "hr_mobile": "13900000204",
        },
    },
    {
        "key": "yuepuhu_school",
        "name": "岳普湖县巴扎示例中心小学",
        "uscc": make_uscc("653128", 45800005),
        "region": "653100",
        "county": "653128",
        "nature": BaseUnit.Nature.COUNTY,
        "contact": ("艾克拜尔·吐尔逊", "13900000205"),
        "recommending": [("653128", "岳普湖县教育局"), ("653100", "喀什地区教育局")],
        "complete": {
            "address": "岳普湖县示例路 105 号",
            "legal_representative": "如则麦·阿不都",
            "phone": "0998-0120105",
            "postcode": "844400",
            "hr_person": "艾克拜尔·吐尔逊",
            "hr_mobile": "13900000205",
        },
    },
]

USERS: list[dict[str, Any]] = [
    {
        "username": "demo_applicant",
        "role": Role.APPLICANT,
        "real_name": "张明",
        "id_number": make_id_number("650102", "19880315", "121"),
        "mobile": "13900000101",
    },
    {
        "username": "demo_applicant2",
        "role": Role.APPLICANT,
        "real_name": "阿依古丽·买买提",
        "id_number": make_id_number("653128", "19920608", "242"),
        "mobile": "13900000102",
    },
    {
        "username": "demo_unit",
        "role": Role.UNIT_ADMIN,
        "real_name": "王建国",
        "mobile": "13900000202",
        "unit": "urumqi_school",
    },
    {
        "username": "demo_unit_kashgar",
        "role": Role.UNIT_ADMIN,
        "real_name": "艾克拜尔·吐尔逊",
        "mobile": "13900000205",
        "unit": "yuepuhu_school",
    },
    {
        "username": "demo_dept",
        "role": Role.DEPT_REVIEWER,
        "real_name": "陈静",
        "mobile": "13900000301",
        "department": ("650100", "乌鲁木齐市教育局"),
    },
    {
        "username": "demo_committee",
        "role": Role.COMMITTEE_STAFF,
        "real_name": "黄丽",
        "mobile": "13900000401",
        "committee": ("650100", "乌鲁木齐市教育局评审委员会"),
    },
    {
        "username": "demo_hr",
        "role": Role.HR_ADMIN,
        "real_name": "马建华",
        "mobile": "13900000501",
        "admin_region": "650000",
    },
]

# A current-year window that has already closed, to show 提交已截止N天: one specialty
# of a committee whose series is otherwise open.
CLOSED_WINDOW: dict[str, Any] = {
    "committee": ("650100", "乌鲁木齐市评审委员会"),
    "series": "sky",
    "specialty": "历史学",
    "opened_ago": datetime.timedelta(days=40),
    "closed_ago": datetime.timedelta(days=3),
}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    password: str
    organisation: str
    id_number: str  # masked


def _file_missing(field: Any) -> bool:
    return not field or not field.storage.exists(field.name)


def _region(code: str) -> Region:
    return Region.objects.get(code=code)


def _department(key: tuple[str, str]) -> Department:
    return Department.objects.get(region__code=key[0], name=key[1])


def _committee(key: tuple[str, str]) -> ReviewCommittee:
    return ReviewCommittee.objects.get(region__code=key[0], name=key[1])


def load_units() -> dict[str, BaseUnit]:
    units = {}
    for data in UNITS:
        unit = BaseUnit.objects.filter(uscc=data["uscc"]).first()
        created = unit is None
        if unit is None:
            unit = BaseUnit(
                uscc=data["uscc"],
                name=data["name"],
                region=_region(data["region"]),
                county=_region(data["county"]),
                nature=data["nature"],
                contact_name=data["contact"][0],
                contact_mobile=data["contact"][1],
                **(data["complete"] or {}),
            )
        if _file_missing(unit.licence_scan):
            scan = demo_png(
                "BUSINESS LICENCE (DEMO)",
                [f"USCC {data['uscc']}", f"Region {data['region']}", "Issued for the demo"],
                (11, 79, 156),
            )
            unit.licence_scan.save("licence.png", ContentFile(scan), save=False)
            unit.licence_scan_name = "营业执照.png"
            unit.save()
        if created:
            unit.recommending_units.set([_department(key) for key in data["recommending"]])
        units[data["key"]] = unit
    return units


def load_windows(now: datetime.datetime) -> None:
    """An open review window for every series a committee judges, and for every other
    business type (special talent: 正高 only) where the committee has a chain for it."""
    year = timezone.localdate(now).year
    wanted: set[tuple[int, str, int]] = set()
    for scope in CommitteeScope.objects.all():
        wanted.add((scope.committee_id, BusinessType.REVIEW, scope.series_id))
    special = ReviewChain.objects.filter(business_type=BusinessType.SPECIAL, is_current=True)
    for committee_id in special.values_list("committee_id", flat=True):
        senior = CommitteeScope.objects.filter(committee_id=committee_id, level=Level.SENIOR)
        for series_id in senior.values_list("series_id", flat=True):
            wanted.add((committee_id, BusinessType.SPECIAL, series_id))
    # 初次确定, 授予, 访惠聚三年高定: every series of a committee that has a chain for them.
    others = ReviewChain.objects.filter(
        business_type__in=[BusinessType.INITIAL, BusinessType.CONFER, BusinessType.FHJ],
        is_current=True,
    )
    for committee_id, business_type in others.values_list("committee_id", "business_type"):
        scopes = CommitteeScope.objects.filter(committee_id=committee_id)
        for series_id in scopes.values_list("series_id", flat=True).distinct():
            wanted.add((committee_id, business_type, series_id))
    for committee_id, business_type, series_id in sorted(wanted):
        _ensure_window(
            {
                "committee_id": committee_id,
                "business_type": business_type,
                "year": year,
                "series_id": series_id,
                "specialty": None,
            },
            opens=now - OPEN_SINCE,
            closes=now + OPEN_UNTIL,
            keep=lambda w: w.opens_at <= now < w.closes_at,
        )
    committee = _committee(CLOSED_WINDOW["committee"])
    series = Series.objects.get(code=CLOSED_WINDOW["series"])
    _ensure_window(
        {
            "committee_id": committee.pk,
            "business_type": BusinessType.REVIEW,
            "year": year,
            "series_id": series.pk,
            "specialty": Specialty.objects.get(series=series, name=CLOSED_WINDOW["specialty"]),
        },
        opens=now - CLOSED_WINDOW["opened_ago"],
        closes=now - CLOSED_WINDOW["closed_ago"],
        keep=lambda w: now - CLOSED_AT_MOST <= w.closes_at <= now,
    )


def load_paper_deadlines(now: datetime.datetime) -> None:
    """No committee asks for paper materials before its open windows close.

    The reference data seeds one fixed date; on a demo loaded later that date has passed
    while windows are open. A deadline that is missing or falls before the last close of
    the committee's open (or coming) windows moves to a month after that close; one that
    already fits is left alone, as an hr_admin may have set it.
    """
    last_close: dict[int, datetime.date] = {}
    for committee_id, closes_at in ApplicationWindow.objects.filter(closes_at__gt=now).values_list(
        "committee_id", "closes_at"
    ):
        day = timezone.localdate(closes_at)
        last_close[committee_id] = max(day, last_close.get(committee_id, day))
    for committee in ReviewCommittee.objects.filter(pk__in=last_close):
        close = last_close[committee.pk]
        if committee.paper_deadline is None or committee.paper_deadline < close:
            committee.paper_deadline = close + PAPER_AFTER_CLOSE
            committee.save(update_fields=["paper_deadline"])


def _ensure_window(
    lookup: dict[str, Any], *, opens: datetime.datetime, closes: datetime.datetime, keep: Any
) -> None:
    window = ApplicationWindow.objects.filter(**lookup).first()
    if window is None:
        ApplicationWindow.objects.create(**lookup, opens_at=opens, closes_at=closes)
    elif not keep(window):
        window.opens_at, window.closes_at = opens, closes
        window.save(update_fields=["opens_at", "closes_at"])


def load_templates(year: int, hr_admin: User) -> None:
    """This year's forms: a demo loaded in a year the reference data has no template for
    gets a published copy of each form's latest version, made by demo_hr through 系统设置's
    own actions (versioned and audited like any copy)."""
    published = FormTemplate.objects.filter(is_published=True)
    have = set(published.filter(year=year).values_list("series_id", "business_type"))
    latest: dict[tuple[int, str], FormTemplate] = {}
    for template in published.filter(year__lt=year).order_by("year", "version"):
        latest[(template.series_id, template.business_type)] = template
    for key, template in sorted(latest.items()):
        if key in have:
            continue
        copy = settings_actions.copy_template(hr_admin, template.pk, year=year)
        settings_actions.save_template_facts(
            hr_admin,
            copy.pk,
            name=copy.name,
            is_published=True,
            version=None,  # no page was drawn: nothing to compare
        )


def load_fee_accounts() -> None:
    """A (fictional) bank account for every committee that charges, shown on the 缴费 page."""
    for committee in ReviewCommittee.objects.exclude(fee_mode=ReviewCommittee.FeeMode.NONE):
        FeeAccount.objects.get_or_create(
            committee=committee,
            defaults={
                "payee": committee.name,
                "bank": "示例银行乌鲁木齐分行（演示）",
                "account_number": f"6200 0000 {committee.pk:04d} 0000",
                "instructions": "演示数据：请在备注中填写缴费订单号，转账后由评审委员会工作人员确认。",
            },
        )


def load_users(units: dict[str, BaseUnit], now: datetime.datetime) -> list[User]:
    users = []
    for data in USERS:
        wanted: dict[str, Any] = {
            "role": data["role"],
            "real_name": data["real_name"],
            "email": f"{data['username']}@example.cn",
            "mobile": data["mobile"],
            "id_number": data.get("id_number"),
            "unit": units[data["unit"]] if "unit" in data else None,
            "department": _department(data["department"]) if "department" in data else None,
            "committee": _committee(data["committee"]) if "committee" in data else None,
            "admin_region": _region(data["admin_region"]) if "admin_region" in data else None,
        }
        user = User.objects.filter(username=data["username"]).first()
        if user is None:
            user = User(username=data["username"], notice_accepted_at=now, **wanted)
            user.set_password(PASSWORD)
            user.save()
        else:
            changed = [name for name, value in wanted.items() if getattr(user, name) != value]
            for name in changed:
                setattr(user, name, wanted[name])
            if not user.check_password(PASSWORD):
                user.set_password(PASSWORD)
                changed.append("password")
            if changed:
                user.save(update_fields=changed)
        if user.role == Role.APPLICANT and _file_missing(user.id_card_scan):
            scan = demo_png(
                "RESIDENT ID CARD (DEMO)",
                [f"ID {mask_id_number(user.id_number or '')}", "Name: demo applicant"],
                (29, 122, 60),
            )
            user.id_card_scan.save("idcard.png", ContentFile(scan), save=False)
            user.id_card_scan_name = "身份证.png"
            user.save(update_fields=["id_card_scan", "id_card_scan_name"])
        users.append(user)
    return users


def _organisation(user: User) -> str:
    for org in (user.unit, user.department, user.committee, user.admin_region):
        if org is not None:
            return str(org)
    return ""


def load_demo_data(now: datetime.datetime | None = None) -> list[DemoLogin]:
    """Create or refresh the demo data; returns the demo logins (ID numbers masked)."""
    if not Region.objects.exists():
        load_reference_data()
    now = now or timezone.now()
    with transaction.atomic():
        units = load_units()
        load_windows(now)
        load_paper_deadlines(now)
        users = load_users(units, now)
        load_templates(timezone.localdate(now).year, User.objects.get(username="demo_hr"))
        load_fee_accounts()
    evidence = demo_png(
        "EVIDENCE (DEMO)", ["scanned certificate", "for demonstration"], (11, 79, 156)
    )
    load_demo_applications(PASSWORD, CheckedUpload(evidence, "png", "证明材料.png"), now)
    return [
        DemoLogin(
            username=u.username,
            role=str(u.get_role_display()),
            password=PASSWORD,
            organisation=_organisation(u),
            id_number=mask_id_number(u.id_number or ""),
        )
        for u in users
    ]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def format_logins(logins: list[DemoLogin]) -> str:
    """A plain-text table, aligned for CJK text in a terminal."""
    header = ("用户名", "角色", "密码", "所属", "身份证号")
    rows = [header] + [
        (x.username, x.role, x.password, x.organisation, x.id_number or "-") for x in logins
    ]
    widths = [max(_width(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        "  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
