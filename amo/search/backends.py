"""The full-text engines behind one interface, chosen by database vendor.

Each backend writes a `Condition` (amo.search.query) in its engine's
syntax: MariaDB's MATCH ... AGAINST in boolean mode on the FULLTEXT
indexes of search_documents, or an FTS5 MATCH on search_fts in SQLite.
Tokens contain only `[0-9a-z_]` (amo.search.text), so no operator of
either syntax can reach the engine from the user's text; FTS5 tokens are
quoted all the same, so AND, OR, NOT and NEAR stay words.
"""

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Lookup

from amo.search.query import Condition, Term


class FullTextBackend:
    vendor = ""
    # Whether matches come back most popular first without an ORDER BY,
    # as MariaDB returns rows in the order documents were written.
    matches_in_popularity_order = False

    def query_string(self, condition: Condition) -> str:
        """Return the engine's query that requires every term."""
        raise NotImplementedError

    def match_sql(self, table: str, condition: Condition, quote: Any) -> str:
        """Return SQL that is true when the document in the row of `table`
        (an alias of search_documents) matches; it binds one %s, the
        query string."""
        raise NotImplementedError

    # A statement that merges the index into its compact form after a
    # rebuild, dropping what deleted documents left in it.
    compact_sql = ""


class MariaDBBackend(FullTextBackend):
    vendor = "mysql"
    matches_in_popularity_order = True
    # InnoDB keeps the words of deleted and rewritten documents in the
    # index until the table is rebuilt, so every rebuild of the documents
    # would add its size again to what queries read. MariaDB 10.11 copies
    # a table with FULLTEXT indexes to optimize it; reads go on meanwhile,
    # writes wait.
    compact_sql = "OPTIMIZE TABLE search_documents"

    def _term(self, term: Term) -> str:
        return term.token + ("*" if term.prefix else "")

    def query_string(self, condition: Condition) -> str:
        required = " ".join(f"+{self._term(term)}" for term in condition.terms)
        if not condition.otherwise:
            return required
        # Without "+", boolean mode needs any one of the top-level items.
        otherwise = " ".join(self._term(term) for term in condition.otherwise)
        return f"({required}) {otherwise}"

    def match_sql(self, table: str, condition: Condition, quote: Any) -> str:
        # Each column list is one FULLTEXT index (migration 0002).
        columns = ["names"] if condition.names_only else ["names", "body"]
        listed = ", ".join(f"{quote(table)}.{quote(column)}" for column in columns)
        match = f"MATCH ({listed}) AGAINST (%s IN BOOLEAN MODE)"
        if condition.drives:
            return match
        # MariaDB reads the full-text index first whenever a bare MATCH is
        # in WHERE. As an operand it is instead computed for each row that
        # the other conditions select, from one run of the full-text query.
        return f"({match}) + 0 > 0"


class SQLiteBackend(FullTextBackend):
    vendor = "sqlite"
    # FTS5 merges its index segments into one.
    compact_sql = "INSERT INTO search_fts(search_fts) VALUES ('optimize')"

    def _term(self, term: Term) -> str:
        return f'"{term.token}"' + (" *" if term.prefix else "")

    def query_string(self, condition: Condition) -> str:
        terms = " AND ".join(self._term(term) for term in condition.terms)
        if condition.otherwise:
            otherwise = " OR ".join(self._term(term) for term in condition.otherwise)
            terms = f"({terms}) OR {otherwise}"
        return f"names : ({terms})" if condition.names_only else terms

    def match_sql(self, table: str, condition: Condition, quote: Any) -> str:
        # search_fts shares its rowids with search_documents.addon_id.
        return (
            f"{quote(table)}.{quote('addon_id')} IN "
            "(SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"
        )


BACKENDS: dict[str, FullTextBackend] = {
    backend.vendor: backend for backend in (MariaDBBackend(), SQLiteBackend())
}


def backend_for(vendor: str) -> FullTextBackend:
    try:
        return BACKENDS[vendor]
    except KeyError:
        raise ImproperlyConfigured(
            f"amo.search has no full-text backend for the {vendor} database: "
            "use MariaDB or SQLite."
        ) from None


class Matches(Lookup):
    """`search_document__names__fulltext=condition`: the add-on's search
    document matches the Condition. Being a lookup, it joins
    search_documents with an inner join, so MariaDB reads the full-text
    index first.
    """

    lookup_name = "fulltext"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        backend = backend_for(connection.vendor)
        condition: Condition = self.rhs
        sql = backend.match_sql(self.lhs.alias, condition, connection.ops.quote_name)
        return sql, (backend.query_string(condition),)
