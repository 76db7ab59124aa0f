"""Read-only rules about applications: windows, committees by locality, chain holders."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.models import Application
from catalog.models import BusinessType, FormTemplate, Level, Title
from lib.refusal import Refused
from orgs import chains, refrows
from orgs.models import (
    ApplicationWindow,
    BaseUnit,
    ChainNode,
    CommitteeScope,
    Department,
    Region,
    ReviewChain,
    ReviewCommittee,
)


def locality_regions(unit: BaseUnit) -> list[Region]:
    """属地化: the unit's county, then its prefecture, then 自治区 — most local first."""
    regions: list[Region] = []
    if unit.county_id is not None and unit.county is not None:
        regions.append(unit.county)
    regions.append(unit.region)
    top = unit.region
    while top.parent_id is not None and top.parent is not None:
        top = top.parent
        regions.append(top)
    return regions


def committees_for(unit: BaseUnit, title: Title) -> list[ReviewCommittee]:
    """Committees that judge this series and level for this unit, most local first."""
    regions = locality_regions(unit)
    order = {r.pk: i for i, r in enumerate(regions)}
    found = list(
        ReviewCommittee.objects.filter(
            is_active=True,
            region__in=regions,
            scopes__series_id=title.series_id,
            scopes__level=title.level,
        )
        .select_related("region")
        .distinct()
    )
    found.sort(key=lambda c: (order[c.region_id], c.name))
    return found


def default_committee(unit: BaseUnit, title: Title) -> ReviewCommittee:
    committees = committees_for(unit, title)
    if not committees:
        raise Refused(str(NO_LOCAL_COMMITTEE))
    return committees[0]


# The levels a business type may apply for; a type not named here takes every level.
# 特殊人才认定 recognises 正高 directly (新人社发〔2012〕85号 art. 4).
BUSINESS_LEVELS: dict[str, tuple[int, ...]] = {BusinessType.SPECIAL: (Level.SENIOR,)}

NO_LOCAL_COMMITTEE = gettext_lazy(
    "该单位所在地区和自治区均没有评审此系列和级别的评审委员会，请咨询人社部门。"
)
NO_COMMITTEE = gettext_lazy("目前没有评审委员会评审此系列和级别，暂不能申报，请咨询人社部门。")
NO_TEMPLATE = gettext_lazy("本年度该系列的申请书模板尚未发布，暂不能申报。")


def business_levels(business_type: str) -> tuple[int, ...]:
    return BUSINESS_LEVELS.get(business_type, tuple(Level.values))


def level_refusal(business_type: str, title: Title) -> str | None:
    """Why this business type cannot take the title's level (None when it can)."""
    if title.level in business_levels(business_type):
        return None
    if business_type == BusinessType.SPECIAL:
        return _(
            "特殊人才认定只能申报正高级职称（新人社发〔2012〕85号第四条），"
            "“%(series)s/%(title)s”为%(level)s，请选择正高级资格，或通过“评审”申报。"
        ) % {"series": title.series.name, "title": title.name, "level": Level(title.level).label}
    return _("%(type)s不能申报%(level)s资格“%(series)s/%(title)s”，请重新选择。") % {
        "type": BusinessType(business_type).label,
        "level": Level(title.level).label,
        "series": title.series.name,
        "title": title.name,
    }


def _judging_committees(unit: BaseUnit | None) -> QuerySet[ReviewCommittee]:
    committees = ReviewCommittee.objects.filter(is_active=True)
    if unit is not None:
        committees = committees.filter(region__in=locality_regions(unit))
    return committees


def offered_titles(business_type: str, year: int, unit: BaseUnit | None = None) -> QuerySet[Title]:
    """The titles 新增申请书 and 更改资格 offer: those their actions accept.

    The level suits the business type, the series has a published template of that type
    for the year, and an active committee judges the series and level — in the unit's
    locality (属地化: county, prefecture, 自治区) once the unit is known. Whether a window is
    open is the committee's calendar, not a choice, and is answered when the form is sent.
    """
    judged = CommitteeScope.objects.filter(
        committee__in=_judging_committees(unit),
        series_id=OuterRef("series_id"),
        level=OuterRef("level"),
    )
    templates = FormTemplate.objects.filter(
        series_id=OuterRef("series_id"), business_type=business_type, year=year, is_published=True
    )
    return Title.objects.filter(
        Exists(judged),
        Exists(templates),
        series__is_active=True,
        level__in=business_levels(business_type),
    )


def title_refusal(
    business_type: str, year: int, title: Title, unit: BaseUnit | None = None
) -> str | None:
    """Why a title is not offered for this business type, year and unit (None when it is)."""
    if offered_titles(business_type, year, unit).filter(pk=title.pk).exists():
        return None
    if not title.series.is_active:
        return _("“%(series)s”系列已停止申报，请重新选择。") % {"series": title.series.name}
    refusal = level_refusal(business_type, title)
    if refusal:
        return refusal
    if not FormTemplate.objects.filter(
        series_id=title.series_id, business_type=business_type, year=year, is_published=True
    ).exists():
        return str(NO_TEMPLATE)
    return str(NO_LOCAL_COMMITTEE if unit is not None else NO_COMMITTEE)


def current_template(series_id: int, business_type: str, year: int) -> FormTemplate:
    template = (
        FormTemplate.objects.filter(
            series_id=series_id, business_type=business_type, year=year, is_published=True
        )
        .order_by("-version")
        .first()
    )
    if template is None:
        raise Refused(str(NO_TEMPLATE))
    return template


