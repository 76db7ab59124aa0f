"""Whether 提交至工作单位 would be accepted now, said before the button is pressed.

The same four conditions `actions.moves._ready_to_submit` enforces when it is pressed (the
committee's submission limit, the window, every section complete, enough confirmed 继续教育
hours), each as a line the submit panel shows with where to put it right (ADR 0038). The
panel only informs: the action re-checks everything under lock.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import OuterRef, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from applications import rules, workflow
from applications.models import Application
from catalog.models import TemplateSection
from training import rules as training_rules
from training.models import TrainingRule


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class SubmitCheck:
    key: str  # limit, window, sections, training
    ok: bool
    text: str
    links: list[Link] = field(default_factory=list)


def submit_checks(
    app: Application, deadline: rules.Deadline, incomplete: list[TemplateSection]
) -> list[SubmitCheck]:
    """The panel's lines; `deadline` and `incomplete` are what the page already computed."""
    limit = app.committee.submission_limit
    left = limit - app.submission_count
    checks = [
        SubmitCheck(
            "limit",
            left > 0,
            _("提交次数：还可提交 %(left)d 次（上限 %(m)d 次）") % {"m": limit, "left": left}
            if left > 0
            else _("提交次数：已达到上限 %(m)d 次") % {"m": limit},
        ),
        SubmitCheck(
            "window",
            deadline.is_open,
            _("申报时间：%(text)s") % {"text": deadline.text},
        ),
    ]
    if incomplete:
        checks.append(
            SubmitCheck(
                "sections",
                False,
                _("以下栏目尚未填写完整，全部完成后才能提交："),
                [
                    Link(
                        f"{s.position} {s.title}",
                        reverse("applications:section", args=[app.pk, s.key]),
                    )
                    for s in incomplete
                ],
            )
        )
    else:
        checks.append(SubmitCheck("sections", True, _("各栏目均已填写完整")))
    if hasattr(app, TRAINING_HOURS):  # the rule was read with the application
        short = training_rules.shortfall(app.applicant_id, training_rule(app), app.year)
    else:
        short = training_rules.missing(app.applicant_id, app.series_id, app.year)
    if short:
        checks.append(
            SubmitCheck(
                "training",
                False,
                _("继续教育学时不足：%(years)s。") % {"years": "；".join(short)},
                [Link(_("继续教育记录"), reverse("training:mine"))],
            )
        )
    else:
        checks.append(SubmitCheck("training", True, _("继续教育学时符合要求")))
    return checks


def can_submit(checks: list[SubmitCheck]) -> bool:
    return all(check.ok for check in checks)


# The series' 继续教育 rule (one a series, or none), read as columns of the application's own
# statement: by 提交 with its lock, by 编辑申请书 with the page's read.
TRAINING_HOURS = "training_hours_per_year"
TRAINING_RULE = {TRAINING_HOURS: "hours_per_year", "training_years": "years"}


def with_training_rule(apps: QuerySet[Application]) -> QuerySet[Application]:
    rule = TrainingRule.objects.filter(series_id=OuterRef("series_id")).order_by()
    return workflow.with_columns(apps, rule, TRAINING_RULE)


def training_rule(app: Application) -> TrainingRule | None:
    """The rule read with `app` (`with_training_rule`); None when the series has none."""
    hours, years = (getattr(app, name) for name in TRAINING_RULE)
    if hours is None:
        return None
    return TrainingRule(series_id=app.series_id, hours_per_year=hours, years=years)
