"""Writing authors (users), tags, categories and previews of add-ons.

Each of these is a set per add-on. Where the sources state a set, the
stored one is made equal to it: missing rows are added, changed ones
updated and the rest removed. Where no source states one, the stored set
is left alone.

Users are recognised by their AMO user id (User.amo_id). A user needs a
unique email and username, so a source's value is used only when it is
valid and free. Otherwise the user gets a stable placeholder made from the
AMO id: `amo-user-<id>@users.invalid` and `amo-user-<id>`. The .invalid
domain is reserved and never receives mail. A stored user keeps the email
and username it has, since people sign in with them.
"""

import datetime
import re
import unicodedata
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models

from amo.addons.models import Addon, AddonUser, Category, Preview, Tag
from amo.catalogue.importer.bulk import Counts, assign, fetch_in, save_rows
from amo.catalogue.importer.context import WriteContext
from amo.catalogue.importer.merge import MergedAddon
from amo.catalogue.importer.records import AuthorRecord, Report
from amo.core.constants import AuthorRole
from amo.users.models import User

CATEGORY_MISSING = "category row is missing from the database: left out"
USERNAME_MAX_LENGTH = 150
DISPLAY_NAME_MAX_LENGTH = 100
_USERNAME = re.compile(r"^[\w.@+-]+$", re.ASCII)


def placeholder_email(amo_id: int) -> str:
    return f"amo-user-{amo_id}@users.invalid"


def placeholder_username(amo_id: int) -> str:
    return f"amo-user-{amo_id}"


def _valid_email(email: str | None) -> str | None:
    if not email or len(email) > 254:
        return None
    try:
        validate_email(email)
    except ValidationError:
        return None
    return email


def write_authors(context: WriteContext, addons: list[MergedAddon]) -> None:
    """Create the authors' users and link them to their add-ons."""
    authors: dict[int, AuthorRecord] = {}
    for addon in addons:
        for author in addon.authors:
            known = authors.get(author.amo_id)
            # The same person may author several add-ons; the newest
            # details win.
            if known is None or _observed(author) >= _observed(known):
                authors[author.amo_id] = author
    users = _write_users(context, authors)

    indexes = [index for index, addon in enumerate(addons) if addon.authors]
    addon_ids = [context.rows[index].pk for index in indexes]
    stored = fetch_in(AddonUser.objects.using(context.using), "addon_id", addon_ids)
    by_key = {(row.addon_id, row.user_id): row for row in stored}
    new: list[AddonUser] = []
    changed: list[AddonUser] = []
    for index in indexes:
        addon_id = context.rows[index].pk
        for position, author in enumerate(addons[index].authors):
            values = {
                "role": author.role or AuthorRole.OWNER,
                "listed": True if author.listed is None else author.listed,
                "position": author.position
                if author.position is not None
                else position,
            }
            user_id = users[author.amo_id].pk
            row = by_key.pop((addon_id, user_id), None)
            if row is None:
                new.append(AddonUser(addon_id=addon_id, user_id=user_id, **values))
            elif assign(row, values):
                changed.append(row)
    counts = context.stats.authors
    save_rows(
        AddonUser, new, changed, ["role", "listed", "position"], context.using, counts
    )
    _delete(AddonUser, [row.pk for row in by_key.values()], context, counts)


def _observed(author: AuthorRecord) -> datetime.datetime:
    return author.observed or datetime.datetime.min.replace(tzinfo=datetime.UTC)


def _write_users(
    context: WriteContext, authors: dict[int, AuthorRecord]
) -> dict[int, User]:
    manager = User.objects.using(context.using)
    # The users were looked up by amo_id, so each one has it.
    stored: dict[int, User] = {
        user.amo_id: user
        for user in fetch_in(manager, "amo_id", authors)
        if user.amo_id is not None
    }
    # Emails and usernames compare without case, as MariaDB's unique
    # indexes do.
    emails = {email.lower() for email in manager.values_list("email", flat=True)}
    usernames = {name.lower() for name in manager.values_list("username", flat=True)}

    new: list[User] = []
    changed: list[User] = []
    for amo_id, author in sorted(authors.items()):
        values: dict[str, object] = {}
        if author.display_name:
            values["display_name"] = author.display_name[:DISPLAY_NAME_MAX_LENGTH]
        if author.homepage and len(author.homepage) <= 255:
            values["homepage"] = author.homepage
        if author.biography:
            values["biography"] = author.biography
        if author.deleted is not None:
            values["deleted"] = author.deleted
            values["is_active"] = not author.deleted
        user = stored.get(amo_id)
        if user is not None:
            if assign(user, values):
                changed.append(user)
            continue
        email = _valid_email(author.email)
        if email is None or email.lower() in emails:
            email = placeholder_email(amo_id)
        username = _username(author.username)
        if username is None or username.lower() in usernames:
            username = placeholder_username(amo_id)
        emails.add(email.lower())
        usernames.add(username.lower())
        user = User(amo_id=amo_id, email=email, username=username, **values)
        if author.created is not None:
            user.created = author.created
        user.set_unusable_password()
        stored[amo_id] = user
        new.append(user)
    fields = ["display_name", "homepage", "biography", "deleted", "is_active"]
    save_rows(User, new, changed, fields, context.using, context.stats.users)
    context.progress(f"  users: {context.stats.users}")
    return stored


def _username(value: str | None) -> str | None:
    if not value or len(value) > USERNAME_MAX_LENGTH or not _USERNAME.match(value):
        return None
    return value


