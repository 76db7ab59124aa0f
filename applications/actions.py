"""Applicant-side actions on applications: the only code that changes them.

Each action is one short transaction: it locks the application row, checks the move
against the state it finds (and the version the user's page was drawn from), writes
the new state and an append-only history row.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone

from accounts.models import Role, User
from applications import carry, rules
from applications.models import (
    Action,
    Application,
    Attachment,
    CarriedOver,
    HistoryEntry,
    NodeVisit,
    SectionData,
    SlotFile,
    Status,
)
from catalog.models import BusinessType, Specialty, TemplateSection, Title
from lib.files import CheckedUpload, UploadError, check_upload
from notifications import notices
from orgs.models import BaseUnit, ReviewCommittee
from training import rules as training_rules


class ActionError(Exception):
    """The step is refused; nothing changed. The message is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class StaleError(ActionError):
    pass


STALE = "申请书已在其他窗口或由他人更改，本次操作未执行。请刷新页面后重试。"


def lock_own(applicant: User, app_id: int) -> Application:
    """The applicant's own application, locked; anyone else's id is a 404."""
    try:
        # The committee and unit come along (not locked: `of` names the application row only).
        return (
            Application.objects.select_for_update(of=("self",))
            .select_related("committee", "unit")
            .get(pk=app_id, applicant=applicant)
        )
    except Application.DoesNotExist:
        raise Http404 from None


def check_version(app: Application, expected_version: int | None) -> None:
    if expected_version is not None and app.version != expected_version:
        raise StaleError(STALE)


def record(
    app: Application,
    actor: User,
    action: str,
    from_label: str,
    to_label: str,
    opinion: str = "",
    org: str = "",
) -> HistoryEntry:
    """Write the history row and the denormalised status line."""
    now = timezone.now()
    app.last_from, app.last_to, app.last_action_at = from_label, to_label, now
    return HistoryEntry.objects.create(
        application=app,
        action=action,
        actor=actor,
        actor_role=actor.role,
        actor_org=org,
        from_label=from_label,
        to_label=to_label,
        opinion=opinion,
        submission_no=app.submission_count,
    )


def _check_qualification(
    applicant: User, title: Title, specialty: Specialty, year: int, exclude: int | None
) -> None:
    if specialty.series_id != title.series_id:
        raise ActionError("所选专业不属于该系列，请重新选择。")
    clash = Application.objects.filter(applicant=applicant, year=year, title=title)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ActionError(
            f"您本年度已申报过“{title.series.name}/{title.name}”，同一个资格在同一年度只可以申请一次（包括评审、初次确定、特殊人才认定、授予等）。"
        )


def _check_business_level(business_type: str, title: Title) -> None:
    """Each business type takes its own levels (rules.BUSINESS_LEVELS): 特殊人才认定 only 正高."""
    refusal = rules.level_refusal(business_type, title)
    if refusal:
        raise ActionError(refusal)


def _check_committee(
    unit: BaseUnit, title: Title, committee: ReviewCommittee | None
) -> ReviewCommittee:
    allowed = rules.committees_for(unit, title)
    if committee is None:
        if not allowed:
            raise ActionError(
                "该单位所在地区和自治区均没有评审此系列和级别的评审委员会，请咨询人社部门。"
            )
        return allowed[0]
    if committee.pk not in {c.pk for c in allowed}:
        raise ActionError("所选评审委员会不评审该单位的此系列和级别，请重新选择。")
    return committee


def _check_window_exists(
    committee: ReviewCommittee, business_type: str, year: int, title: Title, specialty: Specialty
) -> None:
    """A new application needs a window that is open now or still to come."""
    probe = Application(
        committee=committee,
        business_type=business_type,
        year=year,
        series_id=title.series_id,
        specialty=specialty,
    )
    windows = rules.matching_windows(probe, list(rules.windows_query(probe)))
    if not any(w.closes_at > timezone.now() for w in windows):
        raise ActionError(
            f"{committee.name}本年度该专业的申报时间未开放或已截止，请关注评审委员会的通知公告。"
        )


