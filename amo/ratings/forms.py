"""Forms of the ratings pages: rate, reply, flag.

The forms check what needs no database: the score's range, the lengths,
the flag's reason and note. The actions check the rest (who may act, a
duplicate rating, a disabled add-on), and the views put the errors they
raise next to the same fields.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from amo.core.errors import NON_FIELD_ERRORS, ActionError
from amo.ratings.models import BODY_MAX_LENGTH, FLAG_NOTE_MAX_LENGTH, RatingFlagReason

SCORES = (1, 2, 3, 4, 5)

# The reasons a user may give, in the order the form lists them.
FLAG_LABELS = {
    RatingFlagReason.SPAM.value: _("Spam or otherwise non-review content"),
    RatingFlagReason.LANGUAGE.value: _("Inappropriate language or dialog"),
    RatingFlagReason.BUG_SUPPORT.value: _("Misplaced bug report or support request"),
    RatingFlagReason.OTHER.value: _("Other"),
}


def body_field(*, required: bool, label: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=BODY_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": BODY_MAX_LENGTH}),
        error_messages={
            "max_length": _(
                "Keep the text to %(limit_value)s characters; it has %(show_value)s."
            ),
            "required": _("Write the text of your reply."),
        },
    )


class RatingForm(forms.Form):
    """One to five stars and an optional review."""

    score = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=[(score, str(score)) for score in SCORES],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a rating from 1 to 5 stars."),
            "invalid_choice": _(
                "“%(value)s” is no rating: choose a rating from 1 to 5 stars."
            ),
        },
    )
    body = body_field(required=False, label=_("Your review (optional)"))


class ReplyForm(forms.Form):
    body = body_field(required=True, label=_("Your reply"))


class FlagForm(forms.Form):
    """Why a rating should be moderated; "other" needs a note."""

    flag = forms.ChoiceField(
        label=_("Why should moderators look at this review?"),
        choices=list(FLAG_LABELS.items()),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a reason."),
            "invalid_choice": _("“%(value)s” is no reason: choose one of the list."),
        },
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=FLAG_NOTE_MAX_LENGTH,
        strip=True,
        widget=forms.TextInput(attrs={"maxlength": FLAG_NOTE_MAX_LENGTH}),
        error_messages={
            "max_length": _(
                "Keep the note to %(limit_value)s characters; it has %(show_value)s."
            ),
        },
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("flag") == RatingFlagReason.OTHER and not cleaned.get("note"):
            self.add_error(
                "note",
                ValidationError(
                    _("Say in a note why moderators should look at it."),
                    code="required",
                ),
            )
        return cleaned


def add_action_errors(form: forms.Form, error: ActionError) -> None:
    """Show the messages of `error` beside the fields of `form` they name.

    A field the form does not have gets its messages above the form.
    """
    for name, messages in error.errors.items():
        field = name if name in form.fields else None
        if name == NON_FIELD_ERRORS:
            field = None
        for message in messages:
            form.add_error(field, str(message))
