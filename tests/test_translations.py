"""The catalogues of the 35 translated locales: complete, exact, compiled.

Every locale but en-US (the source language) has a catalogue under
locale/<ll>/LC_MESSAGES/. Each entry of the template is translated, none
is fuzzy, plural entries have the forms their locale's Plural-Forms asks
for, and no translation names a placeholder that its source lacks. The
committed .mo files hold what their .po files say (scripts/messages
compiles them).
"""

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils.translation import to_locale

ROOT = Path(__file__).resolve().parents[1]
LOCALE_DIR = ROOT / "locale"
TRANSLATED = [code for code in settings.AMO_LANGUAGES if code != "en-US"]
# Python's named placeholders and the HTML tags a string may carry.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|<[^>]+>")


def catalogue_path(code: str, suffix: str) -> Path:
    return LOCALE_DIR / to_locale(code) / "LC_MESSAGES" / f"django.{suffix}"


def read_catalogue(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def template_ids() -> set[object]:
    return {m.id for m in read_catalogue(LOCALE_DIR / "django.pot") if m.id}


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def test_every_served_locale_has_a_catalogue():
    assert len(TRANSLATED) == 35
    missing = [code for code in TRANSLATED if not catalogue_path(code, "po").is_file()]
    assert missing == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalogue_is_complete(code):
    catalogue = read_catalogue(catalogue_path(code, "po"))
    entries = {message.id: message for message in catalogue if message.id}

    assert set(entries) == template_ids(), "run scripts/messages"
    problems = []
    for message in entries.values():
        source = message.id if isinstance(message.id, str) else message.id[0]
        if message.fuzzy:
            problems.append(f"fuzzy: {source!r}")
        if isinstance(message.id, tuple):
            forms = message.string
            if len(forms) != catalogue.num_plurals:
                problems.append(f"{len(forms)} plural forms: {source!r}")
            # A form for one number may leave the number out ("Only the
            # first add-on"), but never adds a placeholder.
            allowed = placeholders(message.id[0]) | placeholders(message.id[1])
            for form in forms:
                if not form:
                    problems.append(f"untranslated: {source!r}")
                elif not placeholders(form) <= allowed:
                    problems.append(f"placeholders {placeholders(form)}: {source!r}")
        elif not message.string:
            problems.append(f"untranslated: {source!r}")
        elif placeholders(message.string) != placeholders(source):
            problems.append(f"placeholders {placeholders(message.string)}: {source!r}")
    assert problems == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_compiled_catalogue_matches(code):
    catalogue = read_catalogue(catalogue_path(code, "po"))
    with catalogue_path(code, "mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    plural_index = gettext.c2py(catalogue.plural_expr)

    for message in catalogue:
        if not message.id:
            continue
        if isinstance(message.id, str):
            assert compiled.gettext(message.id) == message.string, message.id
            continue
        singular, plural = message.id
        # Enough numbers to reach every form of every plural rule.
        for number in (*range(0, 112), 1000, 1_000_000):
            expected = message.string[plural_index(number)]
            found = compiled.ngettext(singular, plural, number)
            assert found == expected, (singular, number)
