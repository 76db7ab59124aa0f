"""Printing: the rule on which form may be printed, and the record of each print."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from accounts.models import User
from applications.models import Application, Status
from documents.models import PrintRecord
from lib.refusal import Refused

NOT_PASSED = gettext_lazy(
    "申请书尚未通过形式审核，只能打印测试表。各级单位全部审核通过（通过形式审核）后，才能打印正式表。"
)
REPORT_NOT_PASSED = gettext_lazy("呈报表在申报材料通过形式审核后生成，请在通过形式审核后打印。")


def check_printable(app: Application, document: str, *, official: bool) -> None:
    """Official forms (and every 呈报表) only once the application passed formal review;
    refused (`lib.refusal.Refused`) otherwise."""
    if (official or document == PrintRecord.Document.REPORT_FORM) and app.status != Status.PASSED:
        raise Refused(
            str(REPORT_NOT_PASSED if document == PrintRecord.Document.REPORT_FORM else NOT_PASSED)
        )


def record_print(app: Application, user: User, document: str, *, official: bool) -> PrintRecord:
    """Check the form may be printed and write the record whose serial the pages carry.

    The caller has already found the application through `visible_to(user)`.
    """
    check_printable(app, document, official=official)
    return PrintRecord.objects.create(
        application=app, document=document, official=official, printed_by=user
    )