def create_application(
    applicant: User,
    *,
    title: Title,
    specialty: Specialty,
    unit: BaseUnit,
    committee: ReviewCommittee | None = None,
    business_type: str = BusinessType.REVIEW,
    year: int | None = None,
    copy_from: int | None = None,
) -> Application:
    """新增申请书: refused when the title was applied for this year, or no window is open.

    With `copy_from` (one of the applicant's own applications of an earlier year; anyone
    else's, or one of this year, is a 404) its answers and files are copied into this
    year's template where the keys match (`carry.match`), in the same transaction; what did
    not carry is kept in a `CarriedOver` row and the applicant is asked to re-check.
    """
    if applicant.role != Role.APPLICANT:
        raise ActionError("只有申请人账号可以申报职称。")
    year = year or timezone.localdate().year
    _check_qualification(applicant, title, specialty, year, exclude=None)
    _check_business_level(business_type, title)
    committee = _check_committee(unit, title, committee)
    _check_window_exists(committee, business_type, year, title, specialty)
    try:
        template = rules.current_template(title.series_id, business_type, year)
    except rules.RuleError as exc:
        raise ActionError(exc.message) from None
    # Reading the old application and its files happens before the transaction: the file
    # checks read storage, and nothing here is written until everything has been decided.
    copy = _plan_copy(applicant, copy_from, year, template.pk) if copy_from else None
    try:
        with transaction.atomic():
            app = Application.objects.create(
                year=year,
                business_type=business_type,
                applicant=applicant,
                series_id=title.series_id,
                level=title.level,
                title=title,
                specialty=specialty,
                unit=unit,
                committee=committee,
                template=template,
            )
            app.number = f"RSSQ{app.pk:08d}"
            opinion = ""
            if copy is not None:
                _write_copy(app, *copy)
                opinion = f"复制自 {copy[0].year} 年的申请书 {copy[0].number}"
            record(app, applicant, Action.CREATE, "申请人", "申请人", opinion=opinion)
            app.save(
                update_fields=[
                    "number",
                    "last_from",
                    "last_to",
                    "last_action_at",
                    "recheck_needed",
                ]
            )
    except IntegrityError:
        # The unique constraint caught a second tab or a double click creating the same one.
        raise ActionError(
            f"您本年度已申报过“{title.series.name}/{title.name}”，同一个资格在同一年度只可以申请一次。"
        ) from None
    return app


def _placed(app_id: int) -> list[carry.Placed]:
    return [
        carry.Placed(p.section_key, p.slot_key, p.attachment_id, p.attachment.display_name)
        for p in SlotFile.objects.filter(application_id=app_id)
        .select_related("attachment")
        .order_by("section_key", "slot_key", "id")
    ]


def _recheck_file(attachment: Attachment) -> str:
    """Today's upload checks (size, type by content, no active PDF) on a stored file.

    "" when it passes, else the refusal for the applicant. A file the store no longer has
    is refused; the store being unreachable raises StorageUnavailable (the 503 page).
    """
    try:
        with attachment.file.open("rb") as handle:
            check_upload(handle, attachment.display_name)
    except FileNotFoundError:
        return "文件已无法读取"
    except UploadError as error:
        return str(error)
    return ""


def _plan_copy(
    applicant: User, source_id: int, year: int, template_id: int
) -> tuple[Application, carry.Carry]:
    """What copying an earlier application into this year's template gives (nothing written)."""
    source = (
        Application.objects.filter(applicant=applicant, year__lt=year, pk=source_id)
        .select_related("template")
        .first()
    )
    if source is None:
        raise Http404
    plan = carry.match(
        {row.key: row.data for row in SectionData.objects.filter(application=source)},
        _placed(source.pk),
        carry.template_sections(template_id),
        carry.template_sections(source.template_id),
        keep_refused=False,
    )
    # The files are shared with the old application through the 附件库 (never copied), but
    # each is checked again as an upload would be today: the rules may have tightened since.
    files: list[carry.Placed] = []
    for item in plan.files:
        attachment = Attachment.objects.filter(pk=item.attachment_id, owner=applicant).first()
        refusal = _recheck_file(attachment) if attachment is not None else "文件已无法读取"
        if refusal:
            plan.gaps.append(
                carry.Gap(
                    carry.GapKind.FILE,
                    item.name,
                    f"文件“{item.name}”未通过今天的文件检查（{refusal}），未复制，请重新上传。",
                    item.section_key,
                    item.slot_key,
                )
            )
        else:
            files.append(item)
    plan.files = files
    return source, plan