def windows_query(app: Application) -> QuerySet[ApplicationWindow]:
    """The windows that may govern the application (unordered: no join for the listing's
    order; `matching_windows` picks among them)."""
    return (
        ApplicationWindow.objects.filter(
            committee_id=app.committee_id,
            business_type=app.business_type,
            year=app.year,
            series_id=app.series_id,
        )
        .filter(Q(specialty__isnull=True) | Q(specialty_id=app.specialty_id))
        .order_by()
    )


def matching_windows(app: Application, windows: list[ApplicationWindow]) -> list[ApplicationWindow]:
    """The windows that govern this application, from a committee's (prefetched) windows.

    A window set for the application's own specialty overrides the series-wide ones: a
    committee that closes 历史学 early while other specialties stay open means just that.
    """
    candidates = [
        w
        for w in windows
        if w.committee_id == app.committee_id
        and w.business_type == app.business_type
        and w.year == app.year
        and w.series_id == app.series_id
        and (w.specialty_id is None or w.specialty_id == app.specialty_id)
    ]
    own = [w for w in candidates if w.specialty_id is not None]
    return own or candidates


def window_is_open(windows: list[ApplicationWindow], now: datetime) -> bool:
    return any(w.opens_at <= now < w.closes_at for w in windows)


@dataclass(frozen=True)
class Deadline:
    text: str
    is_open: bool


def deadline(windows: list[ApplicationWindow], now: datetime) -> Deadline:
    """`距提交截止还有N天`, `提交已截止N天`, or when the window opens."""
    open_ = [w for w in windows if w.opens_at <= now < w.closes_at]
    if open_:
        closes = max(w.closes_at for w in open_)
        days = math.ceil((closes - now).total_seconds() / 86400)
        return Deadline(_("距提交截止还有%(days)d天") % {"days": days}, True)
    future = [w for w in windows if w.opens_at > now]
    past = [w for w in windows if w.closes_at <= now]
    if future:
        opens = min(w.opens_at for w in future)
        days = math.ceil((opens - now).total_seconds() / 86400)
        return Deadline(_("%(days)d天后开始提交") % {"days": days}, False)
    if past:
        closed = max(w.closes_at for w in past)
        days = max(1, math.floor((now - closed).total_seconds() / 86400))
        return Deadline(_("提交已截止%(days)d天") % {"days": days}, False)
    return Deadline(_("尚未设置申报时间"), False)


@dataclass(frozen=True)
class Holder:
    unit: BaseUnit | None = None
    department: Department | None = None
    committee: ReviewCommittee | None = None

    @property
    def name(self) -> str:
        org: Any = self.unit or self.department or self.committee
        return str(org.name) if org else ""


def choose_recommender(
    candidates: list[Department], level: str, committee: ReviewCommittee
) -> Department | None:
    """Of a unit's recommending units, the one a node of this level goes to.

    A unit may keep two recommenders (say 乌鲁木齐市教育局 and 自治区教育厅, both 地厅级);
    the one in the committee's own region wins, then one in the region above it.
    """
    region = committee.region
    nearness = {region.pk: 0}
    if region.parent_id is not None:
        nearness[region.parent_id] = 1
    fitting = [d for d in candidates if d.is_active and (not level or d.level == level)]
    fitting.sort(key=lambda d: (nearness.get(d.region_id, 2), d.pk))
    return fitting[0] if fitting else None


def _active_department(pk: int) -> Department | None:
    """The department if it is active (by id: no join for the listing's order)."""
    return Department.objects.filter(pk=pk, is_active=True).order_by("pk").first()


def resolve_node(node: dict[str, Any], app: Application) -> Holder:
    """The organisation that acts at a chain node for this application, now."""
    actor = node["actor"]
    if actor == ChainNode.Actor.BASE_UNIT:
        return Holder(unit=app.unit)
    if actor == ChainNode.Actor.COMMITTEE:
        return Holder(committee=app.committee)
    if actor == ChainNode.Actor.DEPARTMENT:
        department = _active_department(int(node.get("department_id") or 0))
        if department is None:
            raise Refused(
                _("审核节点“%(node)s”的办理部门已停用，请联系评审委员会。")
                % {"node": node["label"]}
            )
        return Holder(department=department)
    if actor == ChainNode.Actor.RECOMMENDING:
        level = node.get("department_level") or ""
        department = choose_recommender(refrows.recommenders(app.unit), level, app.committee)
        if department is None:
            level_name = dict(Department.Level.choices).get(level, "")
            raise Refused(
                _(
                    "基层工作单位“%(unit)s”尚未设置%(level)s推荐单位（%(node)s），"
                    "请单位管理员在“推荐单位”中设置后再办理。"
                )
                % {"unit": app.unit.name, "level": level_name, "node": node["label"]}
            )
        return Holder(department=department)
    raise Refused(_("审核流程设置有误，请联系评审委员会。"))


def snapshot(chain: ReviewChain) -> list[dict[str, Any]]:
    """The chain's nodes as copied onto an application at submission."""
    return [
        {
            "label": n.label,
            "actor": n.actor,
            "department_id": n.department_id,
            "department_level": n.department_level,
        }
        for n in chains.chain_nodes(chain)
    ]
