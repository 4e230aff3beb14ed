"""Forms of the collection pages.

The forms check what needs no database: lengths, the slug's format and
the reserved slugs. Views check that a slug is free through an async
query, and the actions check it again inside their transaction.
"""

import re
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from amo.collections.models import RESERVED_SLUGS

NAME_MAX_LENGTH = 50
SLUG_MAX_LENGTH = 100
DESCRIPTION_MAX_LENGTH = 280
NOTES_MAX_LENGTH = 280
# A slug, an id or a page URL; the longest slug is 100 characters, so a
# URL of an add-on page fits easily.
ADDON_KEY_MAX_LENGTH = 500

SLUG_PATTERN = re.compile(r"^[-a-zA-Z0-9_]+\Z")
# The add-on page's path: /<locale>/<app>/addon/<slug or id>/...
ADDON_PATH = re.compile(r"(?:^|/)addon/([^/]+)")


def clean_slug(value: str) -> str:
    slug = value.strip()
    if not SLUG_PATTERN.match(slug):
        raise ValidationError(
            _("Use only letters, digits, hyphens and underscores in the slug."),
            code="invalid",
        )
    if slug.lower() in RESERVED_SLUGS:
        raise ValidationError(
            _("The slug “%(slug)s” is reserved. Choose another one."),
            code="reserved",
            params={"slug": slug},
        )
    return slug


def slug_from_name(name: str) -> str:
    """Return a slug made from `name`, or "collection" when none remains.

    Names in scripts without Latin letters leave nothing after slugify,
    and a reserved slug gets a suffix, so the result is always usable.
    """
    slug = slugify(name)[:SLUG_MAX_LENGTH].strip("-_")
    if not slug:
        return "collection"
    if slug in RESERVED_SLUGS:
        return f"{slug}-1"
    return slug


def addon_key(text: str) -> str:
    """Return the slug or id that `text` names: itself, or from a page URL.

    `text` may be a slug, a number, or the URL or path of an add-on page
    (`https://host/en-US/firefox/addon/tab-keeper/`). A URL whose path
    names no add-on page returns "".
    """
    text = text.strip()
    if "/" not in text:
        return text
    try:
        path = urlsplit(text).path
    except ValueError:
        return ""
    found = ADDON_PATH.search(path)
    return found.group(1) if found else ""


class CollectionForm(forms.Form):
    """The name, slug, description and visibility of a collection.

    The slug may be left empty on creation: the view derives it from the
    name.
    """

    name = forms.CharField(label=_("Name"), max_length=NAME_MAX_LENGTH)
    slug = forms.CharField(
        label=_("Slug"),
        max_length=SLUG_MAX_LENGTH,
        required=False,
        help_text=_(
            "The last part of the collection's address. Leave it empty to "
            "make one from the name."
        ),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    public = forms.BooleanField(
        label=_("Public: anyone can see this collection"),
        required=False,
        initial=True,
        help_text=_("Only you can see a private collection."),
    )

    def __init__(self, *args: Any, require_slug: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = require_slug
        if require_slug:
            self.fields["slug"].help_text = _(
                "The last part of the collection's address. Links to the old "
                "address stop working when it changes."
            )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError(_("Enter a name."), code="required")
        return name

    def clean_slug(self) -> str:
        value = self.cleaned_data.get("slug", "")
        if not value.strip():
            return ""
        return clean_slug(value)


class AddAddonForm(forms.Form):
    """An add-on to put in a collection, named by slug, id or page URL."""

    addon = forms.CharField(
        label=_("Add-on"),
        max_length=ADDON_KEY_MAX_LENGTH,
        help_text=_("The add-on's slug, its number or the address of its page."),
    )
    notes = forms.CharField(
        label=_("Note"),
        max_length=NOTES_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_addon(self) -> str:
        key = addon_key(self.cleaned_data["addon"])
        if not key:
            raise ValidationError(
                _(
                    "“%(value)s” is not an add-on page. Enter the add-on's "
                    "slug, its number or the address of its page."
                ),
                code="invalid",
                params={"value": self.cleaned_data["addon"][:100]},
            )
        return key


class NotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Note"),
        max_length=NOTES_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class WidgetForm(forms.Form):
    """The detail page's widget: one of the user's collections, or a new one.

    `collection` is the id of an existing collection; `new_name` names a
    collection to create. One of them is required.
    """

    collection = forms.IntegerField(required=False, min_value=1)
    new_name = forms.CharField(
        label=_("Or a new collection named"),
        max_length=NAME_MAX_LENGTH,
        required=False,
    )
    notes = forms.CharField(
        label=_("Note"),
        max_length=NOTES_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        name = (cleaned.get("new_name") or "").strip()
        cleaned["new_name"] = name
        if not cleaned.get("collection") and not name and not self.errors:
            raise ValidationError(
                _("Choose one of your collections, or name a new one."),
                code="required",
            )
        return cleaned