def tag_key(text: str) -> str:
    """Compare tags as MariaDB's utf8mb4_unicode_ci does, near enough.

    That collation ignores case and accents, so "Café" and "cafe" are one
    row there; folding both here keeps the inserts from colliding.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(
        char for char in decomposed if not unicodedata.combining(char)
    ).strip()


def write_tags(context: WriteContext, addons: list[MergedAddon]) -> None:
    indexes = [index for index, addon in enumerate(addons) if addon.tags is not None]
    texts: dict[str, str] = {}
    for index in indexes:
        for text in addons[index].tags or []:
            texts.setdefault(tag_key(text), text)

    tags = Tag.objects.using(context.using)
    tag_ids = {tag_key(tag.tag_text): tag.pk for tag in tags.all()}
    missing = {key: text for key, text in texts.items() if key not in tag_ids}
    # Should the database's collation still find two of them equal, the
    # second insert is skipped instead of failing the whole import.
    before = tags.count()
    tags.bulk_create(
        [Tag(tag_text=text) for text in missing.values()],
        batch_size=1000,
        ignore_conflicts=True,
    )
    context.stats.tags.created += tags.count() - before
    # Inserts that ignore conflicts return no ids, so they are read back.
    stored = fetch_in(tags, "tag_text", missing.values())
    tag_ids.update({tag_key(tag.tag_text): tag.pk for tag in stored})
    for key, text in missing.items():
        if key not in tag_ids:
            # The database's collation matched another spelling: ask it.
            found = tags.filter(tag_text=text).values_list("pk", flat=True).first()
            if found is not None:
                tag_ids[key] = found

    desired = {
        context.rows[index].pk: {
            tag_ids[tag_key(text)]
            for text in addons[index].tags or []
            if tag_key(text) in tag_ids
        }
        for index in indexes
    }
    _sync_links(
        context, Addon.tags.through, "tag_id", desired, context.stats.addon_tags
    )


def write_categories(context: WriteContext, addons: list[MergedAddon]) -> None:
    categories = {
        (row.application, row.type, row.slug): row.pk
        for row in Category.objects.using(context.using).all()
    }
    desired: dict[int, set[int]] = {}
    for index, addon in enumerate(addons):
        if addon.categories is None:
            continue
        row = context.rows[index]
        ids = set()
        for application, slugs in addon.categories.items():
            for slug in slugs:
                category_id = categories.get((application, row.type, slug))
                if category_id is None:
                    record = addon.records[-1]
                    context.reports.append(
                        Report(
                            record.path,
                            record.position,
                            CATEGORY_MISSING,
                            level="dropped",
                            detail=f"{slug} for application {application}",
                        )
                    )
                else:
                    ids.add(category_id)
        desired[row.pk] = ids
    _sync_links(
        context,
        Addon.categories.through,
        "category_id",
        desired,
        context.stats.addon_categories,
    )


def _sync_links(
    context: WriteContext,
    through: type[models.Model],
    target: str,
    desired: dict[int, set[int]],
    counts: Counts,
) -> None:
    """Make the many-to-many rows of each add-on in `desired` equal its set."""
    stored = fetch_in(
        through._default_manager.using(context.using), "addon_id", desired
    )
    existing: dict[int, dict[int, int]] = {}
    for row in stored:
        through_row = cast(Any, row)
        existing.setdefault(through_row.addon_id, {})[getattr(row, target)] = row.pk
    new: list[models.Model] = []
    stale: list[int] = []
    for addon_id, targets in desired.items():
        have = existing.get(addon_id, {})
        new.extend(
            through(addon_id=addon_id, **{target: target_id})
            for target_id in sorted(targets - have.keys())
        )
        stale.extend(pk for target_id, pk in have.items() if target_id not in targets)
    through._default_manager.using(context.using).bulk_create(new, batch_size=1000)
    counts.created += len(new)
    _delete(through, stale, context, counts)


def _delete(
    model: type[models.Model], pks: list[int], context: WriteContext, counts: Counts
) -> None:
    if pks:
        for start in range(0, len(pks), 900):
            model._default_manager.using(context.using).filter(
                pk__in=pks[start : start + 900]
            ).delete()
        counts.deleted += len(pks)


def write_previews(context: WriteContext, addons: list[MergedAddon]) -> None:
    """Keep each add-on's previews in the sources' order, by position.

    A stored preview with an image file was uploaded to amo and is kept;
    the others are the importer's and follow the sources.
    """
    indexes = [
        index for index, addon in enumerate(addons) if addon.previews is not None
    ]
    addon_ids = [context.rows[index].pk for index in indexes]
    stored = fetch_in(Preview.objects.using(context.using), "addon_id", addon_ids)
    by_position: dict[tuple[int, int], Preview] = {}
    for preview in sorted(stored, key=lambda row: row.pk):
        if not preview.image:
            by_position.setdefault((preview.addon_id, preview.position), preview)

    new: list[Preview] = []
    changed: list[Preview] = []
    for index in indexes:
        addon_id = context.rows[index].pk
        for source in addons[index].previews or []:
            if not source.image_source_url and not source.thumbnail_source_url:
                continue
            values = {
                "caption": source.caption,
                "image_source_url": source.image_source_url[:500],
                "thumbnail_source_url": source.thumbnail_source_url[:500],
                "sizes": source.sizes,
            }
            row = by_position.pop((addon_id, source.position), None)
            if row is None:
                new.append(
                    Preview(addon_id=addon_id, position=source.position, **values)
                )
            elif assign(row, values):
                changed.append(row)
    counts = context.stats.previews
    fields = ["caption", "image_source_url", "thumbnail_source_url", "sizes"]
    save_rows(Preview, new, changed, fields, context.using, counts)
    _delete(Preview, [row.pk for row in by_position.values()], context, counts)
