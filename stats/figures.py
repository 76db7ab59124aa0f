"""The figures of the 统计 page, each a table (the truth), its chart and its definition.

Every figure is aggregated in the database with one query over the scoped, filtered
applications (GROUP BY, conditional counts, percentile_cont on PostgreSQL); the daily
submissions figure adds one small query for the windows it is drawn against. Nothing here
grows with the number of applications except the database's own work.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import connections
from django.db.models import Count, F, Min, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Action, HistoryEntry, NodeVisit, Status
from orgs.models import ApplicationWindow
from results.models import MeetingResult
from stats import charts
from stats.percentiles import FirstItem, PercentileCont, percentile_cont, wait_seconds
from stats.scope import (
    MAX_DAYS,
    STATUS_ORDER,
    TOP,
    Column,
    Figure,
    Scope,
    group_label,
    grouped,
    rate,
    status_names,
)


def counts(scope: Scope) -> Figure:
    aggregates = {f"n_{s}": Count("id", filter=Q(status=s)) for s in STATUS_ORDER}
    data = grouped(scope, scope.applications, n=Count("id"), **aggregates)
    names = status_names()
    figure = Figure(
        key="counts",
        title=_("申请书数量（按%(group)s和状态）") % {"group": group_label(scope)},
        definition=_(
            "按每份申请书的当前状态计数：申请人填写中＝尚未提交，或收回后尚未再次提交；"
            "退回修改＝被某一审核节点退回，等待申请人修改；审核中＝在审核流程的某个节点等待办理；"
            "通过形式审核＝已通过最后一个节点。地区为申请人基层工作单位所在的地州市"
            "（自治区直属单位计入“自治区本级”）。"
        ),
        columns=[
            Column(group_label(scope), "text"),
            *[Column(names[s]) for s in STATUS_ORDER],
            Column(_("合计")),
        ],
    )
    for row in data:
        figure.rows.append(
            [
                scope.lookups.label(scope.group, row["k"]),
                *[row[f"n_{s}"] for s in STATUS_ORDER],
                row["n"],
            ]
        )
    figure.total = [_("合计"), *_column_sums(figure.rows, 1)]
    figure.chart = charts.bar_chart(
        chart_id="chart-counts",
        title=figure.title,
        labels=[str(r[0]) for r in figure.rows],
        series=[
            charts.Series(names[s], [r[1 + i] for r in figure.rows])
            for i, s in enumerate(STATUS_ORDER)
        ],
        stacked=True,
    )
    return figure


def _column_sums(rows: list[list[Any]], start: int) -> list[int]:
    width = len(rows[0]) if rows else 0
    return [sum(int(r[i] or 0) for r in rows) for i in range(start, width)]


# 2. Formal review ------------------------------------------------------------------------


def formal_review(scope: Scope) -> Figure:
    data = grouped(
        scope,
        scope.applications.filter(submission_count__gt=0),
        submitted=Count("id"),
        passed=Count("id", filter=Q(status=Status.PASSED)),
        first=Count("id", filter=Q(status=Status.PASSED, submission_count=1)),
        returned=Count("id", filter=Q(status=Status.RETURNED)),
        withdrawn=Count("id", filter=Q(status=Status.DRAFT)),
        in_review=Count("id", filter=Q(status=Status.IN_REVIEW)),
    )
    figure = Figure(
        key="formal",
        title=_("形式审核通过率（按%(group)s）") % {"group": group_label(scope)},
        definition=_(
            "只统计提交过的申请书，按其当前状态：形式审核通过率＝通过形式审核 ÷"
            "（通过形式审核＋退回后未再提交＋收回后未再提交）。仍在审核中的不计入分母；"
            "被退回后重新提交并最终通过的计为通过。“一次提交即通过”指只提交过一次就通过形式审核。"
        ),
        columns=[
            Column(group_label(scope), "text"),
            Column(_("已提交")),
            Column(_("通过形式审核")),
            Column(_("其中一次提交即通过")),
            Column(_("退回后未再提交")),
            Column(_("收回后未再提交")),
            Column(_("审核中")),
            Column(_("形式审核通过率"), "rate"),
        ],
    )
    for row in data:
        decided = row["passed"] + row["returned"] + row["withdrawn"]
        figure.rows.append(
            [
                scope.lookups.label(scope.group, row["k"]),
                row["submitted"],
                row["passed"],
                row["first"],
                row["returned"],
                row["withdrawn"],
                row["in_review"],
                rate(row["passed"], decided),
            ]
        )
    sums = _column_sums([r[:-1] for r in figure.rows], 1)
    if sums:
        figure.total = [_("合计"), *sums, rate(sums[1], sums[1] + sums[3] + sums[4])]
    else:
        figure.total = [_("合计"), 0, 0, 0, 0, 0, 0, None]
    figure.chart = charts.bar_chart(
        chart_id="chart-formal",
        title=figure.title,
        labels=[str(r[0]) for r in figure.rows],
        series=[charts.Series(_("形式审核通过率"), [_pct(r[-1]) for r in figure.rows])],
        max_value=100,
        value_format=lambda v: f"{v:.1f}%",
    )
    return figure


def _pct(rate: float | None) -> float | None:
    return None if rate is None else rate * 100


# 3. Meeting review -----------------------------------------------------------------------


def meeting(scope: Scope) -> Figure:
    outcome = MeetingResult.Outcome
    data = grouped(
        scope,
        scope.applications.filter(meeting_result__isnull=False),
        listed=Count("id"),
        passed=Count("id", filter=Q(meeting_result__outcome=outcome.PASSED)),
        failed=Count("id", filter=Q(meeting_result__outcome=outcome.FAILED)),
        pending=Count("id", filter=Q(meeting_result__outcome=outcome.PENDING)),
    )
    figure = Figure(
        key="meeting",
        title=_("会议评审通过率（按%(group)s）") % {"group": group_label(scope)},
        definition=_(
            "只统计已列入评审会议的申请书：会议评审通过率＝评审通过 ÷（评审通过＋评审未通过）；"
            "尚待评审的不计入分母。特殊人才认定不经会议、由评审机构直接发文的不在此列。"
        ),
        columns=[
            Column(group_label(scope), "text"),
            Column(_("列入评审会议")),
            Column(_("评审通过")),
            Column(_("评审未通过")),
            Column(_("待评审")),
            Column(_("会议评审通过率"), "rate"),
        ],
    )
    for row in data:
        figure.rows.append(
            [
                scope.lookups.label(scope.group, row["k"]),
                row["listed"],
                row["passed"],
                row["failed"],
                row["pending"],
                rate(row["passed"], row["passed"] + row["failed"]),
            ]
        )
    sums = _column_sums([r[:-1] for r in figure.rows], 1) or [0, 0, 0, 0]
    figure.total = [_("合计"), *sums, rate(sums[1], sums[1] + sums[2])]
    figure.chart = charts.bar_chart(
        chart_id="chart-meeting",
        title=figure.title,
        labels=[str(r[0]) for r in figure.rows],
        series=[charts.Series(_("会议评审通过率"), [_pct(r[-1]) for r in figure.rows])],
        max_value=100,
        value_format=lambda v: f"{v:.1f}%",
    )
    return figure


# 4. Waiting at chain nodes ---------------------------------------------------------------


@dataclass
class Wait:
    key: Any
    name: str
    visits: int
    waiting: int
    median: float | None
    p90: float | None
    position: int = 0


def _visits(scope: Scope) -> QuerySet[NodeVisit]:
    return NodeVisit.objects.filter(application__in=scope.applications.values("pk")).order_by()


def _in_database(qs: QuerySet[Any]) -> bool:
    return connections[qs.db].vendor == "postgresql"


def _db_waits(qs: QuerySet[NodeVisit], now: datetime, **key: Any) -> QuerySet[Any]:
    return qs.values(**key).annotate(
        visits=Count("id"),
        waiting=Count("id", filter=Q(left_at__isnull=True)),
        position=Min("position"),
        pct=PercentileCont(wait_seconds(now), (0.5, 0.9)),
    )


def _python_waits(
    rows: Iterable[tuple[Any, Any, Any, datetime, datetime | None]], now: datetime
) -> list[Wait]:
    """SQLite: (key, name, position, arrived, left) rows from one query, aggregated here."""
    durations: dict[Any, list[float]] = defaultdict(list)
    names: dict[Any, str] = {}
    positions: dict[Any, int] = {}
    waiting: dict[Any, int] = defaultdict(int)
    for key, name, position, arrived, left in rows:
        durations[key].append(((left or now) - arrived).total_seconds())
        names[key] = str(name)
        positions[key] = min(positions.get(key, position), position)
        if left is None:
            waiting[key] += 1
    out = []
    for key, values in durations.items():
        values.sort()
        out.append(
            Wait(
                key=key,
                name=names[key],
                visits=len(values),
                waiting=waiting[key],
                median=percentile_cont(values, 0.5),
                p90=percentile_cont(values, 0.9),
                position=positions[key],
            )
        )
    return out


def node_waits(scope: Scope) -> list[Wait]:
    visits = _visits(scope)
    if _in_database(visits):
        rows = _db_waits(visits, scope.now, k=F("label")).order_by("position", "k")
        return [
            Wait(r["k"], r["k"], r["visits"], r["waiting"], r["pct"][0], r["pct"][1], r["position"])
            for r in rows
        ]
    found = _python_waits(
        visits.values_list("label", "label", "position", "arrived_at", "left_at"), scope.now
    )
    return sorted(found, key=lambda w: (w.position, w.name))


def slowest(scope: Scope, org: str) -> list[Wait]:
    """The organisations (`unit` or `department`) with the longest median wait, top 10."""
    visits = _visits(scope).filter(**{f"{org}__isnull": False})
    if _in_database(visits):
        rows = (
            _db_waits(visits, scope.now, k=F(f"{org}_id"), name=F(f"{org}__name"))
            .annotate(median=FirstItem(F("pct")))
            .order_by(F("median").desc(nulls_last=True), "name", "k")[:TOP]
        )
        return [
            Wait(r["k"], r["name"], r["visits"], r["waiting"], r["pct"][0], r["pct"][1])
            for r in rows
        ]
    found = _python_waits(
        visits.values_list(f"{org}_id", f"{org}__name", "position", "arrived_at", "left_at"),
        scope.now,
    )
    found.sort(key=lambda w: (-(w.median or 0), w.name, w.key))
    return found[:TOP]


def _wait_definition() -> str:
    return _(
        "每次到达一个审核节点记一次经过（退回或收回后重新提交、再次到达的另记一次）。"
        "等待时间＝离开该节点的时间 − 到达时间；仍在该节点等待的，按到达至今的时间计。"
        "中位数与第 90 百分位按线性插值计算（即 PostgreSQL 的 percentile_cont）。"
    )


def _wait_figure(key: str, title: str, definition: str, first: str, waits: list[Wait]) -> Figure:
    figure = Figure(
        key=key,
        title=title,
        definition=definition,
        columns=[
            Column(first, "text"),
            Column(_("经过次数")),
            Column(_("仍在等待")),
            Column(_("等待时间中位数"), "seconds"),
            Column(_("等待时间第90百分位"), "seconds"),
        ],
        rows=[[w.name, w.visits, w.waiting, w.median, w.p90] for w in waits],
    )
    figure.chart = charts.bar_chart(
        chart_id=f"chart-{key}",
        title=title,
        labels=[w.name for w in waits],
        series=[
            charts.Series(_("中位数（天）"), [_days(w.median) for w in waits]),
            charts.Series(_("第90百分位（天）"), [_days(w.p90) for w in waits]),
        ],
        value_format=lambda v: _("%(n)s天") % {"n": f"{v:.1f}"},
    )
    return figure


def _days(seconds: float | None) -> float | None:
    return None if seconds is None else seconds / 86400


def waits_by_node(scope: Scope) -> Figure:
    return _wait_figure(
        "waits",
        _("各审核节点的等待时间"),
        _wait_definition(),
        _("审核节点"),
        node_waits(scope),
    )


def slowest_units(scope: Scope) -> Figure:
    return _wait_figure(
        "units",
        _("等待最久的基层工作单位（前 %(n)s 名）") % {"n": TOP},
        _("基层工作单位节点上的等待时间，按中位数从长到短列出前 10 个单位。") + _wait_definition(),
        _("基层工作单位"),
        slowest(scope, "unit"),
    )


def slowest_departments(scope: Scope) -> Figure:
    return _wait_figure(
        "departments",
        _("等待最久的审核部门（前 %(n)s 名）") % {"n": TOP},
        _(
            "主管单位、材料接收部门、行业主管局等部门节点上的等待时间，按中位数从长到短列出前 10 个部门。"
        )
        + _wait_definition(),
        _("审核部门"),
        slowest(scope, "department"),
    )


# 5. Submissions per day against the window -----------------------------------------------


def daily_submissions(scope: Scope) -> Figure:
    figure = Figure(
        key="daily",
        title=_("每日提交量与申报截止"),
        definition=_(
            "每天“提交至工作单位”的次数（退回或收回后再次提交的也计入），按北京时间计日。"
            "日期范围为所选年度内与筛选条件相符的申报时间（评审委员会、系列、业务类型）"
            "从最早开始到最晚截止的每一天；虚线标出申报截止日。"
        ),
        columns=[Column(_("日期"), "date"), Column(_("提交次数")), Column(_("说明"), "text")],
    )
    year = scope.filters.get("year")
    if year is None:
        figure.unavailable = _("请在上方选择一个年度，查看该年度申报期内每日的提交量。")
        return figure
    # Submissions per Beijing day and committee: the committees tell which windows apply.
    per_day: dict[Any, int] = defaultdict(int)
    committees = set()
    for row in (
        HistoryEntry.objects.filter(
            action=Action.SUBMIT, application__in=scope.applications.values("pk")
        )
        .order_by()
        .annotate(day=TruncDate("created_at"))
        .values("day", c=F("application__committee_id"))
        .annotate(n=Count("id"))
    ):
        per_day[row["day"]] += row["n"]
        committees.add(row["c"])
    if scope.committee_id is not None:
        committees.add(scope.committee_id)
    # The windows of the year are few (committees × series × specialties): read them all and
    # keep those of the committees in view, rather than asking PostgreSQL to match each
    # window against every application.
    windows = ApplicationWindow.objects.filter(year=year)
    if "series" in scope.filters:
        windows = windows.filter(series_id=scope.filters["series"])
    if "business_type" in scope.filters:
        windows = windows.filter(business_type=scope.filters["business_type"])
    spans = [
        (timezone.localdate(o), timezone.localdate(c))
        for committee_id, o, c in windows.order_by().values_list(
            "committee_id", "opens_at", "closes_at"
        )
        if committee_id in committees
    ]
    opens = {o for o, _c in spans}
    closes = sorted({c for _o, c in spans})
    known = sorted(set(per_day) | opens | set(closes))
    if not known:
        figure.notes.append(_("所选范围内没有提交记录，也没有申报时间。"))
        figure.chart = charts.day_columns(
            chart_id="chart-daily", title=figure.title, days=[], values=[], marks=[], mark_text=""
        )
        return figure
    first, last = known[0], known[-1]
    if (last - first).days >= MAX_DAYS:
        first = last - timedelta(days=MAX_DAYS - 1)
        figure.notes.append(_("日期跨度过长，只列出最后 %(n)s 天。") % {"n": MAX_DAYS})
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    values = [per_day.get(day, 0) for day in days]
    for day, value in zip(days, values, strict=True):
        remark = []
        if day in opens:
            remark.append(_("申报开始"))
        if day in closes:
            remark.append(_("申报截止"))
        figure.rows.append([day, value, "、".join(remark)])
    total = sum(values)
    figure.total = [_("合计"), total, ""]
    if total:
        peak = max(range(len(days)), key=lambda i: (values[i], -i))
        figure.notes.append(
            _("提交最多的一天：%(day)s，%(n)s 次。")
            % {"day": f"{days[peak]:%Y-%m-%d}", "n": values[peak]}
        )
    if closes and total:
        close = closes[-1]
        wave = sum(
            v for d, v in zip(days, values, strict=True) if close - timedelta(days=2) <= d <= close
        )
        figure.notes.append(
            _("截止日 %(day)s 及其前两天共提交 %(n)s 次，占全部提交的 %(p)s。")
            % {"day": f"{close:%Y-%m-%d}", "n": wave, "p": f"{wave / total * 100:.1f}%"}
        )
    figure.chart = charts.day_columns(
        chart_id="chart-daily",
        title=figure.title,
        days=days,
        values=values,
        marks=closes,
        mark_text=_("截止"),
    )
    return figure


FIGURES: dict[str, Callable[[Scope], Figure]] = {
    "counts": counts,
    "formal": formal_review,
    "meeting": meeting,
    "waits": waits_by_node,
    "units": slowest_units,
    "departments": slowest_departments,
    "daily": daily_submissions,
}
