"""Checks of the data that creates or edits an add-on or a version.

`check_addon_data` and `check_version_data` take the submitted values as
AMO's API names them, already decoded from JSON or a form, and return
them cleaned: translated fields as `{locale: text}` with canonical locale
codes, links as http(s) URLs, categories as slugs. Every problem is
collected per field and raised at once as a SubmissionError, so a client
sees all of them in one 400. Keys that are not listed are ignored, as
AMO ignores unknown keys of web-ext's metadata.
"""

import re
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from amo.core.constants import APPS, BUILTIN_LICENSES, AddonType
from amo.core.i18n import match_locale
from amo.versions.errors import SubmissionError

NAME_MAX_LENGTH = 50
SUMMARY_MAX_LENGTH = 250
DESCRIPTION_MAX_LENGTH = 15000
NOTES_MAX_LENGTH = 3000
SLUG_MAX_LENGTH = 30
MAX_CATEGORIES = 2
MAX_TAGS = 10
TAG_MAX_LENGTH = 128
# Donation sites that `contributions_url` may point to, as on AMO.
CONTRIBUTION_DOMAINS = (
    "buymeacoffee.com",
    "donate.mozilla.org",
    "flattr.com",
    "github.com",
    "ko-fi.com",
    "liberapay.com",
    "micropayment.de",
    "opencollective.com",
    "patreon.com",
    "paypal.com",
    "paypal.me",
)
# Letters, digits, "-", "_" and "~"; all digits would read as an id.
SLUG_PATTERN = re.compile(r"^[A-Za-z0-9_~-]+$")
APP_VERSION_PATTERN = re.compile(r"^(\d+(\.(\d+|\*))*[a-z0-9]*|\*)$")

TRANSLATED_ADDON_FIELDS = {
    "name": NAME_MAX_LENGTH,
    "summary": SUMMARY_MAX_LENGTH,
    "description": DESCRIPTION_MAX_LENGTH,
    "developer_comments": DESCRIPTION_MAX_LENGTH,
}
LINK_FIELDS = ("homepage", "support_url")
BOOLEAN_FIELDS = ("is_disabled", "is_experimental", "requires_payment")


class Errors(dict[str, Any]):
    """Messages per field, in the shape of SubmissionError.errors."""

    def add(self, field: str, message: str) -> None:
        self.setdefault(field, []).append(message)

    def raise_any(self) -> None:
        if self:
            raise SubmissionError(dict(self))


def canonical_locale(code: str) -> str | None:
    """Return the site's locale for a locale code, or None when unknown.

    Manifests write `en_US`, clients `en-US`; both are en-US.
    """
    if not isinstance(code, str) or not code.strip():
        return None
    return match_locale(code)


def clean_translated(
    value: Any, field: str, errors: Errors, *, max_length: int | None = None
) -> dict[str, str] | None:
    """Return a translated value as `{locale: text}`; None after an error.

    A null text is kept as "", which deletes that translation on save.
    """
    if not isinstance(value, dict):
        errors.add(field, _("You must provide an object of {lang-code:value}."))
        return None
    cleaned: dict[str, str] = {}
    for code, text in value.items():
        locale = canonical_locale(code)
        if locale is None:
            errors.add(
                field,
                _("The locale code %(code)r is unknown: use one such as en-US.")
                % {"code": code},
            )
            continue
        if text is None:
            cleaned[locale] = ""
            continue
        if not isinstance(text, str):
            errors.add(
                field, _("The %(code)s text must be a string.") % {"code": locale}
            )
            continue
        text = text.strip()
        if max_length is not None and len(text) > max_length:
            errors.add(
                field,
                _(
                    "Ensure this field has no more than %(limit)d characters "
                    "(the %(code)s text has %(length)d)."
                )
                % {"limit": max_length, "code": locale, "length": len(text)},
            )
            continue
        cleaned[locale] = text
    return cleaned if field not in errors else None


