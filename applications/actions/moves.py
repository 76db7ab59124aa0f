"""提交至工作单位 and 收回: the applicant's moves, through `workflow.perform`."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from applications import completeness, notices, readiness, rules, workflow
from applications.models import Application
from applications.workflow import Step
from lib.refusal import Refused
from training import rules as training_rules


def _ready_to_submit(app: Application, opinion: str) -> str:
    """What 提交 needs besides being with the applicant: under the committee's limit, inside
    the window (server time), every section complete, enough confirmed training hours."""
    limit = app.committee.submission_limit
    if app.submission_count >= limit:
        raise Refused(
            _(
                "已提交 %(n)d/%(m)d 次，达到评审委员会设定的提交次数上限，"
                "本申请书不能参加本年度评审。"
            )
            % {"n": app.submission_count, "m": limit}
        )
    windows = rules.matching_windows(app, list(rules.windows_query(app)))
    if not rules.window_is_open(windows, timezone.now()):
        raise Refused(_("不在申报时间内，不能提交。请关注评审委员会的通知公告。"))
    _check_complete(app)
    short = training_rules.shortfall(app.applicant_id, readiness.training_rule(app), app.year)
    if short:
        raise Refused(_("继续教育学时不足：%(years)s。") % {"years": "；".join(short)})
    return opinion


def _check_complete(app: Application) -> None:
    """Every applicant section complete. The stored state (`completeness`) is trusted when it
    says so at the template's current revision — no query; otherwise (a section missing, or a
    template edited since) it is computed afresh from the rows, refused with the sections'
    names, or stored again when it turns out complete."""
    if completeness.stored_complete(app):
        return
    version, keys = completeness.compute(app)
    if keys:
        titles = {s.key: f"{s.position} {s.title}" for s in version.sections}
        missing = "、".join(titles[k] for k in keys)
        raise Refused(_("以下栏目尚未填写完整：%(sections)s") % {"sections": missing})
    Application.objects.filter(pk=app.pk).update(**completeness.put(app, version, keys))


def submit(applicant: User, app_id: int, *, expected_version: int | None) -> Application:
    """提交至工作单位: on to the first node of the committee's current chain."""
    return workflow.perform(
        Step.SUBMIT,
        applicant,
        app_id,
        expected_version=expected_version,
        guard=_ready_to_submit,
        then=notices.submitted,
        related=("template",),
        reads=readiness.with_training_rule,
    )


def recall(applicant: User, app_id: int, *, expected_version: int | None) -> Application:
    """收回: while the base unit has not acted yet, back to the applicant for editing."""
    return workflow.perform(Step.RECALL, applicant, app_id, expected_version=expected_version)
