"""Small helpers for batched writes and change detection."""

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db import models
from django.utils import timezone

# Rows per INSERT or UPDATE statement. Add-on rows carry long descriptions,
# so batches stay well under MariaDB's default 16 MB packet.
BATCH_SIZE = 500
# Ids per `IN (...)` list, below SQLite's limit on bound parameters.
IN_CHUNK = 900


def chunks[T](items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def fetch_in[M: models.Model](
    queryset: "models.QuerySet[M]", field: str, values: Iterable[Any]
) -> list[M]:
    """Return the rows of `queryset` whose `field` is in `values`, chunked."""
    ordered = sorted(set(values))
    rows: list[M] = []
    for chunk in chunks(ordered, IN_CHUNK):
        rows.extend(queryset.filter(**{f"{field}__in": chunk}))
    return rows


def assign(instance: models.Model, values: dict[str, Any]) -> bool:
    """Set `values` on `instance` and return whether any of them changed."""
    changed = False
    for field, value in values.items():
        if getattr(instance, field) != value:
            setattr(instance, field, value)
            changed = True
    return changed


@dataclasses.dataclass
class Counts:
    """How many rows of one kind were created, updated and deleted."""

    created: int = 0
    updated: int = 0
    deleted: int = 0

    def __str__(self) -> str:
        text = f"{self.created} created, {self.updated} updated"
        return f"{text}, {self.deleted} deleted" if self.deleted else text


def save_rows[M: models.Model](
    model: type[M],
    new: list[M],
    changed: list[M],
    fields: Sequence[str],
    using: str,
    counts: Counts,
) -> None:
    """Insert `new` and update `fields` of `changed`, in batches.

    Rows with a `modified` column get the current time, which bulk writes
    do not set by themselves.
    """
    has_modified = any(field.name == "modified" for field in model._meta.fields)
    if has_modified:
        now = timezone.now()
        for row in [*new, *changed]:
            row.modified = now  # type: ignore[attr-defined]
    if new:
        model._default_manager.using(using).bulk_create(new, batch_size=BATCH_SIZE)
        if any(row.pk is None for row in new):
            raise RuntimeError(
                f"the database did not return the ids of new {model.__name__} "
                "rows: amo needs SQLite 3.35 or MariaDB 10.5 or newer"
            )
    if changed:
        update_fields = [*fields, "modified"] if has_modified else list(fields)
        model._default_manager.using(using).bulk_update(
            changed, update_fields, batch_size=BATCH_SIZE
        )
    counts.created += len(new)
    counts.updated += len(changed)
