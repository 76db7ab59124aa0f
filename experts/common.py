"""What the expert actions share: who is committee staff, clean text, the panel's history."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.models import Role, User
from experts.models import Panel, PanelEvent
from lib.refusal import Refused
from lib.text import TextError, clean_name, clean_text_block


def committee_of(staff: User) -> int:
    """The committee a staff account works for; other roles may not use these actions."""
    if staff.role != Role.COMMITTEE_STAFF or staff.committee_id is None:
        raise PermissionDenied(_("只有评审委员会工作人员可以办理。"))
    return staff.committee_id


def name_text(raw: str | None, *, field: str, label: str, max_length: int = 50) -> str:
    """A one-line text (name, title, unit): no markup or control characters."""
    try:
        return clean_name(raw or "", label=label, max_length=max_length)
    except TextError as error:
        raise Refused(str(error), field) from None


def block_text(
    raw: str | None, *, field: str, label: str, min_length: int = 0, max_length: int = 2000
) -> str:
    """A paragraph (reasons, opinion, answer): line breaks kept, no control characters."""
    try:
        return clean_text_block(
            raw or "", label=label, min_length=min_length, max_length=max_length
        )
    except TextError as error:
        raise Refused(str(error), field) from None


def event(panel: Panel, kind: str, actor: User, **detail: Any) -> PanelEvent:
    """One append-only history row of the panel."""
    return PanelEvent.objects.create(panel=panel, kind=kind, actor=actor, detail=detail)
