"""Section completeness as stored state (applications.completeness, docs/adr/0036).

Every step that changes what completeness depends on leaves `incomplete_keys` equal to what
the rows give now, at the template's current revision; 提交 reads only the stored state (no
template, section or file row under its lock), computes afresh whenever the stored state does
not say "complete" at the current revision, and refuses exactly as it always did.
"""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps as registry
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from applications import actions, completeness
from applications.models import Application, SectionData, SlotFile, Status
from applications.tests.pages import signed_in, text
from applications.tests.test_views_copy import last_year, old_template  # noqa: F401 (fixtures)
from catalog import templates as catalog_templates
from catalog.models import FormTemplate, Level, Specialty, TemplateField, TemplateSection, Title
from catalog.templates import bump_revision, template_version
from conftest import make_png
from lib.files import CheckedUpload
from lib.refusal import Refused
from orgs.models import BaseUnit, CommitteeScope, ReviewCommittee
from reviews import actions as review_actions
from testing.worlds import recommend

pytestmark = pytest.mark.django_db


def stored(app: Application) -> tuple[list[str], int]:
    row = Application.objects.select_related("template").get(pk=app.pk)
    return row.incomplete_keys, row.completeness_revision


def computed(app: Application) -> tuple[list[str], int]:
    """What the rows and the template give now, read without the cache."""
    row = Application.objects.select_related("template").get(pk=app.pk)
    sections = list(
        TemplateSection.objects.filter(template_id=row.template_id)
        .prefetch_related("fields", "slots")
        .order_by("position")
    )
    saved, placed = completeness.rows(row.pk)
    status = completeness.status(sections, saved, placed)
    return [key for key, ok in status.items() if not ok], row.template.revision


def assert_current(app: Application) -> None:
    assert stored(app) == computed(app)


def scan(owner: User) -> Any:
    return actions.store_attachment(owner, CheckedUpload(make_png(), "png", "身份证.png"))


BASIC = {"sex": "女", "work_start": "2015-09-01", "post": ""}
ROWS = {"rows": [{"school": "新疆大学", "years": 4}]}


# --- every writer keeps it current ---------------------------------------------------------


def test_a_new_application_starts_with_every_required_section_incomplete(
    draft: Application,
) -> None:
    assert stored(draft) == (["basic", "education"], draft.template.revision)
    assert_current(draft)


def test_saving_sections_and_placing_the_file_complete_it_step_by_step(
    draft: Application,
) -> None:
    applicant = draft.applicant
    actions.save_section(applicant, draft.pk, "basic", BASIC, expected_version=None)
    # 基本信息 is saved but its 身份证 slot is still empty.
    assert stored(draft)[0] == ["basic", "education"]
    actions.save_section(applicant, draft.pk, "education", ROWS, expected_version=None)
    assert stored(draft)[0] == ["basic"]
    placed = actions.place_attachment(applicant, draft.pk, "basic", "idcard", scan(applicant))
    assert stored(draft)[0] == []
    assert_current(draft)
    actions.remove_attachment(applicant, draft.pk, placed.pk)
    assert stored(draft)[0] == ["basic"]
    assert_current(draft)


def test_a_file_in_an_optional_slot_or_a_second_file_changes_nothing_stored_wrongly(
    filled: Application,
) -> None:
    applicant = filled.applicant
    second = actions.store_attachment(
        applicant, CheckedUpload(make_png(color="blue"), "png", "背面.png")
    )
    placed = actions.place_attachment(applicant, filled.pk, "basic", "idcard", second)
    assert stored(filled)[0] == []
    actions.remove_attachment(applicant, filled.pk, placed.pk)
    # One file is still in the required slot: still complete.
    assert stored(filled)[0] == []
    assert_current(filled)


def test_rows_of_a_repeatable_section_added_and_removed(filled: Application) -> None:
    applicant = filled.applicant
    two = {"rows": [{"school": "新疆大学", "years": 4}, {"school": "北京大学", "years": 3}]}
    actions.save_section(applicant, filled.pk, "education", two, expected_version=None)
    assert stored(filled)[0] == []
    actions.save_section(applicant, filled.pk, "education", ROWS, expected_version=None)
    assert stored(filled)[0] == []
    assert_current(filled)


