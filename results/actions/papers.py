"""纸质材料: the committee records that an application's paper materials arrived."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import User
from applications.models import Application, Status
from lib.refusal import Refused
from results.actions._common import checked_note, committee_of
from results.models import MeetingResult, PaperReceipt


def mark_paper(staff: User, app_id: int, *, received: bool, note: str = "") -> PaperReceipt:
    """Record that an application's paper materials arrived, or are missing (note required).

    Allowed for the committee's applications that passed formal review, until the
    application is put before a meeting (its papers were a condition of that).
    """
    committee_id = committee_of(staff)
    text = checked_note(
        note,
        field="note",
        label=_("缺失说明") if not received else _("说明"),
        max_length=300,
        required=not received,
    )
    with transaction.atomic():
        app = (
            Application.objects.select_for_update()
            .filter(committee_id=committee_id, status=Status.PASSED, pk=app_id)
            .first()
        )
        if app is None:
            raise Http404
        if MeetingResult.objects.filter(application=app).exists():
            raise Refused(_("该申请书已列入评审会议，不能再更改纸质材料状态。"))
        receipt, _created = PaperReceipt.objects.update_or_create(
            application=app,
            defaults={
                "status": PaperReceipt.Status.RECEIVED if received else PaperReceipt.Status.MISSING,
                "note": text,
                "marked_by": staff,
            },
        )
    return receipt
