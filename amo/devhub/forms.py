"""Forms of the developer hub.

Translated fields are edited in any locale of settings.AMO_LANGUAGES: the
form has one input per field and locale, named `<field>__<locale>`. A
locale gets inputs when it is the default locale, when the field already
has text in it, when the submitted data has an input for it, or when the
author adds it with the locale picker.
"""

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from amo.core.constants import (
    BUILTIN_LICENSES,
    AddonType,
    AuthorRole,
)
from amo.devhub.actions import LicenseChoice, ListingData
from amo.versions.checks import (
    DESCRIPTION_MAX_LENGTH,
    MAX_CATEGORIES,
    MAX_TAGS,
    NAME_MAX_LENGTH,
    NOTES_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    TAG_MAX_LENGTH,
)

# The limits of the listing are those that submission checks
# (amo.versions.checks); a tag also needs 2 characters at least.
MIN_TAG_LENGTH = 2
# Icons and screenshots: 4 MiB at most, as AMO allows, in PNG or JPEG.
MAX_IMAGE_BYTES = 4 * 1024 * 1024
IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpg"}
# Larger images are rejected before they are decoded.
MAX_IMAGE_PIXELS = 40_000_000
MAX_CAPTION_LENGTH = 280
# The value of the licence choice for the author's own licence.
CUSTOM_LICENSE = "other"


@dataclass(frozen=True)
class TranslatedSpec:
    """A translated field of a form: its label, limits and input type."""

    name: str
    label: Any
    max_length: int
    widget: str = "text"  # text, textarea, url or email
    required: bool = False
    help_text: Any = ""


LISTING_SPECS = (
    TranslatedSpec("name", _("Name"), NAME_MAX_LENGTH, required=True),
    TranslatedSpec(
        "summary",
        _("Summary"),
        SUMMARY_MAX_LENGTH,
        widget="textarea",
        help_text=_("One or two sentences that say what the add-on does."),
    ),
    TranslatedSpec(
        "description", _("Description"), DESCRIPTION_MAX_LENGTH, widget="textarea"
    ),
    TranslatedSpec("homepage", _("Homepage"), 255, widget="url"),
    TranslatedSpec("support_email", _("Support email"), 100, widget="email"),
    TranslatedSpec("support_url", _("Support website"), 255, widget="url"),
    TranslatedSpec("privacy_policy", _("Privacy policy"), 100_000, widget="textarea"),
)
LICENSE_SPECS = (
    TranslatedSpec("license_name", _("Licence name"), 200),
    TranslatedSpec("license_text", _("Licence text"), 100_000, widget="textarea"),
)
RELEASE_NOTES_SPEC = TranslatedSpec(
    "release_notes", _("Release notes"), NOTES_MAX_LENGTH, widget="textarea"
)

_http_url = URLValidator(schemes=["http", "https"])


def locale_choices() -> list[tuple[str, str]]:
    return list(settings.AMO_LANGUAGES.items())


def license_choices(addon_type: int) -> list[tuple[str, Any]]:
    """Return the built-in licences for `addon_type`, then the author's own."""
    is_theme = addon_type == AddonType.STATICTHEME
    choices: list[tuple[str, Any]] = [
        (license.slug, license.name)
        for license in BUILTIN_LICENSES
        if license.for_themes == is_theme
    ]
    choices.append((CUSTOM_LICENSE, _("My own licence")))
    return choices


def default_license(addon_type: int) -> str:
    return license_choices(addon_type)[0][0]


