"""On PostgreSQL, the audit table refuses UPDATE always and DELETE of rows younger than the
retention (audit/dbguard.py). Other databases: nothing to do (the model refuses both)."""

from django.db import migrations

from audit import dbguard
from audit.retention import retention_days


def install(apps, schema_editor):
    dbguard.install(schema_editor.connection, retention_days())


def uninstall(apps, schema_editor):
    dbguard.uninstall(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0002_region_and_admin_action"),
    ]

    operations = [
        migrations.RunPython(install, uninstall, elidable=False),
    ]
