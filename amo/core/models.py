"""Model building blocks shared by the domain packages."""

from typing import Any

from django.db import models
from django.utils import timezone

# Every stored translation falls back to this locale last.
FALLBACK_LOCALE = "en-US"


class TranslatedField(models.JSONField):
    """A text field stored as a mapping from locale code to text.

    Empty translations are dropped on save, so `{}` means "no text". Reads go
    through `translate()`, which falls back from the requested locale to the
    object's default locale and then to en-US.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("default", dict)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("default") is dict:
            del kwargs["default"]
        if kwargs.get("blank") is True:
            del kwargs["blank"]
        return name, path, args, kwargs

    def get_prep_value(self, value: Any) -> Any:
        if isinstance(value, dict):
            value = {
                locale: text
                for locale, text in value.items()
                if isinstance(text, str) and text.strip()
            }
        elif isinstance(value, str):
            raise TypeError(
                f"{self.name} is translated: assign a dict of locale to text, "
                f"such as {{'en-US': {value[:20]!r}}}, not a string."
            )
        return super().get_prep_value(value)


def translate(
    value: dict[str, str] | None, locale: str, default_locale: str = FALLBACK_LOCALE
) -> tuple[str, str | None]:
    """Return the text of `value` for `locale`, and the locale it is in.

    The order is the locale itself, the object's default locale, en-US,
    then any translation. The second item is None when there is no text.
    """
    if not value:
        return "", None
    if locale in value:
        return value[locale], locale
    for candidate in (default_locale, FALLBACK_LOCALE):
        if candidate in value:
            return value[candidate], candidate
    candidate, text = next(iter(value.items()))
    return text, candidate


class TimestampedModel(models.Model):
    created = models.DateTimeField(default=timezone.now, editable=False)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