class TranslatedFormMixin:
    """Inputs per locale for the TranslatedSpecs of `translated_specs`."""

    translated_specs: Sequence[TranslatedSpec] = ()
    fields: dict[str, forms.Field]
    data: Any
    initial: Any

    def setup_translations(
        self,
        *,
        default_locale: str,
        values: dict[str, dict[str, str]],
        extra_locales: Iterable[str] = (),
    ) -> None:
        """Add an input per spec and locale; `values` fills them initially."""
        locales = {default_locale, *extra_locales}
        for texts in values.values():
            locales.update(texts)
        if self.data:
            for key in self.data:
                _, separator, locale = key.partition("__")
                if separator:
                    locales.add(locale)
        # The default locale comes first, then the others in menu order.
        self.locales = [default_locale] + [
            code
            for code in settings.AMO_LANGUAGES
            if code in locales and code != default_locale
        ]
        self.main_locale = default_locale
        for spec in self.translated_specs:
            for locale in self.locales:
                name = f"{spec.name}__{locale}"
                self.fields[name] = self._input(spec)
                text = values.get(spec.name, {}).get(locale)
                if text:
                    self.initial[name] = text

    @staticmethod
    def _input(spec: TranslatedSpec) -> forms.CharField:
        widget: forms.Widget
        if spec.widget == "textarea":
            widget = forms.Textarea(attrs={"rows": 4, "dir": "auto"})
        elif spec.widget == "url":
            widget = forms.URLInput(attrs={"dir": "ltr"})
        elif spec.widget == "email":
            widget = forms.EmailInput(attrs={"dir": "ltr"})
        else:
            widget = forms.TextInput(attrs={"dir": "auto"})
        return forms.CharField(
            required=False, max_length=spec.max_length, strip=True, widget=widget
        )

    def translated_rows(self) -> list[tuple[TranslatedSpec, list[tuple[str, Any]]]]:
        """Return each spec with its bound inputs, by locale, for templates."""
        form: Any = self
        return [
            (
                spec,
                [(locale, form[f"{spec.name}__{locale}"]) for locale in self.locales],
            )
            for spec in self.translated_specs
        ]

    def clean_translations(
        self,
        cleaned: dict[str, Any],
        default_locale: str,
        specs: Sequence[TranslatedSpec],
        required: Iterable[str] = (),
    ) -> dict[str, dict[str, str]]:
        """Return the texts of `specs` by field and locale, checking each.

        A field of `required` needs text in the default locale.
        """
        form: Any = self
        result: dict[str, dict[str, str]] = {}
        for spec in specs:
            texts = {}
            for locale in self.locales:
                key = f"{spec.name}__{locale}"
                value = cleaned.get(key) or ""
                if not value:
                    continue
                try:
                    self._check_value(spec, value)
                except ValidationError as error:
                    form.add_error(key, error)
                    continue
                texts[locale] = value
            if spec.name in required and default_locale not in texts:
                key = f"{spec.name}__{default_locale}"
                if key in form.fields and key not in form.errors:
                    form.add_error(
                        key,
                        ValidationError(
                            _("%(field)s is required in the default language."),
                            code="required",
                            params={"field": spec.label},
                        ),
                    )
            result[spec.name] = texts
        return result

    @staticmethod
    def _check_value(spec: TranslatedSpec, value: str) -> None:
        if spec.widget == "url":
            _http_url(value)
        elif spec.widget == "email":
            validate_email(value)


def parse_tags(raw: str) -> list[str]:
    """Split comma-separated tags, lower-cased, without repeats."""
    tags: list[str] = []
    for part in raw.split(","):
        tag = " ".join(part.split()).lower()
        if tag and tag not in tags:
            tags.append(tag)
    return tags


class LicenseFieldsMixin(TranslatedFormMixin):
    """A licence choice, with the author's own licence in any locale."""

    def add_license_field(
        self, addon_type: int, initial: str, *, required: bool = True
    ) -> None:
        """Add the licence choice; without `required` it may be left empty,
        as unlisted versions may have no licence."""
        choices = license_choices(addon_type)
        if not required:
            choices.insert(0, ("", _("No licence")))
        self.fields["license"] = forms.ChoiceField(
            choices=choices, label=_("Licence"), required=required
        )
        self.initial.setdefault("license", initial)

    def clean_license_choice(
        self, cleaned: dict[str, Any], default_locale: str
    ) -> LicenseChoice | None:
        slug = cleaned.get("license")
        texts = self.clean_translations(
            cleaned,
            default_locale,
            LICENSE_SPECS,
            required=("license_name", "license_text") if slug == CUSTOM_LICENSE else (),
        )
        if not slug:
            return None
        if slug != CUSTOM_LICENSE:
            return LicenseChoice(slug=slug)
        return LicenseChoice(name=texts["license_name"], text=texts["license_text"])


class ListingForm(LicenseFieldsMixin, forms.Form):
    """The listing of an add-on, on submission and on the edit page."""

    translated_specs: Sequence[TranslatedSpec] = (*LISTING_SPECS, *LICENSE_SPECS)

    default_locale = forms.ChoiceField(
        choices=locale_choices, label=_("Default language")
    )
    categories = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Categories"),
    )
    tags = forms.CharField(
        required=False,
        label=_("Tags"),
        help_text=_("Up to 10 tags, separated by commas."),
        max_length=MAX_TAGS * (TAG_MAX_LENGTH + 2),
    )

    def __init__(
        self,
        data: Any = None,
        *,
        addon_type: int,
        categories: Sequence[tuple[str, str]],
        listed: bool,
        values: dict[str, dict[str, str]],
        default_locale: str,
        extra_locales: Iterable[str] = (),
        initial: dict[str, Any] | None = None,
        with_license: bool = True,
    ) -> None:
        super().__init__(data, initial=initial or {})
        self.listed = listed
        self.with_license = with_license
        self.fields["categories"].choices = list(categories)  # type: ignore[attr-defined]
        self.initial.setdefault("default_locale", default_locale)
        chosen_locale = default_locale
        if data is not None and data.get("default_locale") in settings.AMO_LANGUAGES:
            chosen_locale = data["default_locale"]
        if with_license:
            self.add_license_field(
                addon_type,
                default_license(addon_type) if listed else "",
                required=listed,
            )
        else:
            self.translated_specs = LISTING_SPECS
        self.setup_translations(
            default_locale=chosen_locale, values=values, extra_locales=extra_locales
        )

    def clean_categories(self) -> list[str]:
        slugs: list[str] = self.cleaned_data.get("categories") or []
        if len(slugs) > MAX_CATEGORIES:
            raise ValidationError(
                _("Choose at most %(max)s categories."),
                code="max_categories",
                params={"max": MAX_CATEGORIES},
            )
        if self.listed and not slugs:
            raise ValidationError(
                _("Choose a category for the add-on."), code="required"
            )
        return slugs

    def clean_tags(self) -> list[str]:
        tags = parse_tags(self.cleaned_data.get("tags") or "")
        if len(tags) > MAX_TAGS:
            raise ValidationError(
                _("An add-on can have at most %(max)s tags."),
                code="max_tags",
                params={"max": MAX_TAGS},
            )
        for tag in tags:
            if not MIN_TAG_LENGTH <= len(tag) <= TAG_MAX_LENGTH:
                raise ValidationError(
                    _("Each tag must have %(min)s to %(max)s characters: %(tag)s"),
                    code="tag_length",
                    params={"min": MIN_TAG_LENGTH, "max": TAG_MAX_LENGTH, "tag": tag},
                )
        return tags

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        default_locale = cleaned.get("default_locale") or self.main_locale
        required = ["name", "summary"] if self.listed else ["name"]
        self.translations = self.clean_translations(
            cleaned, default_locale, LISTING_SPECS, required=required
        )
        self.license_choice = (
            self.clean_license_choice(cleaned, default_locale)
            if self.with_license
            else None
        )
        return cleaned

    def listing_data(self) -> ListingData:
        """Return what the form sets; call it after is_valid()."""
        return ListingData(
            default_locale=self.cleaned_data["default_locale"],
            translations=self.translations,
            category_slugs=self.cleaned_data["categories"],
            tags=self.cleaned_data["tags"],
            license=self.license_choice,
        )


