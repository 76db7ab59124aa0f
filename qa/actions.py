"""The only code that writes questions and answers."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from lib.refusal import Refused
from orgs.models import Region, ReviewCommittee
from qa.models import Question
from zhicheng import ratelimit

ASK_LIMIT = "qa-ask"  # settings.RATE_LIMITS: questions per applicant per day


def askable_committees(entry: Region | None) -> QuerySet[ReviewCommittee]:
    """Active committees of the entry region (and its counties) and of 自治区."""
    scope = Q(region__level=Region.Level.AUTONOMOUS)
    if entry is not None:
        scope |= Q(region=entry) | Q(region__parent=entry, region__level=Region.Level.COUNTY)
    return (
        ReviewCommittee.objects.filter(scope, is_active=True)
        .select_related("region")
        .order_by("region__sort_order", "region__code", "name")
    )


def daily_limit() -> int:
    return ratelimit.rate(ASK_LIMIT).count


def ask(asker: User, committee: ReviewCommittee, text: str, *, entry: Region | None) -> Question:
    """提问: to a committee of the asker's region entry chain, at most daily_limit() a day."""
    if asker.role != Role.APPLICANT:
        raise Refused(_("只有申请人可以在线提问。"))
    if not askable_committees(entry).filter(pk=committee.pk).exists():
        raise Refused(_("只能向当前评审区域或自治区的评审委员会提问。"))
    # The key carries the local date, so the count starts again at midnight.
    if not ratelimit.hit(ASK_LIMIT, f"user:{asker.pk}:{timezone.localdate():%Y%m%d}"):
        raise Refused(_("每天最多提问 %(n)s 次，请明天再试。") % {"n": daily_limit()})
    return Question.objects.create(asker=asker, committee=committee, text=text)


def answer(staff: User, question_id: int, text: str, *, publish: bool) -> Question:
    """答复 (or correct the answer): staff of the question's committee only; others get 404."""
    if staff.role != Role.COMMITTEE_STAFF or staff.committee_id is None:
        raise Http404
    with transaction.atomic():
        try:
            question = Question.objects.select_for_update().get(
                pk=question_id, committee_id=staff.committee_id
            )
        except Question.DoesNotExist:
            raise Http404 from None
        question.answer = text
        question.answered_by = staff
        question.answered_at = timezone.now()
        question.is_public = publish
        question.save()
    return question
