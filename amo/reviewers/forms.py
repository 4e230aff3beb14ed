"""The form of the review page: a decision on the version and a comment."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from amo.core.constants import FileStatus

# Characters a reviewer's comment may have; the mail to the authors and the
# activity log carry it whole.
MAX_COMMENT_LENGTH = 10000

APPROVE = "approve"
REJECT = "reject"
COMMENT = "comment"

ACTION_LABELS = {
    APPROVE: _("Approve"),
    REJECT: _("Reject"),
    COMMENT: _("Comment only"),
}


class ReviewForm(forms.Form):
    """Approve, reject or comment on one version.

    Every action is a valid choice here, even one the version no longer
    allows: a second submission of the same decision reaches the action,
    which explains that the version was already reviewed. Rejecting and
    commenting need a comment, which the authors read.
    """

    action = forms.ChoiceField(
        choices=list(ACTION_LABELS.items()),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose an action."),
            "invalid_choice": _("Choose approve, reject or comment only."),
        },
    )
    comment = forms.CharField(
        required=False,
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea,
        strip=True,
    )
    # A random token printed in each rendering of the form, so the action
    # can tell a repeated submission from a second comment.
    submission = forms.CharField(
        required=False, max_length=64, widget=forms.HiddenInput
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        action = cleaned.get("action")
        if cleaned.get("comment"):
            return cleaned
        if action == REJECT:
            self.add_error(
                "comment",
                ValidationError(
                    _("A rejection needs a comment that tells the authors why."),
                    code="comment_required",
                ),
            )
        elif action == COMMENT:
            self.add_error(
                "comment",
                ValidationError(_("The comment is empty."), code="comment_required"),
            )
        return cleaned


def available_actions(
    file_status: int | None, *, deleted: bool, auto_approved: bool
) -> tuple[str, ...]:
    """Return the actions a version allows, by its file's status.

    A file that awaits review can be approved or rejected. A version that
    was approved automatically can still be rejected, since reviewers look
    at those afterwards. Any other version takes comments only.
    """
    if deleted:
        return (COMMENT,)
    if file_status == FileStatus.UNREVIEWED:
        return (APPROVE, REJECT, COMMENT)
    if file_status == FileStatus.PUBLIC and auto_approved:
        return (REJECT, COMMENT)
    return (COMMENT,)
