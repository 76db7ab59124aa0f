"""Reviewer actions: section comments, the unit's recommendation, return and pass.

Each takes the application through `applications.workflow`: locked, scoped to what the
reviewer may see (else 404), checked against the declared rules — it must wait at the
reviewer's own organisation, whose information (for a base unit) is complete — and, for
退回 and 审核通过, against the version the page was drawn from. The moves themselves are
`workflow.perform`; the notices are this app's (`reviews.notices`).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import Role, User
from applications import workflow
from applications.models import Application
from applications.workflow import Step
from catalog.templates import template_version
from lib.mobile import clean_mobile
from lib.refusal import Refused
from reviews import notices
from reviews.models import Recommendation, SectionComment

OPINION_MAX = 1000
# Rows a step reads joined to the application's lock (`workflow.take(related=...)`): the
# template row (its revision keys the cached sections) and the one recommendation (under the
# application's lock nobody else writes it).
WITH_TEMPLATE = ("template",)
WITH_RECOMMENDATION = ("recommendation",)
RECOMMENDATION_FIELDS = [
    "responsible_person",
    "responsible_mobile",
    "opinion",
    "submission_no",
    "saved_by",
    "saved_at",
]


def _text(value: str | None) -> str:
    # Browsers send line breaks as CRLF; count them as one character, as the page's counter does.
    return (value or "").replace("\r\n", "\n").strip()


def save_comment(reviewer: User, app_id: int, section_key: str, text: str) -> SectionComment | None:
    """栏目修改意见: saved per section for this round and node; empty text removes it."""
    text = _text(text)
    if len(text) > OPINION_MAX:
        raise Refused(_("栏目修改意见不能超过 1000 字。"), "text")
    with transaction.atomic():
        app = workflow.take(Step.COMMENT, reviewer, app_id, related=WITH_TEMPLATE)
        if template_version(app.template).section(section_key) is None:
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


def save_comments(reviewer: User, app_id: int, texts: dict[str, str]) -> int:
    """栏目修改意见 of several sections at once (the 办理 page's boxes), in one transaction.

    `texts` maps section keys to what their boxes hold; only the boxes that differ from the
    saved comment are written (an empty one removes it). Returns how many changed; a key
    that is not a section of the application's form is 404, a too long text refuses all.
    """
    cleaned = {key: _text(text) for key, text in texts.items()}
    for text in cleaned.values():
        if len(text) > OPINION_MAX:
            raise Refused(_("栏目修改意见不能超过 1000 字。"), "text")
    with transaction.atomic():
        app = workflow.take(Step.COMMENT, reviewer, app_id, related=WITH_TEMPLATE)
        known = {s.key for s in template_version(app.template).sections}
        if not set(cleaned) <= known:
            raise Http404
        round_: dict[str, Any] = {
            "application": app,
            "submission_no": app.submission_count,
            "position": app.position,
        }
        saved = {
            c.section_key: c
            for c in SectionComment.objects.filter(**round_, section_key__in=list(cleaned))
        }
        changed = 0
        for key, text in cleaned.items():
            old = saved.get(key)
            if not text:
                if old is not None:
                    old.delete()
                    changed += 1
                continue
            if old is not None and old.text == text:
                continue
            SectionComment.objects.update_or_create(
                **round_,
                section_key=key,
                defaults={"text": text, "author": reviewer, "node_label": app.current_label},
            )
            changed += 1
    return changed


def save_recommendation(
    reviewer: User, app_id: int, *, person: str, mobile: str, opinion: str
) -> Recommendation:
    """单位推荐意见: responsible person, mobile, and an opinion of 10–1000 characters."""
    if reviewer.role != Role.UNIT_ADMIN:
        raise Refused(str(workflow.RULES[Step.RECOMMEND].role_refusal))
    person = " ".join((person or "").split())
    if not person or len(person) > 50:
        raise Refused(_("请填写职称工作负责人（不超过 50 字）。"), "person")
    try:
        mobile = clean_mobile(mobile, "mobile")
    except Refused:
        raise Refused(_("职称工作负责人手机应为 11 位手机号码。"), "mobile") from None
    opinion = _text(opinion)
    if not 10 <= len(opinion) <= OPINION_MAX:
        raise Refused(_("单位推荐意见应在 10 到 1000 字之间。"), "opinion")
    with transaction.atomic():
        app = workflow.take(Step.RECOMMEND, reviewer, app_id, related=WITH_RECOMMENDATION)
        # The application row is locked, so nobody else writes its recommendation meanwhile:
        # the one read with the lock is changed in place, or a new one inserted (no
        # savepoints of update_or_create).
        rec = _recommendation(app) or Recommendation(application=app)
        rec.responsible_person, rec.responsible_mobile, rec.opinion = person, mobile, opinion
        rec.submission_no, rec.saved_by = app.submission_count, reviewer
        if rec.pk is None:
            rec.save(force_insert=True)
        else:
            rec.save(update_fields=RECOMMENDATION_FIELDS)
    return rec


def return_application(
    reviewer: User, app_id: int, *, opinion: str, expected_version: int | None
) -> Application:
    """退回: back to the applicant with an overall opinion; section comments show in red."""
    opinion = _text(opinion)
    if not opinion:
        raise Refused(_("请填写退回意见，说明需要修改的内容。"), "opinion")
    if len(opinion) > OPINION_MAX:
        raise Refused(_("退回意见不能超过 1000 字。"), "opinion")
    # The organisation is named from the rows locked with the application, before it moves.
    org: list[str] = []

    def name_org(app: Application, opinion: str) -> str:
        org.append(workflow.org_name(reviewer, app))
        return opinion

    return workflow.perform(
        Step.RETURN,
        reviewer,
        app_id,
        expected_version=expected_version,
        opinion=opinion,
        guard=name_org,
        then=lambda app: notices.returned(app, org[0], opinion),
    )


def _recommendation(app: Application) -> Recommendation | None:
    """The recommendation read with the lock (`WITH_RECOMMENDATION`); None when there is none."""
    try:
        return app.recommendation
    except Recommendation.DoesNotExist:
        return None


def _recommended(app: Application, opinion: str) -> str:
    """The base unit passes only once its recommendation for this submission is saved; its
    text is the opinion recorded when none was typed."""
    if app.holder_unit_id is None:
        return opinion
    rec = _recommendation(app)
    if rec is None or rec.submission_no != app.submission_count:
        raise Refused(_("请先保存单位推荐意见，再提交材料。"))
    return opinion or rec.opinion


def pass_application(
    reviewer: User, app_id: int, *, opinion: str = "", expected_version: int | None
) -> Application:
    """审核通过: on to the next node, or 通过形式审核 after the last one."""
    opinion = _text(opinion)
    if len(opinion) > OPINION_MAX:
        raise Refused(_("审核意见不能超过 1000 字。"), "opinion")
    return workflow.perform(
        Step.PASS,
        reviewer,
        app_id,
        expected_version=expected_version,
        opinion=opinion,
        guard=_recommended,
        then=notices.passed,
        related=WITH_RECOMMENDATION,
    )