def test_the_units_own_section_never_counts(submitted: Application, unit_admin: User) -> None:
    before = stored(submitted)
    recommend(submitted, unit_admin)
    review_actions.save_comment(unit_admin, submitted.pk, "basic", "请核对")
    assert stored(submitted) == before == ([], submitted.template.revision)
    assert "recommendation" not in completeness.status(
        template_version(submitted.template).sections, {}, set()
    )


def test_a_copy_of_last_years_application_stores_what_it_carried(
    last_year: Application,  # noqa: F811
    applicant: User,
    title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
    chain_world: ReviewCommittee,
) -> None:
    app = actions.create_application(
        applicant, title=title, specialty=specialty, unit=unit_a, copy_from=last_year.pk
    )
    # 身份证 and 性别 carried, 参加工作时间 did not; a row of 学历学位 lost its 学制 (9 is over
    # this year's 8): both sections are incomplete, as the rows say.
    assert SlotFile.objects.filter(application=app, slot_key="idcard").exists()
    assert stored(app)[0] == ["basic", "education"]
    assert_current(app)


def test_a_change_of_qualification_to_a_newer_template_computes_it_afresh(
    filled: Application, hr_admin: User, template: FormTemplate, specialty: Specialty
) -> None:
    newer = catalog_templates.copy_template(hr_admin, template.pk)
    catalog_templates.save_section(
        hr_admin,
        newer.pk,
        catalog_templates.SectionData(position=4, key="awards", title="获奖情况"),
        [catalog_templates.FieldData(1, "award", "奖项", required=True)],
        [],
    )
    newer.refresh_from_db()
    catalog_templates.save_template_facts(
        hr_admin,
        newer.pk,
        name=newer.name,
        is_published=True,
        version=catalog_templates.stale.token(newer),
    )
    senior = Title.objects.create(
        series=filled.series, level=Level.ASSOCIATE_SENIOR, name="副研究员"
    )
    CommitteeScope.objects.create(
        committee=filled.committee, series=filled.series, level=Level.ASSOCIATE_SENIOR
    )
    app = actions.change_qualification(
        filled.applicant,
        filled.pk,
        title=senior,
        specialty=specialty,
        committee=None,
        expected_version=filled.version,
    )
    assert app.template_id == newer.pk
    assert stored(app)[0] == ["awards"]
    assert_current(app)


# --- template edits: the revision ------------------------------------------------------------


def test_every_template_write_bumps_its_revision_and_the_cache_follows(
    hr_admin: User, template: FormTemplate
) -> None:
    first = template_version(template)
    assert template_version(FormTemplate.objects.get(pk=template.pk)) is first
    catalog_templates.save_section(
        hr_admin,
        template.pk,
        catalog_templates.SectionData(position=4, key="awards", title="获奖情况"),
        [],
        [],
    )
    catalog_templates.save_template_facts(
        hr_admin,
        template.pk,
        name="新名称",
        is_published=True,
        version=catalog_templates.stale.token(FormTemplate.objects.get(pk=template.pk)),
    )
    now = FormTemplate.objects.get(pk=template.pk)
    assert now.revision == template.revision + 2
    assert [s.key for s in template_version(now).sections] == [
        "basic",
        "education",
        "recommendation",
        "awards",
    ]
    assert [s.key for s in first.sections] == ["basic", "education", "recommendation"]


def test_a_template_in_use_is_copied_and_keeps_its_revision(
    hr_admin: User, draft: Application, template: FormTemplate
) -> None:
    section = catalog_templates.save_section(
        hr_admin,
        template.pk,
        catalog_templates.SectionData(position=4, key="awards", title="获奖情况"),
        [],
        [],
    )
    assert section.template_id != template.pk
    assert FormTemplate.objects.get(pk=template.pk).revision == template.revision
    assert_current(draft)


