"""The texts of the expert-review notices; sent through `lib.outbox` once the step commits."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from lib.outbox import notify
from results.models import Meeting


def drawn(users: Iterable[User], meeting: Meeting) -> None:
    notify(
        users,
        _("评审会议邀请：%(m)s") % {"m": meeting.name},
        _(
            "您已被随机抽取为“%(m)s”（%(d)s）的评审专家。请登录平台查看参评材料并在线评审；不能参加的，请尽快谢绝。"
        )
        % {"m": meeting.name, "d": meeting.held_on.isoformat()},
        reverse("experts:mine"),
    )


def replaced(staff: Iterable[User], meeting: Meeting, name: str, replacement: str) -> None:
    notify(
        staff,
        _("评审专家谢绝：%(m)s") % {"m": meeting.name},
        _("评审专家%(n)s谢绝参加“%(m)s”，平台已补抽：%(r)s。")
        % {"n": name, "m": meeting.name, "r": replacement or _("无可补抽的专家")},
        reverse("experts:panel", args=[meeting.pk]),
    )


def closed(staff: Iterable[User], meeting: Meeting, passed: int, failed: int) -> None:
    notify(
        staff,
        _("评审会议已结束：%(m)s") % {"m": meeting.name},
        _("“%(m)s”在线评审已结束，平台已计算评审结果：通过 %(p)s 人，未通过 %(f)s 人。")
        % {"m": meeting.name, "p": passed, "f": failed},
        reverse("results:meeting", args=[meeting.pk]),
    )


def recheck_lodged(staff: Iterable[User], number: str) -> None:
    notify(
        staff,
        _("新的复查申请"),
        _("申请书 %(n)s 的申请人提出了复查申请，请处理。") % {"n": number},
        reverse("experts:rechecks"),
    )


def recheck_decided(applicant: User, number: str, upheld: bool, note: str) -> None:
    if upheld:
        body = _("您对申请书 %(n)s 提出的复查申请已获同意，将重新提交评审专家表决。") % {
            "n": number
        }
    else:
        body = _("您对申请书 %(n)s 提出的复查申请不予受理，理由：%(r)s") % {"n": number, "r": note}
    notify([applicant], _("复查申请处理结果"), body, reverse("experts:my_rechecks"))


def complaint_answered(author: User, answer: str) -> None:
    notify(
        [author],
        _("您的投诉已答复"),
        _("答复：%(a)s") % {"a": answer},
        reverse("experts:my_rechecks"),
    )