def is_http_url(value: str) -> bool:
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def clean_link(
    value: Any, field: str, errors: Errors, default_locale: str
) -> dict[str, str] | None:
    """Return a link field as `{locale: url}`; a plain URL goes under
    `default_locale`, as AMO's API takes homepage as a plain URL."""
    texts = (
        {default_locale: value}
        if isinstance(value, str)
        else clean_translated(value, field, errors)
    )
    if texts is None:
        return None
    for locale, url in texts.items():
        if url and not is_http_url(url):
            errors.add(
                field,
                _("Enter a valid http or https URL (the %(code)s value is %(url)r).")
                % {"code": locale, "url": url[:100]},
            )
    return texts if field not in errors else None


def clean_email(
    value: Any, errors: Errors, default_locale: str
) -> dict[str, str] | None:
    texts = (
        {default_locale: value}
        if isinstance(value, str)
        else clean_translated(value, "support_email", errors)
    )
    if texts is None:
        return None
    for locale, email in texts.items():
        if not email:
            continue
        try:
            validate_email(email)
        except ValidationError:
            errors.add(
                "support_email",
                _("Enter a valid email address (the %(code)s value is %(email)r).")
                % {"code": locale, "email": email[:100]},
            )
    return texts if "support_email" not in errors else None


def clean_contributions_url(value: Any, errors: Errors) -> str | None:
    if value in (None, ""):
        return ""
    if not isinstance(value, str) or not is_http_url(value):
        errors.add("contributions_url", _("Enter a valid https URL."))
        return None
    parts = urlsplit(value.strip())
    host = (parts.hostname or "").lower()
    allowed = any(
        host == domain or host.endswith("." + domain) for domain in CONTRIBUTION_DOMAINS
    )
    if parts.scheme.lower() != "https" or not allowed:
        errors.add(
            "contributions_url",
            _("URL %(url)r is not allowed: use https and one of %(domains)s.")
            % {"url": value[:100], "domains": ", ".join(CONTRIBUTION_DOMAINS)},
        )
        return None
    return value.strip()


def clean_slug(value: Any, errors: Errors) -> str | None:
    if not isinstance(value, str) or not SLUG_PATTERN.match(value):
        errors.add(
            "slug",
            _(
                "Enter a slug of letters, digits, underscores, hyphens or "
                "tildes, such as my-add-on."
            ),
        )
        return None
    if value.isdigit():
        errors.add("slug", _("A slug cannot be only digits: add a letter."))
        return None
    if len(value) > SLUG_MAX_LENGTH:
        errors.add(
            "slug",
            _("Ensure the slug has no more than %(limit)d characters.")
            % {"limit": SLUG_MAX_LENGTH},
        )
        return None
    return value


def clean_categories(value: Any, errors: Errors) -> list[str] | None:
    """Return category slugs from a list, or from v4's `{app: [slugs]}`.

    Whether each slug exists for the add-on's type is checked by the
    action, which reads the categories.
    """
    if isinstance(value, dict):
        slugs: list[Any] = []
        for listed in value.values():
            slugs.extend(listed if isinstance(listed, list) else [listed])
        value = slugs
    if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        errors.add("categories", _('Send a list of category slugs, such as ["tabs"].'))
        return None
    slugs = list(dict.fromkeys(value))
    if len(slugs) > MAX_CATEGORIES:
        errors.add(
            "categories",
            _("An add-on can have at most %(limit)d categories; %(count)d were sent.")
            % {"limit": MAX_CATEGORIES, "count": len(slugs)},
        )
        return None
    return slugs


def clean_tags(value: Any, errors: Errors) -> list[str] | None:
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        errors.add("tags", _('Send a list of tag names, such as ["privacy"].'))
        return None
    tags = list(dict.fromkeys(" ".join(t.split()).lower() for t in value if t.strip()))
    if len(tags) > MAX_TAGS:
        errors.add(
            "tags",
            _("An add-on can have at most %(limit)d tags; %(count)d were sent.")
            % {"limit": MAX_TAGS, "count": len(tags)},
        )
        return None
    too_long = [tag for tag in tags if len(tag) > TAG_MAX_LENGTH]
    if too_long:
        errors.add(
            "tags",
            _("Tag %(tag)r is longer than %(limit)d characters.")
            % {"tag": too_long[0][:40] + "…", "limit": TAG_MAX_LENGTH},
        )
        return None
    return tags