def test_a_required_section_added_in_place_is_caught_at_submission(
    filled: Application,
) -> None:
    """An in-place edit (as when an application was made while the template was being
    edited): the stored "complete" is for an older revision, so 提交 computes afresh."""
    assert stored(filled)[0] == []
    awards = TemplateSection.objects.create(
        template=filled.template, position=4, key="awards", title="获奖情况"
    )
    TemplateField.objects.create(section=awards, position=1, key="award", label="奖项")
    bump_revision(filled.template_id)
    with pytest.raises(Refused, match="以下栏目尚未填写完整：4 获奖情况"):
        actions.submit(filled.applicant, filled.pk, expected_version=None)
    assert Application.objects.get(pk=filled.pk).status == Status.DRAFT
    actions.save_section(filled.applicant, filled.pk, "awards", {}, expected_version=None)
    assert_current(filled)
    assert actions.submit(filled.applicant, filled.pk, expected_version=None).status == (
        Status.IN_REVIEW
    )


def test_stale_incomplete_state_never_refuses_a_complete_application(
    draft: Application,
) -> None:
    """Rows written past the actions (a data fix, a script) leave the stored state saying
    "incomplete": 提交 computes afresh, submits, and stores the truth."""
    SectionData.objects.create(application=draft, key="basic", data=BASIC, is_complete=True)
    SectionData.objects.create(application=draft, key="education", data=ROWS, is_complete=True)
    SlotFile.objects.create(
        application=draft, section_key="basic", slot_key="idcard", attachment=scan(draft.applicant)
    )
    assert stored(draft)[0] == ["basic", "education"]
    app = actions.submit(draft.applicant, draft.pk, expected_version=None)
    assert app.status == Status.IN_REVIEW
    assert_current(draft)


def test_an_incomplete_application_is_refused_with_the_sections_named(
    client: Client, draft: Application
) -> None:
    actions.save_section(draft.applicant, draft.pk, "basic", BASIC, expected_version=None)
    signed_in(client, draft.applicant)
    response = client.post(
        reverse("applications:submit", args=[draft.pk]), {"version": fresh(draft).version}
    )
    assert "以下栏目尚未填写完整：1 基本信息、2 学历学位情况" in text(
        client.get(response["Location"])
    )
    assert fresh(draft).status == Status.DRAFT


def fresh(app: Application) -> Application:
    return Application.objects.get(pk=app.pk)


# --- what 提交 reads -------------------------------------------------------------------------

UNREAD = (
    "catalog_formtemplate",  # joined to the lock, never read on its own
    "catalog_templatesection",
    "catalog_templatefield",
    "catalog_attachmentslot",
    "applications_sectiondata",
    "applications_slotfile",
)


def test_submitting_reads_no_template_section_or_file_rows(filled: Application) -> None:
    with CaptureQueriesContext(connection) as ctx:
        actions.submit(filled.applicant, filled.pk, expected_version=None)
    read = [q["sql"] for q in ctx.captured_queries]
    assert not [sql for sql in read if any(f'FROM "{table}"' in sql for table in UNREAD)]
    assert fresh(filled).status == Status.IN_REVIEW


def test_saving_a_section_costs_the_same_with_more_rows_saved(draft: Application) -> None:
    def counted() -> int:
        with CaptureQueriesContext(connection) as ctx:
            actions.save_section(draft.applicant, draft.pk, "basic", BASIC, expected_version=None)
        return len(ctx.captured_queries)

    counted()  # the first save inserts the row; measure saves that change it
    one = counted()
    actions.save_section(draft.applicant, draft.pk, "education", ROWS, expected_version=None)
    actions.place_attachment(draft.applicant, draft.pk, "basic", "idcard", scan(draft.applicant))
    assert counted() == one


# --- the data migration ------------------------------------------------------------------------


def test_the_migration_fills_the_stored_state_of_existing_applications(
    filled: Application, draft_of_another: Application
) -> None:
    Application.objects.update(incomplete_keys=[], completeness_revision=0)
    migration = importlib.import_module("applications.migrations.0005_fill_completeness")
    migration.fill(registry, None)
    assert_current(filled)
    assert_current(draft_of_another)
    assert stored(draft_of_another)[0] == ["basic", "education"]


@pytest.fixture
def draft_of_another(
    chain_world: ReviewCommittee, title: Title, specialty: Specialty, unit_a: BaseUnit
) -> Application:
    from testing.people import make_user

    person = make_user("another", "applicant", real_name="另一人", id_number="650102199001010026")
    return actions.create_application(person, title=title, specialty=specialty, unit=unit_a)
