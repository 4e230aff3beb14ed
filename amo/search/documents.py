"""Search documents and keys: built from the add-ons, written in batches.

Every change to an add-on's names, summaries, slug, guid, tags or authors
calls `refresh` with the ids it touched, in its own transaction, so the
document commits with the change. `rebuild` refreshes every add-on; the
`search.reindex` job and `amo reindex` run it.

Documents are written most popular first (average daily users), because
MariaDB returns full-text matches in the order their rows were written,
and a search that matches more than amo.search.queries.MAX_CANDIDATES
add-ons keeps the first ones. A document refreshed on its own is written
after all others, so it keeps that place among broad matches only until
the next rebuild.
"""

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import structlog
from django.db import connections, transaction

from amo.addons.models import Addon, AddonUser
from amo.search import text
from amo.search.backends import backend_for
from amo.search.models import KeyKind, SearchDocument, SearchKey

log = structlog.get_logger(__name__)

# Add-ons read and written per transaction.
BATCH_SIZE = 1000
KEY_LENGTH = SearchKey._meta.get_field("value").max_length or 255


@dataclass
class Document:
    """The stored form of one add-on: its document and its keys."""

    addon_id: int
    names: str
    body: str
    name_terms: int
    # Value to kind: each value once, with the first kind that gives it.
    keys: dict[str, int] = field(default_factory=dict)


def build_document(addon: Addon, tags: list[str], authors: list[str]) -> Document:
    """Return the search document of `addon`, with its tags and authors."""
    names = [name for name in (addon.name or {}).values() if name]
    name_words = [text.split_words(name) for name in names]
    name_words = [words for words in name_words if words]
    slug_words = text.split_words(addon.slug or "")
    guid_words = text.split_words(addon.guid or "")

    keys: dict[str, int] = {}

    def add_key(kind: int, words: list[str], joiner: str) -> None:
        keys.setdefault(joiner.join(words)[:KEY_LENGTH], kind)

    indexed_names: list[str] = []
    for words in name_words:
        indexed_names.extend(words)
        add_key(KeyKind.NAME, words, " ")
        if len(words) > 1:
            # "Adblock Plus" is also found as "adblockplus".
            indexed_names.append("".join(words))
            add_key(KeyKind.NAME, words, "")
    indexed_names.extend(slug_words)
    if slug_words:
        add_key(KeyKind.SLUG, slug_words, " ")
    if guid_words:
        add_key(KeyKind.GUID, guid_words, " ")

    body_words: list[str] = []
    for value in [*(addon.summary or {}).values(), *tags, *authors]:
        body_words.extend(text.split_words(value))
    body_words.extend(guid_words)

    name_terms = min(
        (sum(text.term_count(word) for word in words) for words in name_words),
        default=1,
    )
    return Document(
        addon_id=addon.pk,
        names=" ".join(text.document_tokens(indexed_names)),
        body=" ".join(text.document_tokens(body_words)),
        name_terms=min(name_terms, 32767),
        keys=keys,
    )


def _by_popularity(ids: set[int], using: str) -> list[int]:
    """Return `ids` most popular first; ids of no add-on come last."""
    if len(ids) < 2:
        return list(ids)
    users: dict[int, int] = {}
    for batch in _batches(sorted(ids), BATCH_SIZE):
        users.update(
            Addon.objects.using(using)
            .filter(pk__in=batch)
            .values_list("pk", "average_daily_users")
        )
    return sorted(ids, key=lambda pk: (pk not in users, -users.get(pk, 0), pk))


def _compact(using: str) -> None:
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(backend_for(connection.vendor).compact_sql)
        # OPTIMIZE TABLE answers with rows that must be read.
        if cursor.description:
            cursor.fetchall()


