"""State changes of collections: the only code that writes them.

Every action is a coroutine that runs its ORM work in one transaction in
the write thread (amo.core.db.writes). It refuses a change by raising
ActionError: 404 when the collection or add-on is unknown or hidden from
the user, 403 when the user may not make the change, 400 for bad input and
409 when the collection's state does not allow it. Once the transaction
commits, the caches that show the collection are cleared: its object
entry, the generations of the tables the action wrote (which turns every
cached listing that read them into a miss) and the site generation (every
cached page).

Who may do what:

- anyone signed in creates collections of their own;
- the owner, or an admin, edits and deletes a collection and changes its
  add-ons; a private collection of someone else is unknown (404) to a
  user who is not an admin;
- anyone signed in favourites a public collection, or their own;
- reviewers and admins feature public collections.

Translated fields (name, description, notes) take a str, which is the
text of the collection's default locale, or a mapping of locale to text.
A mapping changes the locales it names and keeps the others; None for a
locale deletes its text. Locales are those of settings.AMO_LANGUAGES.

Limits: a name has at most NAME_MAX_LENGTH characters in each locale, a
description DESCRIPTION_MAX_LENGTH, notes NOTES_MAX_LENGTH. A slug has at
most 100 letters, digits, hyphens and underscores, is unique per author
(ignoring case) and is none of RESERVED_SLUGS.
"""

from collections.abc import Iterable, Mapping
from typing import Any

import structlog
from django.conf import settings
from django.core.validators import slug_re
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from amo.addons.models import Addon
from amo.collections.models import (
    RESERVED_SLUGS,
    Collection,
    CollectionAddon,
    CollectionFavourite,
)
from amo.core.cache.invalidation import invalidate
from amo.core.db import write_action
from amo.core.errors import NON_FIELD_ERRORS, ActionError
from amo.users.models import User
from amo.users.permissions import is_admin, is_reviewer
from amo.users.queries import PROFILE_FIELDS

log = structlog.get_logger(__name__)

NAME_MAX_LENGTH = 50
DESCRIPTION_MAX_LENGTH = 280
NOTES_MAX_LENGTH = 280
SLUG_MAX_LENGTH = 100
# The fields that create_collection takes and edit_collection changes.
EDITABLE_FIELDS = ("name", "slug", "description", "default_locale", "public")


def _format(message: Any, params: dict[str, Any]) -> str:
    return str(message) % params


# A message with parameters, translated when it is shown: the action runs
# in the write thread, and the page or API response names the language.
_lazy_format = lazy(_format, str)


def _message(message: Any, **params: Any) -> Any:
    return _lazy_format(message, params)


def _not_found() -> ActionError:
    return ActionError.on(NON_FIELD_ERRORS, _("No such collection."), status=404)


def _forbidden(message: Any = None) -> ActionError:
    return ActionError.on(
        NON_FIELD_ERRORS,
        message or _("You may not change this collection."),
        status=403,
    )


# --- Checks ---------------------------------------------------------------


def _check_signed_in(user: Any) -> None:
    if (
        user is None
        or not user.is_authenticated
        or not user.is_active
        or getattr(user, "deleted", False)
    ):
        raise _forbidden(_("You must be signed in to change collections."))


def _lock(collection_id: int) -> Collection:
    """Return the collection, locked until the transaction ends."""
    collection = Collection.objects.select_for_update().filter(pk=collection_id).first()
    if collection is None:
        raise _not_found()
    return collection


def _check_visible(user: Any, collection: Collection) -> None:
    """404 for a private collection that is not the user's (admins see all)."""
    if collection.public or collection.author_id == user.pk:
        return
    if is_admin(user):
        return
    raise _not_found()


def _check_can_edit(user: Any, collection: Collection) -> None:
    _check_signed_in(user)
    _check_visible(user, collection)
    if collection.author_id != user.pk and not is_admin(user):
        raise _forbidden()


def _editable(user: Any, collection_id: int) -> Collection:
    """Lock the collection and check that `user` may change it."""
    _check_signed_in(user)
    collection = _lock(collection_id)
    _check_can_edit(user, collection)
    return collection


def check_locale(field: str, locale: Any) -> str:
    """Return `locale` when the site supports it; 400 otherwise."""
    if not isinstance(locale, str) or locale not in settings.AMO_LANGUAGES:
        raise ActionError.on(
            field,
            _message(
                _(
                    "Unknown locale %(locale)s: use one of the site's locales, "
                    "such as en-US or fr."
                ),
                locale=repr(locale),
            ),
        )
    return locale


