"""The full-text indexes of search_documents, for the database in use.

MariaDB: FULLTEXT indexes (InnoDB, boolean mode) on names, and on names
and body together; search_keys.value compares bytes. InnoDB's stopword
list and minimum token size need no setting, because amo.search.text
encodes every token so that neither applies.

SQLite: the FTS5 table search_fts over search_documents (external
content, with rowid addon_id), kept in step by triggers on insert, update
and delete. `_` is a token character, as it is for MariaDB's parser.
"""

from django.db import migrations

MYSQL_FORWARDS = (
    "ALTER TABLE search_documents "
    "ADD FULLTEXT INDEX search_document_names (names), "
    "ADD FULLTEXT INDEX search_document_text (names, body)",
    "ALTER TABLE search_keys MODIFY `value` VARCHAR(255) "
    "CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL",
)
MYSQL_BACKWARDS = (
    "ALTER TABLE search_keys MODIFY `value` VARCHAR(255) NOT NULL",
    "ALTER TABLE search_documents DROP INDEX search_document_text, "
    "DROP INDEX search_document_names",
)

SQLITE_FORWARDS = (
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
)
SQLITE_BACKWARDS = (
    "DROP TRIGGER search_documents_update",
    "DROP TRIGGER search_documents_delete",
    "DROP TRIGGER search_documents_insert",
    "DROP TABLE search_fts",
)


def _run(schema_editor, statements_by_vendor):
    vendor = schema_editor.connection.vendor
    if vendor not in statements_by_vendor:
        raise RuntimeError(
            f"amo.search has no full-text index for the {vendor} database: "
            "use MariaDB or SQLite."
        )
    for statement in statements_by_vendor[vendor]:
        schema_editor.execute(statement)


def forwards(apps, schema_editor):
    _run(schema_editor, {"mysql": MYSQL_FORWARDS, "sqlite": SQLITE_FORWARDS})


def backwards(apps, schema_editor):
    _run(schema_editor, {"mysql": MYSQL_BACKWARDS, "sqlite": SQLITE_BACKWARDS})


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    # DDL, which MariaDB cannot run inside a transaction.
    operations = [migrations.RunPython(forwards, backwards, atomic=False)]
