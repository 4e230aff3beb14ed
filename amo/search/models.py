from django.db import models

from amo.addons.models import Addon


class SearchDocument(models.Model):
    """The indexed text of one add-on, rebuilt by `documents.refresh`.

    Both columns hold encoded tokens (amo.search.text). `names` has those
    of the names in every locale and of the slug; `body` those of the
    summaries, tags, author names and guid. MariaDB has a FULLTEXT index
    on names and one on names and body; SQLite has the FTS5 table
    search_fts, which triggers keep in step with this table (migration
    0004). A migration that rebuilds this table on SQLite drops those
    triggers and must create them again.

    The id grows with each write, and documents are written most popular
    first, so MariaDB's full-text matches, which come in the order of the
    documents' rows, come most popular first. OPTIMIZE TABLE copies the
    rows in id order and keeps that order.
    """

    id = models.BigAutoField(primary_key=True)
    addon = models.OneToOneField(
        Addon, on_delete=models.CASCADE, related_name="search_document"
    )
    names = models.TextField()
    body = models.TextField()
    # Terms of the shortest name (a word, or a bigram of spaceless text):
    # a query that covers more of a name ranks it higher.
    name_terms = models.PositiveSmallIntegerField(default=1)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "search_documents"

    def __str__(self) -> str:
        return f"Search document of add-on {self.addon_id}"


class KeyKind(models.IntegerChoices):
    NAME = 1, "name"
    SLUG = 2, "slug"
    GUID = 3, "guid"


class SearchKey(models.Model):
    """A normalised name, slug or guid of an add-on, for exact matches.

    A query whose key (amo.search.text.key) equals one of these ranks the
    add-on first. On MariaDB the column compares bytes (utf8mb4_bin,
    migration 0002), as Python compared the keys when it built them.
    """

    addon = models.ForeignKey(
        Addon, on_delete=models.CASCADE, related_name="search_keys"
    )
    value = models.CharField(max_length=255)
    kind = models.PositiveSmallIntegerField(choices=KeyKind.choices)

    class Meta:
        db_table = "search_keys"
        indexes = [
            models.Index(fields=["value"], name="search_key_value"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} key {self.value!r} of {self.addon_id}"