def translations(
    field: str,
    value: Any,
    *,
    default_locale: str,
    max_length: int,
    current: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Return the texts of a translated field after setting it to `value`.

    `value` is a str (the text of `default_locale`) or a mapping of locale
    to text or None, and `current` contains the texts it changes. Texts are
    stripped, and an empty one deletes its locale.
    """
    if isinstance(value, str):
        changes: Mapping[Any, Any] = {default_locale: value}
    elif isinstance(value, Mapping):
        changes = value
    elif value is None:
        return {}
    else:
        raise ActionError.on(
            field,
            _("Send a text, or an object of locale codes to texts."),
        )
    texts = dict(current or {})
    for locale, text in changes.items():
        check_locale(field, locale)
        if text is None:
            texts.pop(locale, None)
            continue
        if not isinstance(text, str):
            raise ActionError.on(
                field,
                _message(_("The text for %(locale)s must be a string."), locale=locale),
            )
        text = text.strip()
        if len(text) > max_length:
            raise ActionError.on(
                field,
                _message(
                    _(
                        "Ensure the text for %(locale)s has at most %(limit)s "
                        "characters (it has %(length)s)."
                    ),
                    locale=locale,
                    limit=max_length,
                    length=len(text),
                ),
            )
        if text:
            texts[locale] = text
        else:
            texts.pop(locale, None)
    return texts


def check_slug(author_id: int, slug: Any, *, exclude_id: int | None = None) -> str:
    """Return `slug` when it is free for the author; 400 otherwise."""
    if slug is None or (isinstance(slug, str) and not slug.strip()):
        raise ActionError.on("slug", _("A collection needs a slug."))
    if isinstance(slug, str):
        slug = slug.strip()
    if (
        not isinstance(slug, str)
        or len(slug) > SLUG_MAX_LENGTH
        or not slug_re.match(slug)
    ):
        raise ActionError.on(
            "slug",
            _message(
                _(
                    "The slug %(slug)s is not valid: use at most %(limit)s "
                    "letters, numbers, underscores or hyphens."
                ),
                slug=repr(slug),
                limit=SLUG_MAX_LENGTH,
            ),
        )
    if slug.lower() in RESERVED_SLUGS:
        raise ActionError.on(
            "slug",
            _message(
                _("The slug %(slug)s is reserved: choose another one."),
                slug=repr(slug),
            ),
        )
    taken = Collection.objects.filter(author_id=author_id, slug__iexact=slug)
    if exclude_id is not None:
        taken = taken.exclude(pk=exclude_id)
    if taken.exists():
        raise _slug_taken(slug)
    return slug


def _slug_taken(slug: str) -> ActionError:
    return ActionError.on(
        "slug",
        _message(
            _("You already have a collection with the slug %(slug)s."),
            slug=repr(slug),
        ),
    )


def _check_fields(fields: Mapping[str, Any]) -> None:
    unknown = sorted(set(fields) - set(EDITABLE_FIELDS))
    if unknown:
        raise ActionError.on(
            NON_FIELD_ERRORS,
            _message(
                _("Unknown field %(field)s: a collection has %(fields)s."),
                field=repr(unknown[0]),
                fields=", ".join(EDITABLE_FIELDS),
            ),
        )


def _check_public(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ActionError.on(
            "public",
            _message(_("Send true or false, not %(value)s."), value=repr(value)),
        )
    return value


def _apply_fields(
    collection: Collection, fields: Mapping[str, Any], *, creating: bool
) -> list[str]:
    """Check `fields`, set them on `collection`; return the changed names."""
    changed: list[str] = []
    if "default_locale" in fields:
        locale = check_locale("default_locale", fields["default_locale"])
        if locale != collection.default_locale:
            collection.default_locale = locale
            changed.append("default_locale")
    locale = collection.default_locale
    for name, limit in (
        ("name", NAME_MAX_LENGTH),
        ("description", DESCRIPTION_MAX_LENGTH),
    ):
        if name not in fields:
            continue
        current = None if creating else getattr(collection, name)
        texts = translations(
            name,
            fields[name],
            default_locale=locale,
            max_length=limit,
            current=current,
        )
        if texts != (getattr(collection, name) or {}):
            setattr(collection, name, texts)
            changed.append(name)
    if not collection.name:
        raise ActionError.on("name", _("A collection needs a name."))
    if not collection.name.get(locale):
        raise ActionError.on(
            "name",
            _message(
                _("The name needs a text in the default locale, %(locale)s."),
                locale=locale,
            ),
        )
    if "slug" in fields:
        slug = check_slug(
            collection.author_id,
            fields["slug"],
            exclude_id=None if creating else collection.pk,
        )
        if slug != collection.slug:
            collection.slug = slug
            changed.append("slug")
    if "public" in fields:
        public = _check_public(fields["public"])
        if public != collection.public:
            collection.public = public
            changed.append("public")
            if not public and collection.featured:
                # Only public collections are featured.
                collection.featured = False
                collection.featured_at = None
                changed += ["featured", "featured_at"]
    return changed


# --- Cache invalidation ---------------------------------------------------


def _invalidate(
    collections: Iterable[Collection],
    *,
    models_changed: Iterable[type[models.Model]] = (),
) -> None:
    """Clear the caches that show the collections, once the commit is done.

    That is each collection's own entry, and the generations of Collection
    and of `models_changed`, whose tables the action wrote.
    """
    invalidate(list(collections), models_changed=models_changed)


def _with_author(collection: Collection) -> Collection:
    """Attach the author's profile fields, which the API and pages show."""
    author = User.objects.only(*PROFILE_FIELDS, "deleted", "is_active").get(
        pk=collection.author_id
    )
    collection.author = author
    return collection


# --- Collections ----------------------------------------------------------


def _create(user: User, fields: dict[str, Any]) -> Collection:
    _check_signed_in(user)
    collection = Collection(author_id=user.pk, slug="", name={})
    _apply_fields(collection, fields, creating=True)
    try:
        with transaction.atomic():
            collection.save()
    except IntegrityError as error:
        # Another writer took the slug between the check and the insert.
        raise _slug_taken(collection.slug) from error
    _invalidate([collection])
    log.info(
        "collection created",
        collection_id=collection.pk,
        user_id=user.pk,
        public=collection.public,
    )
    return _with_author(collection)


async def create_collection(
    user: User,
    *,
    name: Any,
    slug: str,
    description: Any = None,
    default_locale: str = settings.LANGUAGE_CODE,
    public: bool = True,
) -> Collection:
    """Create a collection of `user`'s; return it with its author."""
    fields = {
        "name": name,
        "slug": slug,
        "description": description,
        "default_locale": default_locale,
        "public": public,
    }
    return await write_action(_create)(user, fields)


def _edit(user: User, collection_id: int, fields: dict[str, Any]) -> Collection:
    _check_fields(fields)
    collection = _editable(user, collection_id)
    changed = _apply_fields(collection, fields, creating=False)
    if changed:
        try:
            with transaction.atomic():
                collection.save(update_fields=[*changed, "modified"])
        except IntegrityError as error:
            raise _slug_taken(collection.slug) from error
        _invalidate([collection])
        log.info(
            "collection edited",
            collection_id=collection.pk,
            user_id=user.pk,
            fields=changed,
        )
    return _with_author(collection)


async def edit_collection(user: User, collection_id: int, **fields: Any) -> Collection:
    """Change the fields of EDITABLE_FIELDS given; return the collection.

    Fields left out keep their values. Making a collection private also
    stops featuring it.
    """
    return await write_action(_edit)(user, collection_id, fields)


def _delete(user: User, collection_id: int) -> None:
    collection = _editable(user, collection_id)
    _invalidate(
        [collection],
        models_changed=(CollectionAddon, CollectionFavourite),
    )
    collection.delete()
    log.info("collection deleted", collection_id=collection_id, user_id=user.pk)


async def delete_collection(user: User, collection_id: int) -> None:
    """Delete the collection, its add-on entries and its favourites."""
    await write_action(_delete)(user, collection_id)


# --- Add-ons in a collection ----------------------------------------------


def _find_addon(value: int | str) -> Addon | None:
    """Return the add-on whose id or slug is `value`, or None."""
    queryset = Addon.objects.only("id", "status", "disabled_by_user", "slug")
    if isinstance(value, int) and not isinstance(value, bool):
        return queryset.filter(pk=value).first()
    if isinstance(value, str) and value:
        if value.isascii() and value.isdigit() and len(value) <= 18:
            found = queryset.filter(pk=int(value)).first()
            if found is not None:
                return found
        return queryset.filter(slug=value).first()
    return None


def _entry(collection: Collection, addon: int | str) -> CollectionAddon:
    """Return the collection's entry of the add-on (id or slug), or 404."""
    found = _find_addon(addon)
    entry = None
    if found is not None:
        entry = CollectionAddon.objects.filter(
            collection=collection.pk, addon=found.pk
        ).first()
    if entry is None:
        raise ActionError.on(
            "addon",
            _message(
                _("The add-on %(addon)s is not in this collection."),
                addon=repr(addon),
            ),
            status=404,
        )
    return entry


def _touch(collection: Collection) -> None:
    """Recount the collection's add-ons and mark it changed now."""
    collection.addon_count = CollectionAddon.objects.filter(
        collection=collection.pk
    ).count()
    collection.modified = timezone.now()
    collection.save(update_fields=["addon_count", "modified"])
    _invalidate([collection], models_changed=(CollectionAddon,))


def _add_addon(
    user: User, collection_id: int, addon: int | str, notes: Any
) -> CollectionAddon:
    collection = _editable(user, collection_id)
    found = _find_addon(addon)
    if found is None or not found.is_public:
        raise ActionError.on(
            "addon",
            _message(
                _("The add-on %(addon)s does not exist or is not public."),
                addon=repr(addon),
            ),
        )
    if CollectionAddon.objects.filter(
        collection=collection.pk, addon=found.pk
    ).exists():
        raise ActionError.on(
            "addon",
            _message(
                _("The add-on %(addon)s is already in this collection."),
                addon=repr(addon),
            ),
        )
    texts = translations(
        "notes",
        notes,
        default_locale=collection.default_locale,
        max_length=NOTES_MAX_LENGTH,
    )
    last = CollectionAddon.objects.filter(collection=collection.pk).aggregate(
        last=Max("position")
    )["last"]
    entry = CollectionAddon.objects.create(
        collection=collection,
        addon_id=found.pk,
        notes=texts,
        position=0 if last is None else last + 1,
    )
    _touch(collection)
    log.info(
        "collection add-on added",
        collection_id=collection.pk,
        addon_id=found.pk,
        user_id=user.pk,
    )
    return entry


async def add_addon(
    user: User, collection_id: int, addon_id: int | str, *, notes: Any = None
) -> CollectionAddon:
    """Append the public add-on (id or slug) to the collection, with notes."""
    return await write_action(_add_addon)(user, collection_id, addon_id, notes)


def _create_with_addon(
    user: User, fields: dict[str, Any], addon: int | str, notes: Any
) -> CollectionAddon:
    collection = _create(user, fields)
    return _add_addon(user, collection.pk, addon, notes)


async def create_collection_with_addon(
    user: User,
    *,
    name: Any,
    slug: str,
    default_locale: str,
    addon_id: int | str,
    notes: Any = None,
) -> CollectionAddon:
    """Create a public collection of `user`'s holding the add-on, with notes.

    Both writes share one transaction, so an add-on that cannot be added
    leaves no empty collection behind.
    """
    fields = {
        "name": name,
        "slug": slug,
        "description": None,
        "default_locale": default_locale,
        "public": True,
    }
    return await write_action(_create_with_addon)(user, fields, addon_id, notes)


def _edit_notes(
    user: User, collection_id: int, addon: int | str, notes: Any
) -> CollectionAddon:
    collection = _editable(user, collection_id)
    entry = _entry(collection, addon)
    texts = translations(
        "notes",
        notes,
        default_locale=collection.default_locale,
        max_length=NOTES_MAX_LENGTH,
        current=None if notes is None else entry.notes,
    )
    if texts != (entry.notes or {}):
        entry.notes = texts
        entry.save(update_fields=["notes", "modified"])
        _touch(collection)
    return entry


async def edit_addon_notes(
    user: User, collection_id: int, addon_id: int | str, *, notes: Any
) -> CollectionAddon:
    """Set the notes on an add-on of the collection; None clears them all."""
    return await write_action(_edit_notes)(user, collection_id, addon_id, notes)


def _remove_addon(user: User, collection_id: int, addon: int | str) -> None:
    collection = _editable(user, collection_id)
    entry = _entry(collection, addon)
    entry.delete()
    _touch(collection)
    log.info(
        "collection add-on removed",
        collection_id=collection.pk,
        addon_id=entry.addon_id,
        user_id=user.pk,
    )


async def remove_addon(user: User, collection_id: int, addon_id: int | str) -> None:
    """Take the add-on (id or slug) out of the collection."""
    await write_action(_remove_addon)(user, collection_id, addon_id)


def _reorder(user: User, collection_id: int, addon_ids: list[int]) -> None:
    collection = _editable(user, collection_id)
    if not isinstance(addon_ids, list | tuple) or not all(
        isinstance(pk, int) and not isinstance(pk, bool) for pk in addon_ids
    ):
        raise ActionError.on("addons", _("Send a list of add-on ids."))
    entries = {
        entry.addon_id: entry
        for entry in CollectionAddon.objects.filter(collection=collection.pk)
    }
    wanted = list(addon_ids)
    duplicates = sorted({pk for pk in wanted if wanted.count(pk) > 1})
    missing = sorted(set(entries) - set(wanted))
    extra = sorted(set(wanted) - set(entries))
    problems = []
    if duplicates:
        problems.append(
            _message(
                _("These add-ons are listed twice: %(ids)s."), ids=_ids(duplicates)
            )
        )
    if missing:
        problems.append(
            _message(
                _("These add-ons of the collection are missing: %(ids)s."),
                ids=_ids(missing),
            )
        )
    if extra:
        problems.append(
            _message(
                _("These add-ons are not in the collection: %(ids)s."),
                ids=_ids(extra),
            )
        )
    if problems:
        raise ActionError({"addons": problems})
    changed = []
    for position, pk in enumerate(wanted):
        entry = entries[pk]
        if entry.position != position:
            entry.position = position
            changed.append(entry)
    if changed:
        CollectionAddon.objects.bulk_update(changed, ["position"])
        _touch(collection)


def _ids(ids: list[int]) -> str:
    return ", ".join(str(pk) for pk in ids)


async def reorder_addons(user: User, collection_id: int, addon_ids: list[int]) -> None:
    """Put the collection's add-ons in the order of `addon_ids`.

    `addon_ids` must name each add-on of the collection once.
    """
    await write_action(_reorder)(user, collection_id, addon_ids)


# --- Favourites and featuring ---------------------------------------------


def _count_favourites(collection: Collection) -> None:
    """Store the number of favourites, counted under the collection's lock.

    The lock serialises writers, so the count is right whatever their
    number; an update leaves `modified` alone, as a favourite changes
    nothing the owner wrote.
    """
    count = CollectionFavourite.objects.filter(collection=collection.pk).count()
    Collection.objects.filter(pk=collection.pk).update(favourite_count=count)
    collection.favourite_count = count
    _invalidate([collection], models_changed=(CollectionFavourite,))


def _favourite(user: User, collection_id: int, favourite: bool) -> None:
    _check_signed_in(user)
    collection = _lock(collection_id)
    if not collection.public and collection.author_id != user.pk:
        raise _not_found()
    existing = CollectionFavourite.objects.filter(
        user=user.pk, collection=collection.pk
    )
    if favourite:
        if existing.exists():
            return
        CollectionFavourite.objects.create(user_id=user.pk, collection=collection)
    else:
        if not existing.exists():
            return
        existing.delete()
    _count_favourites(collection)
    log.info(
        "collection favourite changed",
        collection_id=collection.pk,
        user_id=user.pk,
        favourite=favourite,
    )


async def favourite_collection(user: User, collection_id: int) -> None:
    """Add the collection to the user's favourites; again changes nothing."""
    await write_action(_favourite)(user, collection_id, True)


async def unfavourite_collection(user: User, collection_id: int) -> None:
    """Take the collection out of the user's favourites, if it is there."""
    await write_action(_favourite)(user, collection_id, False)


def _set_featured(user: User, collection_id: int, featured: bool) -> Collection:
    _check_signed_in(user)
    if not is_reviewer(user):
        raise _forbidden(_("Only reviewers and admins feature collections."))
    collection = _lock(collection_id)
    if featured and not collection.public:
        raise ActionError.on(
            "featured",
            _("Only public collections can be featured."),
            status=409,
        )
    if collection.featured != featured:
        collection.featured = featured
        collection.featured_at = timezone.now() if featured else None
        # Featuring is the reviewers' doing, not a change of the
        # collection, so `modified` stays.
        Collection.objects.filter(pk=collection.pk).update(
            featured=featured, featured_at=collection.featured_at
        )
        _invalidate([collection])
        log.info(
            "collection featured",
            collection_id=collection.pk,
            user_id=user.pk,
            featured=featured,
        )
    return _with_author(collection)


async def set_featured(user: User, collection_id: int, featured: bool) -> Collection:
    """Feature the public collection on the home page, or stop featuring it."""
    return await write_action(_set_featured)(user, collection_id, featured)
