"""State changes of accounts: the only code that writes users and keys.

Every `do_*` function is synchronous ORM code that runs in one transaction
in the write thread (views call it through `amo.core.db.run_write`, jobs
and commands call it directly inside `transaction.atomic`). Mail goes out
through `send_mail_after_commit`, and caches are cleared through
amo.core.cache.invalidation, both once the transaction commits.
"""

import hashlib
from dataclasses import dataclass
from typing import Any

import babel.dates
import structlog
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.template import engines
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from amo.addons.models import Addon, AddonUser
from amo.core import i18n, urls
from amo.core.cache import invalidation
from amo.core.constants import AddonStatus, AuthorRole
from amo.core.mail import send_mail_after_commit
from amo.devhub import activity
from amo.devhub.models import Activity
from amo.search import documents
from amo.users import pictures, tokens
from amo.users.models import APIKey, User

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class LinkContext:
    """The locale and application of the pages that a mailed link opens."""

    locale: str = settings.LANGUAGE_CODE
    app: str = "firefox"

    def url(self, name: str, *args: Any) -> str:
        return urls.absolute(
            urls.site_path(name, *args, locale=self.locale, app=self.app)
        )


class AccountError(Exception):
    """A change that the account's current state does not allow.

    `code` names the reason for tests and logs; views show their own
    translated message for it.
    """

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# --- Mail -----------------------------------------------------------------


def _expiry_text(seconds: int, locale: str) -> str:
    """Return "3 days" or "24 hours" in `locale`."""
    return babel.dates.format_timedelta(
        seconds, threshold=2, locale=i18n.babel_locale(locale)
    )


def _mail(
    template: str,
    subject: Any,
    recipient: str,
    links: LinkContext,
    **context: Any,
) -> None:
    """Render `template` in the links' locale and mail it after the commit."""
    env = engines["jinja2"].env  # type: ignore[attr-defined]
    with translation.override(links.locale):
        body = env.get_template(template).render(
            {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, **context}
        )
        subject_text = f"{settings.SITE_NAME}: {subject}"
    send_mail_after_commit(subject_text, body, [recipient])


def _send_confirmation(user: User, links: LinkContext) -> None:
    token = tokens.make_signup_token(user.pk, user.email)
    _mail(
        "users/emails/confirm.txt",
        _("Confirm your email address"),
        user.email,
        links,
        username=user.username,
        link=links.url("users-confirm", token),
        expiry=_expiry_text(settings.EMAIL_CONFIRMATION_SECONDS, links.locale),
    )


# --- Sign-up and log-in ---------------------------------------------------


def do_create_account(
    email: str, username: str, password: str, links: LinkContext
) -> User:
    """Create an account that cannot log in until its address is confirmed.

    Raises AccountError("email_taken") or ("username_taken") when another
    account has the address or the name, checked again here because a
    concurrent sign-up may have passed the form's check.
    """
    if User.objects.filter(email__iexact=email).exists():
        raise AccountError("email_taken")
    if User.objects.filter(username__iexact=username).exists():
        raise AccountError("username_taken")
    user = User(email=email, username=username, email_confirmed=None)
    user.set_password(password)
    user.save()
    _send_confirmation(user, links)
    log.info("account created", user_id=user.pk)
    return user


def do_resend_confirmation(email: str, links: LinkContext) -> bool:
    """Mail the confirmation link again; return whether an account waits.

    Only accounts that never confirmed get one, so the form cannot be
    used to mail anyone else.
    """
    user = User.objects.filter(
        email__iexact=email, email_confirmed__isnull=True, deleted=False
    ).first()
    if user is None:
        return False
    _send_confirmation(user, links)
    return True


def do_confirm_email(token: str) -> User:
    """Confirm the sign-up that `token` names; return the user.

    Opening the link twice confirms once. Raises tokens.InvalidToken for a
    bad or expired link, and AccountError("not_found") when the account
    was deleted or its address changed since.
    """
    user_id, email = tokens.read_signup_token(token)
    user = User.objects.select_for_update().filter(pk=user_id, deleted=False).first()
    if user is None or user.email.lower() != email.lower():
        raise AccountError("not_found")
    if user.email_confirmed is None:
        user.email_confirmed = timezone.now()
        user.save(update_fields=["email_confirmed", "modified"])
        invalidation.invalidate([user])
        log.info("email confirmed", user_id=user.pk)
    return user


def do_record_login(user_id: int, new_password_hash: str | None = None) -> None:
    """Record the time of a successful log-in, and a rehashed password.

    A new last_login also invalidates the password reset links mailed
    before it, as Django's token generator hashes it.
    """
    fields: dict[str, Any] = {"last_login": timezone.now()}
    if new_password_hash:
        fields["password"] = new_password_hash
    User.objects.filter(pk=user_id).update(**fields)