def _write_copy(app: Application, source: Application, plan: carry.Carry) -> None:
    """Inside create_application's transaction: the carried sections, files and the report."""
    SectionData.objects.bulk_create(
        SectionData(application=app, key=key, data=s.data, is_complete=s.is_complete)
        for key, s in plan.sections.items()
    )
    SlotFile.objects.bulk_create(
        SlotFile(
            application=app,
            section_key=f.section_key,
            slot_key=f.slot_key,
            attachment_id=f.attachment_id,
        )
        for f in plan.files
    )
    CarriedOver.objects.create(
        application=app,
        source=source,
        source_number=source.number or "",
        source_year=source.year,
        template_id=app.template_id,
        values=plan.values,
        files=len(plan.files),
        gaps=[g.as_json() for g in plan.gaps],
    )
    # Copied answers were given for another year's form: as after 更改资格, check each again.
    app.recheck_needed = True


def _sections(app: Application) -> list[TemplateSection]:
    return list(
        TemplateSection.objects.filter(template_id=app.template_id)
        .prefetch_related("fields", "slots")
        .order_by("position")
    )


def section_status(
    app: Application, sections: list[TemplateSection] | None = None
) -> dict[str, bool]:
    """Completeness per section key, for the applicant's sections (unit-filled ones excluded)."""
    stored = {s.key: s for s in app.section_data.all()}
    files = {(f.section_key, f.slot_key) for f in app.slot_files.all()}
    result: dict[str, bool] = {}
    for section in sections if sections is not None else _sections(app):
        if section.filled_by_unit:
            continue
        data = stored.get(section.key)
        required_slots = [s for s in section.slots.all() if s.required]
        slots_ok = all((section.key, s.key) in files for s in required_slots)
        if data is None:
            # In a repeatable section required fields bind each row; an optional one may have none.
            has_required_fields = not section.repeatable and any(
                f.required for f in section.fields.all()
            )
            result[section.key] = slots_ok and not section.required and not has_required_fields
        else:
            result[section.key] = data.is_complete and slots_ok
    return result


def incomplete_sections(app: Application) -> list[str]:
    sections = _sections(app)
    status = section_status(app, sections)
    titles = {s.key: f"{s.position} {s.title}" for s in sections}
    return [titles[k] for k, ok in status.items() if not ok]


def save_section(
    applicant: User,
    app_id: int,
    section_key: str,
    cleaned: dict[str, Any],
    *,
    expected_version: int | None,
) -> SectionData:
    """Save one section's validated data. Only while the application is with the applicant."""
    with transaction.atomic():
        app = lock_own(applicant, app_id)
        if not app.at_applicant:
            raise ActionError("申请书已提交，审核期间不能修改。如需修改，请在单位审核前收回。")
        section = TemplateSection.objects.filter(
            template_id=app.template_id, key=section_key
        ).first()
        if section is None or section.filled_by_unit:
            raise Http404
        row, created = SectionData.objects.select_for_update().get_or_create(
            application=app, key=section_key, defaults={"data": cleaned, "is_complete": True}
        )
        if not created:
            if expected_version is not None and row.version != expected_version:
                raise StaleError(
                    "该栏目已在其他窗口保存过，本次保存未执行。请刷新页面，核对后重新填写。"
                )
            row.data = cleaned
            row.is_complete = True
            row.version = F("version") + 1
            row.save()
            row.refresh_from_db()
        Application.objects.filter(pk=app.pk).update(version=F("version") + 1)
    return row


