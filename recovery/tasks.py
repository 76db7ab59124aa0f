"""Sending recovery codes, links and appeal decisions on a worker (the Tasks API).

The actions write the rows and enqueue these tasks on commit with row ids only. The secret
a message carries — the 6-digit code, the link's token — is made here, inside the task's
transaction, and only its digest is stored: no code or token ever sits in the task queue,
the database or a log line. The message is sent inside that transaction, so a failed send
leaves no secret behind and a retry makes a fresh one; a row that already has its secret (or
an appeal already notified) is skipped, so a task delivered twice sends once.
"""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from recovery import tokens
from recovery.models import Appeal, RecoveryCode, ResetGrant
from recovery.sms import send_sms

log = logging.getLogger(__name__)


@task()
def send_recovery_code(code_id: int) -> None:
    """方式一: make the code of a code row, keep its digest and text it to the mobile.

    Rows with no account (written so the pages look the same) and rows no longer open are
    left alone.
    """
    with transaction.atomic():
        row = (
            RecoveryCode.objects.select_for_update()
            .filter(pk=code_id, user__isnull=False, code_hash="")
            .first()
        )
        if row is None or not row.is_open():
            return
        code = tokens.new_code()
        row.code_hash = tokens.code_hash(row.salt, code)
        row.save(update_fields=["code_hash"])
        text = _(
            "【新疆职称管理平台】您正在找回账号，验证码 %(code)s，10 分钟内有效。如非本人操作请忽略。"
        ) % {"code": code}
        send_sms(row.mobile, text)
    log.info("recovery code sent row=%s", code_id)


def _open_pending_grant(grant_id: int | None) -> ResetGrant | None:
    """The grant, locked, if it still waits for its secret and may still be used."""
    if grant_id is None:
        return None
    grant = (
        ResetGrant.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(pk=grant_id, token_hash="", used_at__isnull=True)
        .first()
    )
    if grant is None or grant.expires_at <= timezone.now():
        return None
    return grant


@task()
def send_email_link(grant_id: int, base_url: str) -> None:
    """方式二: make the link of an e-mail grant and mail it to the account's address."""
    with transaction.atomic():
        grant = _open_pending_grant(grant_id)
        if grant is None:
            return
        user = grant.user
        link = tokens.reset_url(base_url, tokens.issue(grant))
        body = _(
            "您好，%(name)s：\n\n您正在找回新疆专业技术人员职称管理平台的账号。\n"
            "您的用户名：%(username)s\n请在 1 小时内打开以下链接设置新密码（只能使用一次）：\n"
            "%(link)s\n\n如非本人操作，请忽略本邮件，您的密码不会改变。"
        ) % {"name": user.display_name, "username": user.username, "link": link}
        send_mail(_("找回用户名和密码"), body, None, [user.email])
    log.info("recovery e-mail sent grant=%s", grant_id)


@task()
def send_appeal_decision(appeal_id: int, base_url: str) -> None:
    """账号申诉 decided: to the contact typed in the appeal, by SMS and (if given) e-mail —
    an approval with a 24-hour link to set a new password, a rejection with its reason."""
    with transaction.atomic():
        appeal = (
            Appeal.objects.select_for_update()
            .filter(pk=appeal_id, notified_at__isnull=True)
            .exclude(status=Appeal.Status.PENDING)
            .first()
        )
        if appeal is None:
            return
        if appeal.status == Appeal.Status.APPROVED:
            grant = _open_pending_grant(appeal.grant_id)
            if grant is None:
                return
            link = tokens.reset_url(base_url, tokens.issue(grant))
            subject = _("账号申诉已通过")
            text = _(
                "【新疆职称管理平台】您的账号申诉已通过。用户名：%(username)s。请在 24 小时内打开链接设置新密码：%(link)s"
            ) % {"username": grant.user.username, "link": link}
        else:
            subject = _("账号申诉未通过")
            text = _("【新疆职称管理平台】您的账号申诉未通过，原因：%(reason)s") % {
                "reason": appeal.reason
            }
        appeal.notified_at = timezone.now()
        appeal.save(update_fields=["notified_at"])
        send_sms(appeal.contact_mobile, text)
        if appeal.contact_email:
            send_mail(subject, text, None, [appeal.contact_email])
    log.info("appeal decision sent appeal=%s", appeal_id)