# --- Passwords ------------------------------------------------------------


def do_request_password_reset(email: str, links: LinkContext) -> bool:
    """Mail a reset link to the account of `email`; return whether it exists.

    The page shows the same text either way, so it does not reveal which
    addresses have accounts.
    """
    # An account with no usable password (made by `amo createapikey`) may
    # set one this way; only deleted and unknown addresses get nothing.
    user = User.objects.filter(email__iexact=email, deleted=False).first()
    if user is None:
        return False
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    _mail(
        "users/emails/password_reset.txt",
        _("Reset your password"),
        user.email,
        links,
        username=user.username,
        link=links.url("users-password-reset-confirm", uid, token),
        expiry=_expiry_text(settings.PASSWORD_RESET_TIMEOUT, links.locale),
    )
    return True


def do_reset_password(user_id: int, token: str, password: str) -> User:
    """Set a new password if `token` is still valid for the user.

    Checked again inside the transaction, so a link is used once. A reset
    also confirms the address, since the link reached its mailbox.
    """
    user = User.objects.select_for_update().filter(pk=user_id, deleted=False).first()
    if user is None or not default_token_generator.check_token(user, token):
        raise AccountError("invalid_link")
    user.set_password(password)
    fields = ["password", "modified"]
    if user.email_confirmed is None:
        user.email_confirmed = timezone.now()
        fields.append("email_confirmed")
    user.save(update_fields=fields)
    invalidation.invalidate([user])
    log.info("password reset", user_id=user.pk)
    return user


# --- Profile --------------------------------------------------------------

PROFILE_FIELDS = ("display_name", "username", "homepage", "biography")


def _authored_addon_ids(user_id: int) -> list[int]:
    return list(
        AddonUser.objects.filter(user_id=user_id).values_list("addon_id", flat=True)
    )


def do_update_profile(user_id: int, changes: dict[str, str]) -> User:
    """Save the profile fields in `changes`; return the user.

    Raises AccountError("username_taken") when another account took the
    name. The search documents of the user's add-ons hold their name, so
    they are rebuilt in the same transaction.
    """
    user = User.objects.select_for_update().get(pk=user_id)
    fields = [name for name in PROFILE_FIELDS if name in changes]
    username = changes.get("username")
    if (
        username
        and username.lower() != user.username.lower()
        and User.objects.filter(username__iexact=username).exclude(pk=user_id).exists()
    ):
        raise AccountError("username_taken")
    for name in fields:
        setattr(user, name, changes[name])
    user.save(update_fields=[*fields, "modified"])
    invalidation.invalidate([user])
    documents.refresh(_authored_addon_ids(user_id))
    return user