def check_addon_data(data: dict[str, Any], *, default_locale: str) -> dict[str, Any]:
    """Return the add-on fields of `data`, cleaned; raise SubmissionError.

    Only the keys present in `data` are returned. `default_locale` places
    links sent as plain strings when `data` names no default locale.
    """
    errors = Errors()
    cleaned = clean_addon_data(data, default_locale, errors)
    errors.raise_any()
    return cleaned


def clean_addon_data(
    data: dict[str, Any], default_locale: str, errors: Errors
) -> dict[str, Any]:
    """Return the valid add-on fields of `data`; add problems to `errors`."""
    cleaned: dict[str, Any] = {}

    if "default_locale" in data:
        locale = canonical_locale(data["default_locale"])
        if locale is None:
            errors.add(
                "default_locale",
                _("The locale code %(code)r is unknown: use one such as en-US.")
                % {"code": data["default_locale"]},
            )
        else:
            cleaned["default_locale"] = default_locale = locale

    for field, max_length in TRANSLATED_ADDON_FIELDS.items():
        if field in data:
            value = clean_translated(data[field], field, errors, max_length=max_length)
            if value is not None:
                cleaned[field] = value
    for field in LINK_FIELDS:
        if field in data:
            link = clean_link(data[field], field, errors, default_locale)
            if link is not None:
                cleaned[field] = link
    if "support_email" in data:
        email = clean_email(data["support_email"], errors, default_locale)
        if email is not None:
            cleaned["support_email"] = email
    if "contributions_url" in data:
        url = clean_contributions_url(data["contributions_url"], errors)
        if url is not None:
            cleaned["contributions_url"] = url
    if "slug" in data:
        slug = clean_slug(data["slug"], errors)
        if slug is not None:
            cleaned["slug"] = slug
    if "categories" in data:
        categories = clean_categories(data["categories"], errors)
        if categories is not None:
            cleaned["categories"] = categories
    if "tags" in data:
        tags = clean_tags(data["tags"], errors)
        if tags is not None:
            cleaned["tags"] = tags
    for field in BOOLEAN_FIELDS:
        if field in data:
            if isinstance(data[field], bool):
                cleaned[field] = data[field]
            else:
                errors.add(field, _("Must be true or false."))
    return cleaned


def clean_license(value: Any, addon_type: int, errors: Errors) -> str | None:
    """Return a built-in licence slug that suits the add-on's type."""
    themes = addon_type == AddonType.STATICTHEME
    allowed = [item.slug for item in BUILTIN_LICENSES if item.for_themes == themes]
    if not isinstance(value, str) or value not in allowed:
        errors.add(
            "license",
            _(
                "License %(slug)r is not available for this add-on: use one "
                "of %(slugs)s."
            )
            % {"slug": value, "slugs": ", ".join(allowed)},
        )
        return None
    return value


def clean_custom_license(
    value: Any, addon_type: int, errors: Errors
) -> dict[str, dict[str, str]] | None:
    if addon_type == AddonType.STATICTHEME:
        errors.add(
            "custom_license",
            _("Themes cannot have a custom license: pick one with license."),
        )
        return None
    if not isinstance(value, dict):
        errors.add(
            "custom_license",
            _("Send an object with name and text, each {lang-code:value}."),
        )
        return None
    name = clean_translated(value.get("name"), "custom_license", errors, max_length=200)
    text = clean_translated(value.get("text"), "custom_license", errors)
    if name is None or text is None:
        return None
    if not any(name.values()) or not any(text.values()):
        errors.add(
            "custom_license", _("A custom license needs both a name and a text.")
        )
        return None
    return {"name": name, "text": text}


