"""Section completeness as stored state: which of the applicant's sections are not complete.

Whether a section is complete (`section_complete`) depends on the template (the section's
`required` flag, its required fields and required slots), on the section's saved data (its
`SectionData.is_complete`) and on the files placed in its slots. 提交 must not read all of that
under the row lock, so every step that changes one of them stores the result on the
application, in the same transaction and under the same lock: `incomplete_keys`, with the
template revision it was computed against in `completeness_revision`.

The writers, each through `refresh`:

- a section saved (`actions.save_section`, also what `autofill` does);
- a file placed in a slot or removed from it (`actions.place_attachment` / `remove_attachment`);
- 新增申请书, with or without 复制往年申请书, and 更改资格 (a new template, answers carried);
- a template edited in place: every write bumps the template's revision
  (`catalog.templates.bump_revision`), so the stored revision no longer matches and the
  state is computed again where it is next needed (提交 does so under its lock).

Sections the unit fills in (单位推荐意见) are not the applicant's and never count. 提交 trusts
the stored state only when it says "complete" at the template's current revision; anything
else is computed afresh from the rows, so a refusal names exactly the sections it always did.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from applications.models import Application, SectionData, SlotFile
from catalog.models import TemplateSection
from catalog.templates import TemplateVersion, template_version

Placed = Collection[tuple[str, str]]  # (section key, slot key) of every placed file


def section_complete(section: TemplateSection, saved: bool | None, placed: Placed) -> bool:
    """One applicant section: `saved` is its stored `is_complete` (None: never saved).

    Every required slot holds a file, and the saved data was complete; a section never saved
    counts only when it is optional with no required field (in a repeatable section required
    fields bind each row, so an optional table may have none).
    """
    slots_ok = all((section.key, s.key) in placed for s in section.slots.all() if s.required)
    if saved is None:
        has_required_fields = not section.repeatable and any(
            f.required for f in section.fields.all()
        )
        return slots_ok and not section.required and not has_required_fields
    return saved and slots_ok


def status(
    sections: Collection[TemplateSection], saved: Mapping[str, bool], placed: Placed
) -> dict[str, bool]:
    """Completeness per key of the applicant's sections, in the order given."""
    return {
        s.key: section_complete(s, saved.get(s.key), placed)
        for s in sections
        if not s.filled_by_unit
    }


def incomplete(version: TemplateVersion, saved: Mapping[str, bool], placed: Placed) -> list[str]:
    """The keys of the applicant's sections that are not complete, in the template's order."""
    return [key for key, ok in status(version.sections, saved, placed).items() if not ok]


def rows(app_id: int) -> tuple[dict[str, bool], set[tuple[str, str]]]:
    """What the application has saved and placed (two small queries)."""
    saved = dict(
        SectionData.objects.filter(application_id=app_id)
        .order_by()
        .values_list("key", "is_complete")
    )
    placed = set(
        SlotFile.objects.filter(application_id=app_id)
        .order_by()
        .values_list("section_key", "slot_key")
    )
    return saved, placed


def compute(app: Application) -> tuple[TemplateVersion, list[str]]:
    """The template version and the incomplete keys, computed afresh from the rows."""
    version = template_version(app.template)
    return version, incomplete(version, *rows(app.pk))


def refresh(app: Application) -> dict[str, object]:
    """Inside a step that holds the application's lock and has just changed what completeness
    depends on: set the stored state on `app` and return it as the columns to write (the
    caller writes them with its own update of the row)."""
    version, keys = compute(app)
    return put(app, version, keys)


def put(app: Application, version: TemplateVersion, keys: list[str]) -> dict[str, object]:
    app.incomplete_keys, app.completeness_revision = keys, version.revision
    return {"incomplete_keys": keys, "completeness_revision": version.revision}


def stored_complete(app: Application) -> bool:
    """True when the stored state says every section is complete at the template's current
    revision (`app.template` as read with the row). No query."""
    revision = app.completeness_revision
    return revision != 0 and revision == app.template.revision and not app.incomplete_keys