class VersionForm(LicenseFieldsMixin, forms.Form):
    """Release notes and licence of a new version."""

    translated_specs: Sequence[TranslatedSpec] = (RELEASE_NOTES_SPEC, *LICENSE_SPECS)

    def __init__(
        self,
        data: Any = None,
        *,
        addon_type: int,
        default_locale: str,
        license_initial: str,
        listed: bool = True,
        values: dict[str, dict[str, str]] | None = None,
        extra_locales: Iterable[str] = (),
    ) -> None:
        super().__init__(data)
        self.add_license_field(addon_type, license_initial, required=listed)
        self.setup_translations(
            default_locale=default_locale,
            values=values or {},
            extra_locales=extra_locales,
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        texts = self.clean_translations(
            cleaned, self.main_locale, (RELEASE_NOTES_SPEC,)
        )
        self.release_notes = texts["release_notes"]
        self.license_choice = self.clean_license_choice(cleaned, self.main_locale)
        return cleaned


def check_image(upload: UploadedFile) -> tuple[bytes, str]:
    """Return the bytes of an uploaded PNG or JPEG and its file extension.

    Raises ValidationError for a file that is too large, is not an image,
    or is in another format.
    """
    if upload.size is not None and upload.size > MAX_IMAGE_BYTES:
        raise ValidationError(
            _("The image is larger than %(max)s MB."),
            code="image_too_large",
            params={"max": MAX_IMAGE_BYTES // (1024 * 1024)},
        )
    content = upload.read(MAX_IMAGE_BYTES + 1)
    if len(content) > MAX_IMAGE_BYTES:
        raise ValidationError(
            _("The image is larger than %(max)s MB."),
            code="image_too_large",
            params={"max": MAX_IMAGE_BYTES // (1024 * 1024)},
        )
    invalid = ValidationError(_("Upload a PNG or JPEG image."), code="image_format")
    try:
        with Image.open(io.BytesIO(content)) as image:
            if image.format not in IMAGE_FORMATS:
                raise invalid
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _("The image has more than %(max)s million pixels."),
                    code="image_too_large",
                    params={"max": MAX_IMAGE_PIXELS // 1_000_000},
                )
            image.verify()
            extension = IMAGE_FORMATS[image.format]
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise invalid from error
    return content, extension


class ImageForm(forms.Form):
    image = forms.FileField(label=_("Image"))

    def clean_image(self) -> tuple[bytes, str]:
        return check_image(self.cleaned_data["image"])


class PreviewForm(ImageForm):
    caption = forms.CharField(
        required=False, max_length=MAX_CAPTION_LENGTH, label=_("Caption")
    )


class AddAuthorForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.TypedChoiceField(
        choices=AuthorRole.choices,
        coerce=int,
        initial=AuthorRole.DEVELOPER,
        label=_("Role"),
    )
    listed = forms.BooleanField(
        required=False, initial=True, label=_("Listed on the add-on's page")
    )


class AgreementForm(forms.Form):
    accept = forms.BooleanField(
        label=_("I accept the distribution agreement and the review policies.")
    )


class DeleteAddonForm(forms.Form):
    slug = forms.CharField(label=_("Type the add-on's slug to confirm"))

    def __init__(self, data: Any = None, *, slug: str) -> None:
        super().__init__(data)
        self.expected_slug = slug

    def clean_slug(self) -> str:
        value = self.cleaned_data["slug"].strip()
        if value != self.expected_slug:
            raise ValidationError(
                _("The slug does not match. Type %(slug)s to delete the add-on."),
                code="slug_mismatch",
                params={"slug": self.expected_slug},
            )
        return value