def store_attachment(owner: User, upload: CheckedUpload) -> Attachment:
    """Put a checked scan in the owner's 附件库; the same content is stored once."""
    digest = hashlib.sha256(upload.content).hexdigest()
    existing = Attachment.objects.filter(owner=owner, sha256=digest).first()
    if existing is not None:
        return existing
    attachment = Attachment(
        owner=owner,
        display_name=upload.display_name,
        kind=upload.kind,
        size=len(upload.content),
        sha256=digest,
    )
    attachment.file.save(upload.display_name, ContentFile(upload.content), save=False)
    try:
        with transaction.atomic():
            attachment.save()
    except IntegrityError:
        attachment.file.delete(save=False)
        return Attachment.objects.get(owner=owner, sha256=digest)
    return attachment


def place_attachment(
    applicant: User, app_id: int, section_key: str, slot_key: str, attachment: Attachment
) -> SlotFile:
    """Put one of the applicant's own attachments into a slot (from an upload or the library)."""
    if attachment.owner_id != applicant.pk:
        raise Http404
    with transaction.atomic():
        app = lock_own(applicant, app_id)
        if not app.at_applicant:
            raise ActionError("申请书已提交，审核期间不能修改附件。")
        section = TemplateSection.objects.filter(
            template_id=app.template_id, key=section_key
        ).first()
        slot = section.slots.filter(key=slot_key).first() if section else None
        if section is None or slot is None:
            raise Http404
        used = SlotFile.objects.filter(
            application=app, section_key=section_key, slot_key=slot_key
        ).count()
        if used >= slot.max_files:
            raise ActionError(f"“{slot.label}”最多上传 {slot.max_files} 个文件。")
        placed, _created = SlotFile.objects.get_or_create(
            application=app, section_key=section_key, slot_key=slot_key, attachment=attachment
        )
        Application.objects.filter(pk=app.pk).update(version=F("version") + 1)
    return placed


def remove_attachment(applicant: User, app_id: int, slot_file_id: int) -> None:
    with transaction.atomic():
        app = lock_own(applicant, app_id)
        if not app.at_applicant:
            raise ActionError("申请书已提交，审核期间不能修改附件。")
        deleted, _ = SlotFile.objects.filter(pk=slot_file_id, application=app).delete()
        if not deleted:
            raise Http404
        Application.objects.filter(pk=app.pk).update(version=F("version") + 1)


def change_qualification(
    applicant: User,
    app_id: int,
    *,
    title: Title,
    specialty: Specialty,
    committee: ReviewCommittee | None,
    expected_version: int | None,
) -> Application:
    """更改资格: level, specialty or committee, while the application is with the applicant.

    Data is carried to the new template where the field keys match; the applicant is
    asked to check every section again.
    """
    with transaction.atomic():
        app = lock_own(applicant, app_id)
        check_version(app, expected_version)
        if not app.at_applicant:
            raise ActionError("申请书已提交，不能更改资格。如需更改，请在单位审核前收回。")
        _check_business_level(app.business_type, title)
        _check_qualification(applicant, title, specialty, app.year, exclude=app.pk)
        committee = _check_committee(app.unit, title, committee)
        try:
            template = rules.current_template(title.series_id, app.business_type, app.year)
        except rules.RuleError as exc:
            raise ActionError(exc.message) from None
        before = app.qualification_label
        if template.pk != app.template_id:
            rows = list(SectionData.objects.filter(application=app))
            # The same matching as 复制往年申请书; a value the new field refuses stays, so the
            # section page shows it in red beside the field.
            moved = carry.match(
                {row.key: row.data for row in rows},
                _placed(app.pk),
                carry.template_sections(template.pk),
                carry.template_sections(app.template_id),
                keep_refused=True,
            )
            for row in rows:
                carried = moved.sections.get(row.key)
                if carried is None:
                    row.delete()
                    continue
                row.data, row.is_complete = carried.data, carried.is_complete
                row.save()
            keep = {(f.section_key, f.slot_key, f.attachment_id) for f in moved.files}
            for placed in SlotFile.objects.filter(application=app):
                if (placed.section_key, placed.slot_key, placed.attachment_id) not in keep:
                    placed.delete()
        app.series_id, app.level, app.title, app.specialty = (
            title.series_id,
            title.level,
            title,
            specialty,
        )
        app.committee, app.template = committee, template
        app.recheck_needed = True
        app.version += 1
        try:
            with transaction.atomic():
                record(
                    app,
                    applicant,
                    Action.CHANGE,
                    "申请人",
                    "申请人",
                    opinion=f"{before} → {app.qualification_label}",
                )
                app.save()
        except IntegrityError:
            raise ActionError(
                "您本年度已申报过该资格，同一个资格在同一年度只可以申请一次。"
            ) from None
    return app


