"""Forms of the account pages.

The forms check what needs no database: formats, lengths and Django's
password validators. Views check uniqueness through async queries, and
the actions check it again inside their transaction.
"""

import re
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from amo.users import pictures
from amo.users.models import User

USERNAME_PATTERN = re.compile(r"^[\w.-]+\Z")
# Deleted accounts get usernames with this prefix.
RESERVED_PREFIX = "anonymous-"


def normalise_email(email: str) -> str:
    return email.strip().lower()


def clean_username(value: str) -> str:
    username = value.strip()
    if not USERNAME_PATTERN.match(username):
        raise ValidationError(
            _("Use only letters, digits, dots, hyphens and underscores."),
            code="invalid",
        )
    if username.isdigit():
        raise ValidationError(_("A username needs at least one letter."), code="digits")
    if username.lower().startswith(RESERVED_PREFIX):
        raise ValidationError(
            _("Usernames starting with “anonymous-” are reserved."),
            code="reserved",
        )
    return username


class PasswordField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("strip", False)
        kwargs.setdefault("max_length", 4096)
        kwargs.setdefault(
            "widget", forms.PasswordInput(attrs={"autocomplete": "new-password"})
        )
        super().__init__(**kwargs)


class RegisterForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Letters, digits, dots, hyphens and underscores."),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password = PasswordField(label=_("Password"))

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])

    def clean_username(self) -> str:
        return clean_username(self.cleaned_data["username"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password = data.get("password")
        if password:
            candidate = User(
                email=data.get("email", ""), username=data.get("username", "")
            )
            try:
                password_validation.validate_password(password, candidate)
            except ValidationError as error:
                self.add_error("password", error)
        return data


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])


class LoginForm(EmailForm):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class SetPasswordForm(forms.Form):
    password = PasswordField(label=_("New password"))

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        password_validation.validate_password(password, self.user)
        return password


def clean_homepage(value: str) -> str:
    if value and urlsplit(value).scheme.lower() not in ("http", "https"):
        raise ValidationError(
            _("The homepage must be an http:// or https:// address."),
            code="scheme",
        )
    return value


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"), max_length=100, required=False
    )
    username = forms.CharField(label=_("Username"), max_length=150)
    homepage = forms.URLField(
        label=_("Homepage"),
        max_length=255,
        required=False,
        assume_scheme="https",
    )
    biography = forms.CharField(
        label=_("Biography"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    photo = forms.FileField(
        label=_("Profile photo"),
        required=False,
        help_text=_("PNG or JPEG, at most 4 MB."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    )

    def clean_username(self) -> str:
        return clean_username(self.cleaned_data["username"])

    def clean_homepage(self) -> str:
        return clean_homepage(self.cleaned_data["homepage"])

    def clean_display_name(self) -> str:
        return self.cleaned_data["display_name"].strip()

    def clean_photo(self) -> bytes | None:
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        if upload.size > pictures.MAX_PICTURE_BYTES:
            raise ValidationError(
                _("The photo is larger than 4 MB. Upload a smaller image."),
                code="too_large",
            )
        data = upload.read()
        pictures.check_picture(data)
        return data


class ChangeEmailForm(EmailForm):
    password = forms.CharField(
        label=_("Current password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Current password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that deleting my account cannot be undone."),
        required=True,
    )
