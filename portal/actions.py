"""The only code that writes notices."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from lib.files import CheckedUpload
from lib.refusal import Refused
from orgs.models import Region
from portal.models import Notice, NoticeAttachment

MAX_ATTACHMENTS = 5


@dataclass(frozen=True)
class NoticeDetails:
    kind: str
    title: str
    body: str
    region: Region | None
    publish: bool


def manageable(user: User) -> QuerySet[Notice]:
    """Notices the user may edit: hr_admin all (a prefecture hr_admin, that region's);
    committee staff their committee's. Anyone else none."""
    notices = Notice.objects.all()
    if user.role == Role.HR_ADMIN:
        region = user.admin_region
        if region is None or region.level == Region.Level.AUTONOMOUS:
            return notices
        return notices.filter(Q(region=region) | Q(committee__region=region))
    if user.role == Role.COMMITTEE_STAFF and user.committee_id is not None:
        return notices.filter(committee_id=user.committee_id)
    return notices.none()


def _attach(notice: Notice, files: list[CheckedUpload]) -> None:
    if notice.attachments.count() + len(files) > MAX_ATTACHMENTS:
        raise Refused(_("每条通知最多 %(n)s 个附件。") % {"n": MAX_ATTACHMENTS})
    for upload in files:
        item = NoticeAttachment(
            notice=notice,
            display_name=upload.display_name,
            kind=upload.kind,
            size=len(upload.content),
        )
        item.file.save(f"notice.{upload.kind}", ContentFile(upload.content), save=False)
        item.save()


def create_notice(author: User, details: NoticeDetails, files: list[CheckedUpload]) -> Notice:
    """发布: committee staff publish for their committee (and its region); hr_admin for a region."""
    if author.role not in (Role.HR_ADMIN, Role.COMMITTEE_STAFF):
        raise Refused(_("当前账号不能发布通知公告。"))
    region = details.region
    committee = None
    if author.role == Role.COMMITTEE_STAFF:
        committee = author.committee
        region = committee.region.entry_region if committee else None
    elif author.admin_region and author.admin_region.level != Region.Level.AUTONOMOUS:
        region = author.admin_region
    with transaction.atomic():
        notice = Notice.objects.create(
            kind=details.kind,
            title=details.title,
            body=details.body,
            region=region,
            committee=committee,
            author=author,
            published_at=timezone.now() if details.publish else None,
        )
        _attach(notice, files)
    return notice


def update_notice(
    editor: User, notice_id: int, details: NoticeDetails, files: list[CheckedUpload]
) -> Notice:
    """编辑: text, kind and new attachments; the region stays where the author's scope put it."""
    with transaction.atomic():
        notice = _lock(editor, notice_id)
        notice.kind = details.kind
        notice.title = details.title
        notice.body = details.body
        if editor.role == Role.HR_ADMIN and notice.committee_id is None:
            if editor.admin_region is None or editor.admin_region.level == Region.Level.AUTONOMOUS:
                notice.region = details.region
        if details.publish and notice.published_at is None:
            notice.published_at = timezone.now()
        elif not details.publish:
            notice.published_at = None
        notice.save()
        _attach(notice, files)
    return notice


def set_published(editor: User, notice_id: int, published: bool) -> Notice:
    """发布 / 撤回 a notice in the editor's scope; others' ids are a 404."""
    with transaction.atomic():
        notice = _lock(editor, notice_id)
        if published and notice.published_at is None:
            notice.published_at = timezone.now()
        elif not published:
            notice.published_at = None
        notice.save(update_fields=["published_at", "updated_at"])
    return notice


def remove_attachment(editor: User, notice_id: int, attachment_id: int) -> None:
    with transaction.atomic():
        notice = _lock(editor, notice_id)
        item = notice.attachments.filter(pk=attachment_id).first()
        if item is None:
            raise Http404
        item.file.delete(save=False)
        item.delete()


def _lock(editor: User, notice_id: int) -> Notice:
    try:
        return manageable(editor).select_for_update(of=("self",)).get(pk=notice_id)
    except Notice.DoesNotExist:
        raise Http404 from None
