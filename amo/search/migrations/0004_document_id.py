"""Give search documents an id of their own, in popularity order.

MariaDB returns full-text matches in the order of the documents' rows,
and OPTIMIZE TABLE, which compacts the full-text index, copies the rows
in primary key order. With the add-on's id as primary key that copy lost
the most-popular-first order; a growing id keeps it.

The documents move to a new table, most popular first, then the old table
with its full-text index goes and the new one takes its name and gets the
index (the statements of migration 0002, copied here).
"""

import django.db.models.deletion
from django.db import migrations, models

MYSQL_INDEXES = (
    "ALTER TABLE search_documents "
    "ADD FULLTEXT INDEX search_document_names (names), "
    "ADD FULLTEXT INDEX search_document_text (names, body)",
)
SQLITE_INDEX = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(names, body, "
    "content='search_documents', content_rowid='addon_id', "
    "tokenize=\"unicode61 remove_diacritics 0 tokenchars '_'\")",
    "CREATE TRIGGER search_documents_insert AFTER INSERT ON search_documents "
    "BEGIN INSERT INTO search_fts(rowid, names, body) "
    "VALUES (new.addon_id, new.names, new.body); END",
    "CREATE TRIGGER search_documents_delete AFTER DELETE ON search_documents "
    "BEGIN INSERT INTO search_fts(search_fts, rowid, names, body) "
    "VALUES ('delete', old.addon_id, old.names, old.body); END",
    "CREATE TRIGGER search_documents_update AFTER UPDATE ON search_documents "
    "BEGIN INSERT INTO search_fts(search_fts, rowid, names, body) "
    "VALUES ('delete', old.addon_id, old.names, old.body); "
    "INSERT INTO search_fts(rowid, names, body) "
    "VALUES (new.addon_id, new.names, new.body); END",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
)
SQLITE_DROP_INDEX = (
    "DROP TRIGGER IF EXISTS search_documents_update",
    "DROP TRIGGER IF EXISTS search_documents_delete",
    "DROP TRIGGER IF EXISTS search_documents_insert",
    "DROP TABLE IF EXISTS search_fts",
)
MYSQL_DROP_INDEXES = (
    "ALTER TABLE search_documents DROP INDEX search_document_text, "
    "DROP INDEX search_document_names",
)
COLUMNS = "addon_id, names, body, name_terms, modified"
COPY = (
    f"INSERT INTO search_documents_new ({COLUMNS}) "
    "SELECT d.addon_id, d.names, d.body, d.name_terms, d.modified "
    "FROM search_documents d INNER JOIN addons a ON a.id = d.addon_id "
    "ORDER BY a.average_daily_users DESC, a.id"
)
COPY_BACK = (
    f"INSERT INTO search_documents ({COLUMNS}) "
    f"SELECT {COLUMNS} FROM search_documents_new"
)


def _check(vendor):
    if vendor not in ("mysql", "sqlite"):
        raise RuntimeError(
            f"amo.search has no full-text index for the {vendor} database: "
            "use MariaDB or SQLite."
        )


def copy_documents(apps, schema_editor):
    _check(schema_editor.connection.vendor)
    schema_editor.execute(COPY)
    if schema_editor.connection.vendor == "sqlite":
        # Dropping the old table would fire its delete trigger for each
        # row, into an index that the new table rebuilds anyway.
        for statement in SQLITE_DROP_INDEX:
            schema_editor.execute(statement)


def copy_documents_back(apps, schema_editor):
    _check(schema_editor.connection.vendor)
    schema_editor.execute(COPY_BACK)
    create_index(apps, schema_editor)


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _check(vendor)
    for statement in MYSQL_INDEXES if vendor == "mysql" else SQLITE_INDEX:
        schema_editor.execute(statement)


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _check(vendor)
    for statement in MYSQL_DROP_INDEXES if vendor == "mysql" else SQLITE_DROP_INDEX:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("addons", "0004_categories"),
        ("search", "0003_drop_key_kind_index"),
    ]

    # Every step but the copy is DDL, which MariaDB cannot run inside a
    # transaction; so the migration is not atomic as a whole.
    atomic = False

    operations = [
        migrations.CreateModel(
            name="NewSearchDocument",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                (
                    "addon",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="addons.addon",
                    ),
                ),
                ("names", models.TextField()),
                ("body", models.TextField()),
                ("name_terms", models.PositiveSmallIntegerField(default=1)),
                ("modified", models.DateTimeField(auto_now=True)),
            ],
            options={"db_table": "search_documents_new"},
        ),
        migrations.RunPython(copy_documents, copy_documents_back),
        migrations.DeleteModel(name="SearchDocument"),
        migrations.RenameModel(old_name="NewSearchDocument", new_name="SearchDocument"),
        migrations.AlterModelTable(name="searchdocument", table="search_documents"),
        migrations.AlterField(
            model_name="searchdocument",
            name="addon",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="search_document",
                to="addons.addon",
            ),
        ),
        migrations.RunPython(create_index, drop_index),
    ]