def clean_compatibility(value: Any, errors: Errors) -> dict[str, dict[str, str]] | None:
    """Return `{app: {"min"?, "max"?}}` from that shape or a list of apps."""
    if isinstance(value, list) and all(isinstance(app, str) for app in value):
        value = {app: {} for app in value}
    if not isinstance(value, dict) or not value:
        errors.add(
            "compatibility",
            _(
                'Send an object such as {"firefox": {"min": "115.0"}} or a '
                'list of applications such as ["firefox", "android"].'
            ),
        )
        return None
    cleaned: dict[str, dict[str, str]] = {}
    for app, limits in value.items():
        if app not in APPS:
            errors.add(
                "compatibility",
                _("Unknown application %(app)r: use %(apps)s.")
                % {"app": app, "apps": " or ".join(APPS)},
            )
            continue
        if not isinstance(limits, dict):
            errors.add(
                "compatibility",
                _('Send %(app)s\'s range as {"min": ..., "max": ...}.') % {"app": app},
            )
            continue
        cleaned[app] = {}
        for bound in ("min", "max"):
            version = limits.get(bound)
            if version is None:
                continue
            if not isinstance(version, str) or not APP_VERSION_PATTERN.match(version):
                errors.add(
                    "compatibility",
                    _(
                        "Invalid %(app)s %(bound)s version %(version)r: use one "
                        "such as 115.0 or *."
                    )
                    % {"app": app, "bound": bound, "version": version},
                )
                continue
            cleaned[app][bound] = version
    return cleaned if "compatibility" not in errors else None


def check_version_data(data: dict[str, Any], *, addon_type: int) -> dict[str, Any]:
    """Return the version fields of `data`, cleaned; raise SubmissionError."""
    errors = Errors()
    cleaned = clean_version_data(data, addon_type, errors)
    errors.raise_any()
    return cleaned


def clean_version_data(
    data: dict[str, Any], addon_type: int, errors: Errors
) -> dict[str, Any]:
    """Return the valid version fields of `data`; add problems to `errors`."""
    cleaned: dict[str, Any] = {}

    if data.get("license") is not None and data.get("custom_license") is not None:
        errors.add(
            "non_field_errors",
            _("Send either license or custom_license, not both."),
        )
    if data.get("license") is not None:
        slug = clean_license(data["license"], addon_type, errors)
        if slug is not None:
            cleaned["license"] = slug
    if data.get("custom_license") is not None:
        custom = clean_custom_license(data["custom_license"], addon_type, errors)
        if custom is not None:
            cleaned["custom_license"] = custom
    if data.get("compatibility") is not None:
        compatibility = clean_compatibility(data["compatibility"], errors)
        if compatibility is not None:
            cleaned["compatibility"] = compatibility
    if "release_notes" in data and data["release_notes"] is not None:
        notes = clean_translated(
            data["release_notes"], "release_notes", errors, max_length=NOTES_MAX_LENGTH
        )
        if notes is not None:
            cleaned["release_notes"] = notes
    if "approval_notes" in data and data["approval_notes"] is not None:
        approval = data["approval_notes"]
        if not isinstance(approval, str):
            errors.add("approval_notes", _("Must be a string."))
        elif len(approval) > NOTES_MAX_LENGTH:
            errors.add(
                "approval_notes",
                _("Ensure this field has no more than %(limit)d characters.")
                % {"limit": NOTES_MAX_LENGTH},
            )
        else:
            cleaned["approval_notes"] = approval
    if data.get("source") is not None:
        errors.add(
            "source",
            _(
                "Send the source archive as a multipart file to the version's "
                "edit endpoint; in JSON, source can only be null."
            ),
        )
    if "is_disabled" in data:
        if isinstance(data["is_disabled"], bool):
            cleaned["is_disabled"] = data["is_disabled"]
        else:
            errors.add("is_disabled", _("Must be true or false."))
    return cleaned
