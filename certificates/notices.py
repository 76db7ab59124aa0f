"""What issuing certificates tells whom: the text of the certificates' notices, for `lib.outbox`."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from lib.outbox import notify
from results.models import ApprovalDocument


def certificates_issued(document: ApprovalDocument, app_ids: list[int]) -> None:
    """One notice for everyone whose certificate was just issued (sent after the commit)."""
    notify(
        User.objects.filter(applications__pk__in=app_ids).order_by("pk"),
        _("职称电子证书已颁发：%(number)s") % {"number": document.number},
        _(
            "根据批文 %(number)s，您的职称电子证书已颁发。"
            "请在“我的职称电子证书”中查看证书编号并打印。"
        )
        % {"number": document.number},
        reverse("certificates:mine"),
    )