def delete_application(applicant: User, app_id: int, *, expected_version: int | None) -> None:
    """删除: only an application never submitted (the submissions used must not vanish)."""
    with transaction.atomic():
        app = lock_own(applicant, app_id)
        check_version(app, expected_version)
        if not app.at_applicant or app.submission_count > 0:
            raise ActionError("已提交过的申请书不能删除。")
        SlotFile.objects.filter(application=app).delete()
        app.delete()


def submit(applicant: User, app_id: int, *, expected_version: int | None) -> Application:
    """提交至工作单位: complete, inside the window (server time), under the submission limit."""
    with transaction.atomic():
        app = lock_own(applicant, app_id)
        if app.status in (Status.IN_REVIEW, Status.PASSED):
            raise ActionError("申请书已提交，请勿重复提交。")
        check_version(app, expected_version)
        limit = app.committee.submission_limit
        if app.submission_count >= limit:
            raise ActionError(
                f"已提交 {app.submission_count}/{limit} 次，达到评审委员会设定的提交次数上限，本申请书不能参加本年度评审。"
            )
        now = timezone.now()
        if not rules.window_is_open(
            rules.matching_windows(app, list(rules.windows_query(app))), now
        ):
            raise ActionError("不在申报时间内，不能提交。请关注评审委员会的通知公告。")
        missing = incomplete_sections(app)
        if missing:
            raise ActionError("以下栏目尚未填写完整：" + "、".join(missing))
        short = training_rules.missing(app)
        if short:
            raise ActionError("继续教育学时不足：" + "；".join(short) + "。")
        try:
            chain = rules.current_chain(app.committee_id, app.business_type)
            app.nodes = rules.snapshot(chain)
            app.chain = chain
            holder = rules.resolve_node(app.nodes[0], app)
        except rules.RuleError as exc:
            raise ActionError(exc.message) from None
        app.submission_count += 1
        app.status = Status.IN_REVIEW
        app.position = 1
        _hold(app, holder)
        app.recheck_needed = False
        app.version += 1
        record(app, applicant, Action.SUBMIT, "申请人", app.nodes[0]["label"])
        app.save()
        NodeVisit.objects.create(
            application=app,
            submission_no=app.submission_count,
            position=1,
            label=app.nodes[0]["label"],
            unit=holder.unit,
            department=holder.department,
            committee=holder.committee,
        )
        notices.submitted(app)
    return app


def _hold(app: Application, holder: rules.Holder | None) -> None:
    app.holder_unit = holder.unit if holder else None
    app.holder_department = holder.department if holder else None
    app.holder_committee = holder.committee if holder else None


def recall(applicant: User, app_id: int, *, expected_version: int | None) -> Application:
    """收回: while the base unit has not acted yet, back to the applicant for editing."""
    with transaction.atomic():
        app = lock_own(applicant, app_id)
        if app.status != Status.IN_REVIEW or app.position != 1:
            raise ActionError("单位已办理该申请书，不能收回。")
        check_version(app, expected_version)
        label = app.current_label
        app.status = Status.DRAFT
        app.position = 0
        _hold(app, None)
        app.version += 1
        record(app, applicant, Action.RECALL, label, "申请人")
        app.save()
        NodeVisit.objects.filter(application=app, left_at__isnull=True).update(
            left_at=timezone.now()
        )
    return app
