"""What the committee staff pages share: access, the committee, the rows an application draws."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from accounts.models import Role
from accounts.permissions import role_required, signed_in_user
from lib.refusal import Refused
from orgs.models import ReviewCommittee
from results import actions
from zhicheng.refusals import add_refusal, message_of

PER_PAGE = 50
staff_required = role_required(Role.COMMITTEE_STAFF)

# What a row about an application draws: person, unit, qualification (one query for all).
APP_RELATED = (
    "applicant",
    "unit",
    "series",
    "title",
    "committee",
    "committee__region",
)


def app_related(prefix: str) -> list[str]:
    return [f"{prefix}{name}" for name in APP_RELATED]


def own_committee(request: HttpRequest) -> ReviewCommittee:
    user = signed_in_user(request)
    return get_object_or_404(ReviewCommittee, pk=actions.committee_of(user))


def refuse_on(form: forms.BaseForm, error: Refused) -> str:
    """Put an action's refusal next to the field it names, or above the form.

    Returns the message to flash for a refusal that is not about a field ("" otherwise),
    since a row whose form is no longer drawn must still say why nothing changed.
    """
    add_refusal(form, error)
    return "" if error.field else message_of(error)