def do_store_picture(user_id: int, data: bytes) -> None:
    """Store an uploaded photo and queue the job that resizes it.

    The upload waits under PRIVATE_ROOT; the job replaces the photo that
    the profile shows once it has written every size.
    """
    path = pictures.upload_path(user_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_bytes(data)
    temporary.replace(path)

    def queue() -> None:
        from workers.users import resize_picture

        resize_picture.delay(user_id)

    transaction.on_commit(queue, robust=True)


def do_set_picture_hash(user_id: int, picture_hash: str) -> None:
    """Record the hash of the resized photo files (empty: no photo)."""
    user = User.objects.select_for_update().filter(pk=user_id).first()
    if user is None:
        return
    user.picture_hash = picture_hash
    user.save(update_fields=["picture_hash", "modified"])
    invalidation.invalidate([user])


def do_delete_picture(user_id: int) -> None:
    do_set_picture_hash(user_id, "")
    transaction.on_commit(lambda: pictures.delete_pictures(user_id), robust=True)


# --- Email address --------------------------------------------------------


def do_request_email_change(user_id: int, new_email: str, links: LinkContext) -> None:
    """Mail a confirmation link to `new_email`; the address changes on use.

    The current address gets a notice at once, so its owner learns of a
    change they did not ask for.
    """
    user = User.objects.get(pk=user_id)
    if User.objects.filter(email__iexact=new_email).exclude(pk=user_id).exists():
        raise AccountError("email_taken")
    change = tokens.EmailChange(user.pk, user.email, new_email)
    _mail(
        "users/emails/email_change.txt",
        _("Confirm your new email address"),
        new_email,
        links,
        username=user.username,
        link=links.url("users-email-confirm", tokens.make_email_change_token(change)),
        expiry=_expiry_text(settings.EMAIL_CONFIRMATION_SECONDS, links.locale),
    )
    _mail(
        "users/emails/email_change_notice.txt",
        _("A change of your email address was requested"),
        user.email,
        links,
        username=user.username,
        new_email=new_email,
    )


def do_confirm_email_change(token: str) -> User:
    """Change the address that `token` names; return the user.

    Raises tokens.InvalidToken for a bad or expired link, and AccountError
    when the account changed its address since ("stale") or another
    account took the new one ("email_taken").
    """
    change = tokens.read_email_change_token(token)
    user = (
        User.objects.select_for_update()
        .filter(pk=change.user_id, deleted=False)
        .first()
    )
    if user is None:
        raise AccountError("not_found")
    if user.email.lower() == change.new_email.lower():
        return user
    if user.email.lower() != change.old_email.lower():
        raise AccountError("stale")
    if User.objects.filter(email__iexact=change.new_email).exclude(pk=user.pk).exists():
        raise AccountError("email_taken")
    user.email = change.new_email
    if user.email_confirmed is None:
        user.email_confirmed = timezone.now()
    user.save(update_fields=["email", "email_confirmed", "modified"])
    invalidation.invalidate([user])
    log.info("email changed", user_id=user.pk)
    return user


# --- Developer agreement and API keys -------------------------------------


def do_accept_agreement(user_id: int) -> None:
    User.objects.filter(pk=user_id, read_dev_agreement__isnull=True).update(
        read_dev_agreement=timezone.now()
    )


def _revoke_keys(user_id: int) -> int:
    return APIKey.objects.filter(user_id=user_id, is_active=True).update(
        is_active=False, revoked=timezone.now()
    )


def do_generate_api_key(user_id: int) -> tuple[str, str]:
    """Revoke the user's active key and create another; return it.

    The secret is returned here once; pages show it at creation only.
    Raises AccountError("agreement") until the user accepted the
    distribution agreement.
    """
    user = User.objects.select_for_update().get(pk=user_id)
    if user.read_dev_agreement is None:
        raise AccountError("agreement")
    _revoke_keys(user_id)
    key, secret = APIKey.new_credentials(user_id)
    APIKey.objects.create(user=user, key=key, secret=secret, is_active=True)
    log.info("api key created", user_id=user_id, key=key)
    return key, secret


def do_revoke_api_key(user_id: int) -> int:
    """Revoke the user's active key; return how many were revoked (0 or 1)."""
    revoked = _revoke_keys(user_id)
    if revoked:
        log.info("api key revoked", user_id=user_id)
    return revoked


# --- Deletion -------------------------------------------------------------


def anonymous_username(user_id: int) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{user_id}".encode()).hexdigest()
    return f"anonymous-{digest[:16]}"


def _remove_as_author(user: User) -> tuple[list[int], list[int]]:
    """Remove `user` from their add-ons; return (deleted ids, left ids).

    An add-on whose only author they were is deleted. Where they were the
    last owner, the first remaining author becomes the owner, so every
    add-on keeps someone who manages it.
    """
    deleted: list[int] = []
    kept: list[int] = []
    memberships = list(
        AddonUser.objects.select_related("addon").filter(user=user).order_by("pk")
    )
    for membership in memberships:
        addon = Addon.objects.select_for_update().get(pk=membership.addon_id)
        others = list(
            AddonUser.objects.filter(addon=addon)
            .exclude(user=user)
            .order_by("position", "pk")
        )
        if not others:
            addon.status = AddonStatus.DELETED
            addon.save(update_fields=["status", "modified"])
            activity.log(Activity.DELETE_ADDON, addon, None, reason="author deleted")
            deleted.append(addon.pk)
        else:
            if not any(other.role == AuthorRole.OWNER for other in others):
                successor = others[0]
                successor.role = AuthorRole.OWNER
                successor.save(update_fields=["role"])
            activity.log(Activity.REMOVE_AUTHOR, addon, None, reason="author deleted")
            kept.append(addon.pk)
        membership.delete()
    return deleted, kept


def do_delete_account(user_id: int) -> None:
    """Anonymise the account and remove it from its add-ons.

    The row stays, so rows that point at it (ratings, the activity log)
    keep their foreign keys; only what identifies the person goes.
    """
    user = User.objects.select_for_update().get(pk=user_id)
    if user.deleted:
        return
    deleted, kept = _remove_as_author(user)
    _revoke_keys(user_id)
    user.email = f"deleted-{user.pk}@users.invalid"
    user.username = anonymous_username(user.pk)
    user.display_name = ""
    user.homepage = ""
    user.biography = ""
    user.picture_hash = ""
    user.read_dev_agreement = None
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.deleted = True
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    invalidation.invalidate([user])
    invalidation.invalidate_addons([*deleted, *kept])
    documents.refresh([*deleted, *kept])
    transaction.on_commit(lambda: pictures.delete_pictures(user_id), robust=True)
    log.info(
        "account deleted", user_id=user_id, addons_deleted=deleted, addons_left=kept
    )
