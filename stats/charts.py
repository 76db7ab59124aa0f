"""Charts drawn on the server as inline SVG: no script, no style attribute, no library.

Each chart is a picture of the table beside it (the table is the truth): an `<svg
role="img">` with a `<title>` and a `<desc>`, scaled by CSS to its box. Colours come from
classes styled in stats/static/stats/stats.css. Every piece of text is escaped here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH = 640
LABEL_WIDTH = 150
VALUE_WIDTH = 74
LEGEND_HEIGHT = 26
MAX_LABEL_CHARS = 10


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"


def _open(chart_id: str, title: str, desc: str, height: float) -> list[str]:
    return [
        f'<svg class="chart {chart_id}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} '
        f'{_num(height)}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]


def _legend(series: Sequence[Series]) -> list[str]:
    parts = ['<g class="legend" aria-hidden="true">']
    x = float(LABEL_WIDTH)
    for index, s in enumerate(series):
        parts.append(
            f'<rect class="bar-s{index}" x="{_num(x)}" y="6" width="12" height="12" rx="2"/>'
        )
        parts.append(f'<text x="{_num(x + 16)}" y="16">{escape(s.name)}</text>')
        x += 28 + 13 * len(s.name)
    parts.append("</g>")
    return parts


def bar_chart(
    *,
    chart_id: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    stacked: bool = False,
    max_value: float | None = None,
    value_format: Callable[[float], str] = _num,
) -> SafeString:
    """Horizontal bars, one row per label: stacked segments, or one bar per series side by side.

    The number at the end of a row is the stack's total (stacked) or each bar's value.
    """
    per_bar = 18 if stacked else 12
    row_height = per_bar + 10 if stacked else per_bar * len(series) + 10
    legend = LEGEND_HEIGHT if len(series) > 1 else 4
    height = legend + row_height * max(len(labels), 1) + 6
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    totals = [
        sum((s.values[i] or 0) for s in series)
        if stacked
        else max((s.values[i] or 0) for s in series)
        for i in range(len(labels))
    ]
    top = max_value if max_value is not None else max(totals, default=0)
    scale = span / top if top > 0 else 0.0
    desc = _("共 %(n)s 行；数值见旁边的表格。") % {"n": len(labels)} if labels else _("没有数据")
    parts = _open(chart_id, title, desc, height)
    if len(series) > 1:
        parts += _legend(series)
    if not labels:
        parts.append(
            f'<text class="empty" x="{LABEL_WIDTH}" y="{legend + 14}">{escape(_("没有数据"))}</text>'
        )
    for row, label in enumerate(labels):
        y = legend + row * row_height
        parts.append(f'<g class="row"><title>{escape(label)}</title>')
        parts.append(
            f'<text class="label" x="{LABEL_WIDTH - 8}" y="{_num(y + row_height / 2 + 4)}" '
            f'text-anchor="end">{escape(_short(label))}</text>'
        )
        x = float(LABEL_WIDTH)
        for index, s in enumerate(series):
            value = s.values[row] or 0
            width = value * scale
            bar_y = y + 4 if stacked else y + 4 + index * per_bar
            if width > 0:
                parts.append(
                    f'<rect class="bar-s{index}" x="{_num(x)}" y="{_num(bar_y)}" '
                    f'width="{_num(max(width, 1))}" height="{per_bar - 2}"/>'
                )
            if stacked:
                x += width
            else:
                shown = s.values[row]
                parts.append(
                    f'<text class="value" x="{_num(LABEL_WIDTH + width + 4)}" '
                    f'y="{_num(bar_y + per_bar - 4)}">'
                    f"{escape(value_format(shown) if shown is not None else '—')}</text>"
                )
        if stacked:
            parts.append(
                f'<text class="value" x="{_num(x + 4)}" y="{_num(y + 4 + per_bar - 5)}">'
                f"{escape(value_format(totals[row]))}</text>"
            )
        parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped above


def day_columns(
    *,
    chart_id: str,
    title: str,
    days: Sequence[date],
    values: Sequence[int],
    marks: Sequence[date],
    mark_text: str,
) -> SafeString:
    """One column per day; a dashed line and a label on each marked day (a window's close)."""
    height, left, right, top, bottom = 240, 44, 12, 28, 34
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    n = max(len(days), 1)
    step = plot_w / n
    peak = max(values, default=0)
    y_max = max(peak, 1)
    desc = (
        _("%(a)s 至 %(b)s 每日提交次数，最多一天 %(peak)s 次；数值见旁边的表格。")
        % {"a": f"{days[0]:%Y-%m-%d}", "b": f"{days[-1]:%Y-%m-%d}", "peak": peak}
        if days
        else _("没有数据")
    )
    parts = _open(chart_id, title, desc, height)
    base = top + plot_h
    parts.append(
        f'<line class="axis" x1="{left}" y1="{base}" x2="{WIDTH - right}" y2="{base}"/>'
        f'<line class="axis" x1="{left}" y1="{top}" x2="{left}" y2="{base}"/>'
        f'<text class="tick" x="{left - 6}" y="{top + 4}" text-anchor="end">{y_max}</text>'
        f'<text class="tick" x="{left - 6}" y="{base}" text-anchor="end">0</text>'
    )
    label_every = max(1, math.ceil(n / 8))
    for i, (day, value) in enumerate(zip(days, values, strict=True)):
        x = left + i * step
        h = plot_h * value / y_max
        if value:
            parts.append(
                f'<rect class="bar-s0" x="{_num(x + step * 0.1)}" y="{_num(base - h)}" '
                f'width="{_num(max(step * 0.8, 0.6))}" height="{_num(h)}">'
                f"<title>{day:%Y-%m-%d}：{value}</title></rect>"
            )
        if i % label_every == 0:
            parts.append(
                f'<text class="tick" x="{_num(x + step / 2)}" y="{base + 16}" '
                f'text-anchor="middle">{day:%m-%d}</text>'
            )
    day_index = {day: i for i, day in enumerate(days)}
    for mark in marks:
        if mark not in day_index:
            continue
        x = left + day_index[mark] * step + step / 2
        # Near either edge the label hangs inwards so it is never cut off.
        anchor = "end" if x > WIDTH - 60 else "start" if x < left + 40 else "middle"
        parts.append(
            f'<line class="mark" x1="{_num(x)}" y1="{top - 6}" x2="{_num(x)}" y2="{base}"/>'
            f'<text class="mark-text" x="{_num(x)}" y="{top - 10}" text-anchor="{anchor}">'
            f"{escape(mark_text)} {mark:%m-%d}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped above
