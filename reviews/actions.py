"""Reviewer actions: section comments, the unit's recommendation, return and pass.

Every action locks the application, checks that it is still at the reviewer's node
and unchanged since the page was drawn, then moves it and writes the history row.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from accounts.models import Role, User
from applications import rules
from applications.actions import STALE, ActionError, StaleError, _hold, record
from applications.models import Action, Application, NodeVisit, Status
from applications.scoping import visible_to
from catalog.models import TemplateSection
from notifications import notices
from reviews.models import Recommendation, SectionComment

NOT_YOURS = "该申请书已由他人办理或已不在本单位，本次操作未执行。请刷新页面查看最新状态。"
UNIT_INCOMPLETE = "单位信息未完善，不能审核申报材料。请先完善单位信息。"
MOBILE = re.compile(r"^1[3-9][0-9]{9}$")


def holds(reviewer: User, app: Application) -> bool:
    """Whether the application waits at the reviewer's organisation (its current node)."""
    if app.status != Status.IN_REVIEW:
        return False
    if reviewer.role == Role.UNIT_ADMIN:
        return reviewer.unit_id is not None and app.holder_unit_id == reviewer.unit_id
    if reviewer.role == Role.DEPT_REVIEWER:
        return (
            reviewer.department_id is not None
            and app.holder_department_id == reviewer.department_id
        )
    if reviewer.role == Role.COMMITTEE_STAFF:
        return (
            reviewer.committee_id is not None and app.holder_committee_id == reviewer.committee_id
        )
    return False


def _lock_held(reviewer: User, app_id: int, expected_version: int | None) -> Application:
    """The application locked, if this reviewer may see it; refused unless it waits at their node.

    A base unit whose own information is incomplete may not review at all [S1]: no
    comment, recommendation, return or pass until 完善单位信息 is done.
    """
    try:
        # One query: scoped to what the reviewer may see (else 404), the application row locked,
        # its unit and committee (and the committee's region, for choosing recommenders) joined.
        app = (
            visible_to(reviewer)
            .select_for_update(of=("self",))
            .select_related("unit", "committee", "committee__region")
            .get(pk=app_id)
        )
    except Application.DoesNotExist:
        raise Http404 from None
    if expected_version is not None and app.version != expected_version:
        # Say the more useful thing: it has left this node, or it changed while still here.
        raise StaleError(STALE if holds(reviewer, app) else NOT_YOURS)
    if not holds(reviewer, app):
        raise ActionError(NOT_YOURS)
    if reviewer.role == Role.UNIT_ADMIN and not app.unit.is_complete:
        raise ActionError(UNIT_INCOMPLETE)
    return app


def _org_name(reviewer: User) -> str:
    org = reviewer.unit or reviewer.department or reviewer.committee
    return org.name if org else ""


def save_comment(reviewer: User, app_id: int, section_key: str, text: str) -> SectionComment | None:
    """栏目修改意见: saved per section for this round and node; empty text removes it."""
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > 1000:
        raise ActionError("栏目修改意见不能超过 1000 字。")
    with transaction.atomic():
        app = _lock_held(reviewer, app_id, None)
        if not TemplateSection.objects.filter(
            template_id=app.template_id, key=section_key
        ).exists():
            raise Http404
        key: dict[str, Any] = {
            "application": app,
            "submission_no": app.submission_count,
            "position": app.position,
            "section_key": section_key,
        }
        if not text:
            SectionComment.objects.filter(**key).delete()
            return None
        comment, _created = SectionComment.objects.update_or_create(
            **key, defaults={"text": text, "author": reviewer, "node_label": app.current_label}
        )
    return comment


