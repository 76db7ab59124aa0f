"""What every results action shares: the committee check, free-text cleaning, the meeting lock."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from lib.files import INVISIBLE
from lib.refusal import Refused
from lib.text import TextError, clean_name
from results.models import Meeting, Publicity

STALE_RESULT = gettext_lazy(
    "该评审结果已在其他窗口或由他人更改，本次操作未执行。请刷新页面后重试。"
)
PUBLISHED = gettext_lazy("本次会议的评审结果已公示，不能再更改。")


def committee_of(staff: User) -> int:
    """The committee a staff account works for; other roles may not use these actions."""
    if staff.role != Role.COMMITTEE_STAFF or staff.committee_id is None:
        raise PermissionDenied(_("只有评审委员会工作人员可以办理。"))
    return staff.committee_id


def refuse_first(errors: dict[str, str]) -> None:
    """Refuse with the first of the errors found, beside its field (none found: nothing)."""
    for field, message in errors.items():
        raise Refused(message, field)


def clean_text(raw: str, *, field: str, label: str, max_length: int) -> str:
    """A name or title (`lib.text.clean_name`), refused beside `field`."""
    try:
        return clean_name(raw, label=label, max_length=max_length)
    except TextError as error:
        raise Refused(str(error), field) from None


def clean_note(raw: str | None, *, label: str, max_length: int, required: bool) -> str:
    """A short free text (note, opinion): line breaks allowed, control characters not."""
    text = (raw or "").replace("\r\n", "\n").replace("\r", "\n")
    if any(
        ch in INVISIBLE or (unicodedata.category(ch) == "Cc" and ch not in "\n\t") for ch in text
    ):
        raise ValueError(
            _("%(label)s中含有不可见的控制字符，请删除后重新输入。") % {"label": label}
        )
    text = text.replace("\u3000", " ").strip()
    if required and not text:
        raise ValueError(_("请填写%(label)s。") % {"label": label})
    if len(text) > max_length:
        raise ValueError(
            _("%(label)s不能超过 %(n)s 字（当前 %(m)s 字）。")
            % {"label": label, "n": max_length, "m": len(text)}
        )
    return text


def checked_note(
    raw: str | None, *, field: str, label: str, max_length: int, required: bool
) -> str:
    """`clean_note`, refused beside `field`."""
    try:
        return clean_note(raw, label=label, max_length=max_length, required=required)
    except ValueError as error:
        raise Refused(str(error), field) from None


def lock_meeting(committee_id: int, meeting_id: int) -> Meeting:
    meeting = (
        Meeting.objects.select_for_update().filter(committee_id=committee_id, pk=meeting_id).first()
    )
    if meeting is None:
        raise Http404
    return meeting


def published(meeting: Meeting) -> bool:
    return Publicity.objects.filter(meeting=meeting).exists()
