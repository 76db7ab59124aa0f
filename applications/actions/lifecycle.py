"""新增申请书 (with 复制往年申请书), 更改资格 and 删除: an application's qualification and life."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from applications import carry, completeness, rules, workflow
from applications.models import (
    APPLICANT_LABEL,
    Action,
    Application,
    Attachment,
    CarriedOver,
    SectionData,
    SlotFile,
)
from applications.workflow import Step
from catalog.models import BusinessType, FormTemplate, Specialty, Title
from catalog.templates import TemplateVersion, template_version
from lib.files import UploadError, check_upload
from lib.refusal import Refused
from orgs.models import BaseUnit, ReviewCommittee


def _once_a_year(title: Title) -> str:
    return _(
        "您本年度已申报过“%(series)s/%(title)s”，同一个资格在同一年度只可以申请一次"
        "（包括评审、初次确定、特殊人才认定、授予等）。"
    ) % {"series": title.series.name, "title": title.name}


def _check_qualification(
    applicant: User, title: Title, specialty: Specialty, year: int, exclude: int | None
) -> None:
    if specialty.series_id != title.series_id:
        raise Refused(_("所选专业不属于该系列，请重新选择。"))
    clash = Application.objects.filter(applicant=applicant, year=year, title=title)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise Refused(_once_a_year(title))


def _check_business_level(business_type: str, title: Title) -> None:
    """Each business type takes its own levels (rules.BUSINESS_LEVELS): 特殊人才认定 only 正高."""
    refusal = rules.level_refusal(business_type, title)
    if refusal:
        raise Refused(refusal)


def _check_committee(
    unit: BaseUnit, title: Title, committee: ReviewCommittee | None
) -> ReviewCommittee:
    allowed = rules.committees_for(unit, title)
    if committee is None:
        if not allowed:
            raise Refused(str(rules.NO_LOCAL_COMMITTEE))
        return allowed[0]
    if committee.pk not in {c.pk for c in allowed}:
        raise Refused(_("所选评审委员会不评审该单位的此系列和级别，请重新选择。"))
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
        raise Refused(
            _("%(committee)s本年度该专业的申报时间未开放或已截止，请关注评审委员会的通知公告。")
            % {"committee": committee.name}
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
        raise Refused(_("只有申请人账号可以申报职称。"))
    year = year or timezone.localdate().year
    _check_qualification(applicant, title, specialty, year, exclude=None)
    _check_business_level(business_type, title)
    committee = _check_committee(unit, title, committee)
    _check_window_exists(committee, business_type, year, title, specialty)
    template = rules.current_template(title.series_id, business_type, year)
    version = template_version(template)
    # Reading the old application and its files happens before the transaction: the file
    # checks read storage, and nothing here is written until everything has been decided.
    copy = _plan_copy(applicant, copy_from, year, version) if copy_from else None
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
            app.number = f"RSSQ{app.pk:08d}"  # i18n: data
            opinion = ""
            saved: dict[str, bool] = {}
            placed: set[tuple[str, str]] = set()
            if copy is not None:
                _write_copy(app, *copy)
                opinion = _("复制自 %(year)d 年的申请书 %(number)s") % {
                    "year": copy[0].year,
                    "number": copy[0].number,
                }
                saved = {key: s.is_complete for key, s in copy[1].sections.items()}
                placed = {(f.section_key, f.slot_key) for f in copy[1].files}
            # What it starts with, known without reading anything back (`completeness`).
            completeness.put(app, version, completeness.incomplete(version, saved, placed))
            workflow.record(
                app, applicant, Action.CREATE, APPLICANT_LABEL, APPLICANT_LABEL, opinion=opinion
            )
            app.save(
                update_fields=[
                    "number",
                    "last_from",
                    "last_to",
                    "last_action_at",
                    "recheck_needed",
                    "incomplete_keys",
                    "completeness_revision",
                ]
            )
    except IntegrityError:
        # The unique constraint caught a second tab or a double click creating the same one.
        raise Refused(
            _("您本年度已申报过“%(series)s/%(title)s”，同一个资格在同一年度只可以申请一次。")
            % {"series": title.series.name, "title": title.name}
        ) from None
    return app


def placed_files(app_id: int) -> list[carry.Placed]:
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
        return _("文件已无法读取")
    except UploadError as error:
        return str(error)
    return ""


def _plan_copy(
    applicant: User, source_id: int, year: int, version: TemplateVersion
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
        placed_files(source.pk),
        version.sections,
        template_version(source.template).sections,
        keep_refused=False,
    )
    # The files are shared with the old application through the 附件库 (never copied), but
    # each is checked again as an upload would be today: the rules may have tightened since.
    files: list[carry.Placed] = []
    for item in plan.files:
        attachment = Attachment.objects.filter(pk=item.attachment_id, owner=applicant).first()
        refusal = _recheck_file(attachment) if attachment is not None else _("文件已无法读取")
        if refusal:
            plan.gaps.append(
                carry.Gap(
                    carry.GapKind.FILE,
                    item.name,
                    _("文件“%(name)s”未通过今天的文件检查（%(why)s），未复制，请重新上传。")
                    % {"name": item.name, "why": refusal},
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
        app = workflow.take(
            Step.CHANGE,
            applicant,
            app_id,
            expected_version=expected_version,
            related=("template", "committee__region"),  # and the label the history row shows
        )
        _check_business_level(app.business_type, title)
        _check_qualification(applicant, title, specialty, app.year, exclude=app.pk)
        committee = _check_committee(app.unit, title, committee)
        template = rules.current_template(title.series_id, app.business_type, app.year)
        before = app.qualification_label
        if template.pk != app.template_id:
            _carry_to(app, template)
        app.series_id, app.level, app.title, app.specialty = (
            title.series_id,
            title.level,
            title,
            specialty,
        )
        app.committee, app.template = committee, template
        app.recheck_needed = True
        app.version += 1
        completeness.refresh(app)  # written below with the row
        try:
            with transaction.atomic():
                workflow.record(
                    app,
                    applicant,
                    Action.CHANGE,
                    APPLICANT_LABEL,
                    APPLICANT_LABEL,
                    opinion=f"{before} → {app.qualification_label}",
                )
                app.save()
        except IntegrityError:
            raise Refused(
                _("您本年度已申报过该资格，同一个资格在同一年度只可以申请一次。")
            ) from None
    return app


def _carry_to(app: Application, template: FormTemplate) -> None:
    """Move the answers and files to another template where the keys match."""
    rows = list(SectionData.objects.filter(application=app))
    # The same matching as 复制往年申请书; a value the new field refuses stays, so the
    # section page shows it in red beside the field.
    moved = carry.match(
        {row.key: row.data for row in rows},
        placed_files(app.pk),
        template_version(template).sections,
        template_version(app.template).sections,
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


def delete_application(applicant: User, app_id: int, *, expected_version: int | None) -> None:
    """删除: only an application never submitted (the submissions used must not vanish)."""
    with transaction.atomic():
        app = workflow.take(Step.DELETE, applicant, app_id, expected_version=expected_version)
        SlotFile.objects.filter(application=app).delete()
        app.delete()