def save_recommendation(
    reviewer: User, app_id: int, *, person: str, mobile: str, opinion: str
) -> Recommendation:
    """单位推荐意见: responsible person, mobile, and an opinion of 10–1000 characters."""
    if reviewer.role != Role.UNIT_ADMIN:
        raise ActionError("只有基层工作单位可以填写单位推荐意见。")
    person = " ".join((person or "").split())
    mobile = (mobile or "").strip()
    if not person or len(person) > 50:
        raise ActionError("请填写职称工作负责人（不超过 50 字）。")
    if not MOBILE.match(mobile):
        raise ActionError("职称工作负责人手机应为 11 位手机号码。")
    # Browsers send line breaks as CRLF; count them as one character, as the page's counter does.
    opinion = (opinion or "").replace("\r\n", "\n").strip()
    if not 10 <= len(opinion) <= 1000:
        raise ActionError("单位推荐意见应在 10 到 1000 字之间。")
    with transaction.atomic():
        app = _lock_held(reviewer, app_id, None)
        rec, _created = Recommendation.objects.update_or_create(
            application=app,
            defaults={
                "responsible_person": person,
                "responsible_mobile": mobile,
                "opinion": opinion,
                "submission_no": app.submission_count,
                "saved_by": reviewer,
            },
        )
    return rec


def return_application(
    reviewer: User, app_id: int, *, opinion: str, expected_version: int | None
) -> Application:
    """退回: back to the applicant with an overall opinion; section comments show in red."""
    opinion = (opinion or "").replace("\r\n", "\n").strip()
    if not opinion:
        raise ActionError("请填写退回意见，说明需要修改的内容。")
    if len(opinion) > 1000:
        raise ActionError("退回意见不能超过 1000 字。")
    with transaction.atomic():
        app = _lock_held(reviewer, app_id, expected_version)
        label = app.current_label
        app.status = Status.RETURNED
        app.position = 0
        _hold(app, None)
        app.version += 1
        record(
            app, reviewer, Action.RETURN, label, "申请人", opinion=opinion, org=_org_name(reviewer)
        )
        app.save()
        NodeVisit.objects.filter(application=app, left_at__isnull=True).update(
            left_at=timezone.now()
        )
        notices.returned(app, _org_name(reviewer), opinion)
    return app


def pass_application(
    reviewer: User, app_id: int, *, opinion: str = "", expected_version: int | None
) -> Application:
    """审核通过: on to the next node, or 通过形式审核 after the last one.

    The base unit passes only when its own information is complete and its
    recommendation for this submission is saved.
    """
    opinion = (opinion or "").replace("\r\n", "\n").strip()
    if len(opinion) > 1000:
        raise ActionError("审核意见不能超过 1000 字。")
    with transaction.atomic():
        app = _lock_held(reviewer, app_id, expected_version)
        if reviewer.role == Role.UNIT_ADMIN:
            rec = Recommendation.objects.filter(
                application=app, submission_no=app.submission_count
            ).first()
            if rec is None:
                raise ActionError("请先保存单位推荐意见，再提交材料。")
            opinion = opinion or rec.opinion
        label = app.current_label
        now = timezone.now()
        if app.position >= len(app.nodes):
            app.status = Status.PASSED
            app.position = len(app.nodes) + 1
            app.passed_at = now
            _hold(app, None)
            to_label = "通过形式审核"
            holder = None
        else:
            node = app.nodes[app.position]
            try:
                holder = rules.resolve_node(node, app)
            except rules.RuleError as exc:
                raise ActionError(exc.message) from None
            app.position += 1
            _hold(app, holder)
            to_label = node["label"]
        app.version += 1
        record(
            app, reviewer, Action.PASS, label, to_label, opinion=opinion, org=_org_name(reviewer)
        )
        app.save()
        NodeVisit.objects.filter(application=app, left_at__isnull=True).update(left_at=now)
        if holder is not None:
            NodeVisit.objects.create(
                application=app,
                submission_no=app.submission_count,
                position=app.position,
                label=to_label,
                unit=holder.unit,
                department=holder.department,
                committee=holder.committee,
            )
            notices.passed_on(app)
        else:
            notices.formal_review_passed(app)
    return app