def _batches(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _build_batch(ids: list[int], using: str) -> list[Document]:
    """Return the documents of the add-ons `ids`, most popular first."""
    addons = (
        Addon.objects.using(using)
        .filter(pk__in=ids)
        .only("id", "slug", "guid", "name", "summary")
        .order_by("-average_daily_users", "id")
    )
    tags: dict[int, list[str]] = defaultdict(list)
    through = Addon.tags.through.objects.using(using)
    for addon_id, tag in through.filter(addon_id__in=ids).values_list(
        "addon_id", "tag__tag_text"
    ):
        tags[addon_id].append(tag)
    authors: dict[int, list[str]] = defaultdict(list)
    for addon_id, display_name, username in (
        AddonUser.objects.using(using)
        .filter(addon_id__in=ids, listed=True)
        .order_by("position", "id")
        .values_list("addon_id", "user__display_name", "user__username")
    ):
        authors[addon_id].append(display_name or username)
    return [
        build_document(addon, tags[addon.pk], authors[addon.pk]) for addon in addons
    ]


def _write_keys(ids: list[int], documents: list[Document], using: str) -> None:
    """Store the keys of `documents`, deleting and adding only changes."""
    keys = SearchKey.objects.using(using)
    stored: dict[tuple[int, str], tuple[int, int]] = {
        (addon_id, value): (pk, kind)
        for pk, addon_id, value, kind in keys.filter(addon_id__in=ids).values_list(
            "pk", "addon_id", "value", "kind"
        )
    }
    wanted = {
        (document.addon_id, value): kind
        for document in documents
        for value, kind in document.keys.items()
    }
    stale = [pk for key, (pk, kind) in stored.items() if wanted.get(key) != kind]
    if stale:
        keys.filter(pk__in=stale).delete()
    keys.bulk_create(
        (
            SearchKey(addon_id=addon_id, value=value, kind=kind)
            for (addon_id, value), kind in wanted.items()
            if stored.get((addon_id, value), (0, 0))[1] != kind
        ),
        batch_size=BATCH_SIZE,
    )


def _write_batch(ids: list[int], documents: list[Document], using: str) -> None:
    with transaction.atomic(using=using):
        # Documents are written again even when unchanged: a rebuild puts
        # them back in popularity order.
        SearchDocument.objects.using(using).filter(addon_id__in=ids).delete()
        _write_keys(ids, documents, using)
        # In the order given, which is the order MariaDB returns matches in.
        SearchDocument.objects.using(using).bulk_create(
            SearchDocument(
                addon_id=document.addon_id,
                names=document.names,
                body=document.body,
                name_terms=document.name_terms,
            )
            for document in documents
        )


def refresh(addon_ids: Iterable[int], *, using: str = "default") -> int:
    """Rebuild the search documents of `addon_ids`; return how many.

    Ids of add-ons that no longer exist lose their document. The writes
    join the caller's transaction when there is one.
    """
    ids = _by_popularity({int(addon_id) for addon_id in addon_ids}, using)
    written = 0
    for batch in _batches(ids, BATCH_SIZE):
        documents = _build_batch(batch, using)
        _write_batch(batch, documents, using)
        written += len(documents)
    return written


def rebuild(
    *,
    using: str = "default",
    batch_size: int = BATCH_SIZE,
    progress: Callable[[str], None] = lambda message: None,
) -> int:
    """Rebuild the search document of every add-on; return how many.

    Each batch commits on its own, so searches keep working while it runs
    and a rebuild that stops midway has refreshed whole batches. At the
    end the full-text index is compacted (backends.FullTextBackend).
    """
    started = time.perf_counter()
    ids = list(
        Addon.objects.using(using)
        .order_by("-average_daily_users", "pk")
        .values_list("pk", flat=True)
    )
    written = 0
    for batch in _batches(ids, batch_size):
        documents = _build_batch(batch, using)
        _write_batch(batch, documents, using)
        written += len(documents)
        progress(f"{written} of {len(ids)} search documents rebuilt")
    _compact(using)
    log.info(
        "search documents rebuilt",
        documents=written,
        seconds=round(time.perf_counter() - started, 2),
    )
    return written
