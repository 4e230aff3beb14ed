"""Compare addons.guid_key byte by byte on MariaDB, as SQLite does.

Under the table's utf8mb4_unicode_ci, `tab-tämer@x`, `tab-tamer@x ` and
`tab-tamer@x` followed by a NUL all equal `tab-tamer@x`: the update
service offered that add-on's package to other guids, and the unique
index refused distinct guids. guid_key already holds the guid in lower
case, so a binary, no-pad collation keeps the lookups case-insensitive.
SQLite compares text with BINARY already, so it needs no change.
"""

from django.db import migrations

FORWARDS = (
    "ALTER TABLE addons MODIFY guid_key VARCHAR(255) "
    "CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NULL"
)
BACKWARDS = (
    "ALTER TABLE addons MODIFY guid_key VARCHAR(255) "
    "CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NULL"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "mysql":
        schema_editor.execute(FORWARDS)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "mysql":
        schema_editor.execute(BACKWARDS)


class Migration(migrations.Migration):
    dependencies = [("addons", "0006_addon_public_stats")]

    # DDL, which MariaDB cannot run inside a transaction.
    operations = [migrations.RunPython(forwards, backwards, atomic=False)]
