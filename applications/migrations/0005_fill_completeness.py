"""Fill the stored section completeness of existing applications (docs/adr/0036).

The same rule as `applications.completeness.section_complete`, written out here so that this
migration keeps meaning what it meant when it was written. One template is read once; the
section rows and placed files are read for a batch of applications at a time.
"""

from collections import defaultdict

from django.db import migrations

BATCH = 500


def _template(apps, template_id):
    TemplateSection = apps.get_model("catalog", "TemplateSection")
    sections = []
    for section in (
        TemplateSection.objects.filter(template_id=template_id)
        .prefetch_related("fields", "slots")
        .order_by("position")
    ):
        if section.filled_by_unit:
            continue
        sections.append(
            (
                section.key,
                section.required,
                not section.repeatable and any(f.required for f in section.fields.all()),
                [s.key for s in section.slots.all() if s.required],
            )
        )
    return sections


def _incomplete(sections, saved, placed):
    keys = []
    for key, required, has_required_fields, required_slots in sections:
        slots_ok = all((key, slot) in placed for slot in required_slots)
        if key not in saved:
            ok = slots_ok and not required and not has_required_fields
        else:
            ok = saved[key] and slots_ok
        if not ok:
            keys.append(key)
    return keys


def fill(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    SectionData = apps.get_model("applications", "SectionData")
    SlotFile = apps.get_model("applications", "SlotFile")
    FormTemplate = apps.get_model("catalog", "FormTemplate")
    revisions = dict(FormTemplate.objects.values_list("pk", "revision"))
    templates = {}
    ids = list(Application.objects.order_by("pk").values_list("pk", "template_id"))
    for start in range(0, len(ids), BATCH):
        chunk = dict(ids[start : start + BATCH])
        saved = defaultdict(dict)
        for app_id, key, complete in SectionData.objects.filter(
            application_id__in=list(chunk)
        ).values_list("application_id", "key", "is_complete"):
            saved[app_id][key] = complete
        placed = defaultdict(set)
        for app_id, section_key, slot_key in SlotFile.objects.filter(
            application_id__in=list(chunk)
        ).values_list("application_id", "section_key", "slot_key"):
            placed[app_id].add((section_key, slot_key))
        rows = []
        for app_id, template_id in chunk.items():
            if template_id not in templates:
                templates[template_id] = _template(apps, template_id)
            rows.append(
                Application(
                    pk=app_id,
                    incomplete_keys=_incomplete(
                        templates[template_id], saved[app_id], placed[app_id]
                    ),
                    completeness_revision=revisions[template_id],
                )
            )
        Application.objects.bulk_update(rows, ["incomplete_keys", "completeness_revision"])


class Migration(migrations.Migration):

    dependencies = [
        ("applications", "0004_stored_completeness"),
        ("catalog", "0004_template_revision"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
