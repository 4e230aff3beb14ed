"""Pages of signing up, logging in and out, and resetting a password."""

import asyncio

import babel.dates
import structlog
from django.conf import settings
from django.contrib.auth import alogin, alogout, hashers, password_validation
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from amo.core import i18n
from amo.core.db import run_write
from amo.core.templates import render
from amo.users import actions, forms, queries, ratelimit, tokens
from amo.users.helpers import (
    account_page,
    client_ip,
    links,
    safe_next,
    site_path,
    verify_password,
)
from amo.users.models import User

log = structlog.get_logger(__name__)

BACKEND = "amo.users.backends.AccountBackend"

EMAIL_TAKEN = _("An account with this email address exists already.")
USERNAME_TAKEN = _("This username is taken. Pick another one.")
WRONG_CREDENTIALS = _("The email address or the password is wrong.")
NOT_CONFIRMED = _(
    "Confirm your email address first: open the link in the mail we sent you. "
    "You can have it sent again below."
)
DISABLED = _("This account is disabled.")


def wait_text(request: HttpRequest, seconds: int) -> str:
    """Return "5 minutes" in the request's locale, rounded up to a minute."""
    minutes = max(1, -(-seconds // 60))
    return babel.dates.format_timedelta(
        minutes * 60,
        threshold=2,
        granularity="minute",
        locale=i18n.babel_locale(request.LANG),  # type: ignore[attr-defined]
    )


def expiry_text(request: HttpRequest, seconds: int) -> str:
    return babel.dates.format_timedelta(
        seconds,
        threshold=2,
        locale=i18n.babel_locale(request.LANG),  # type: ignore[attr-defined]
    )


def mail_limit() -> ratelimit.RateLimit:
    """Account mails (sign-ups, resends, resets) that one IP may ask for."""
    return ratelimit.RateLimit(
        "account-mail", settings.ACCOUNT_MAILS_PER_IP, settings.ACCOUNT_MAIL_WINDOW
    )


async def _mail_allowed(request: HttpRequest) -> int:
    """Count one mail for the client; return seconds to wait, or 0."""
    limit = mail_limit()
    ip = client_ip(request)
    wait = await limit.retry_after(ip)
    if not wait:
        await limit.hit(ip)
    return wait


def _too_many_mails(request: HttpRequest, seconds: int) -> str:
    return gettext(
        "Too many mails were requested from your network. Try again in %(time)s."
    ) % {"time": wait_text(request, seconds)}


# --- Sign-up --------------------------------------------------------------


@account_page
async def register(request: HttpRequest) -> HttpResponse:
    user = await request.auser()
    if user.is_authenticated:
        return HttpResponseRedirect(site_path(request, "users-edit"))
    form = forms.RegisterForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        # Every error at once: uniqueness is checked even when another
        # field failed.
        form.is_valid()
        email = form.cleaned_data.get("email", "")
        username = form.cleaned_data.get("username", "")
        if email and await queries.email_taken(email):
            form.add_error("email", EMAIL_TAKEN)
        if username and await queries.username_taken(username):
            form.add_error("username", USERNAME_TAKEN)
        if not form.errors:
            wait = await _mail_allowed(request)
            if wait:
                form.add_error(None, _too_many_mails(request, wait))
                status = 429
        if not form.errors:
            try:
                await run_write(
                    actions.do_create_account,
                    email,
                    username,
                    form.cleaned_data["password"],
                    links(request),
                )
            except actions.AccountError as error:
                field = "email" if error.code == "email_taken" else "username"
                form.add_error(
                    field, EMAIL_TAKEN if field == "email" else USERNAME_TAKEN
                )
            else:
                return await render(
                    request,
                    "users/register_done.html",
                    {
                        "email": email,
                        "expiry": expiry_text(
                            request, settings.EMAIL_CONFIRMATION_SECONDS
                        ),
                        "resend_form": forms.EmailForm(initial={"email": email}),
                    },
                )
    return await render(request, "users/register.html", {"form": form}, status=status)


@account_page
async def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Confirm a sign-up from the mailed link."""
    context: dict[str, object] = {"resend_form": forms.EmailForm()}
    try:
        user = await run_write(actions.do_confirm_email, token)
    except tokens.InvalidToken as error:
        context["problem"] = "expired" if error.expired else "invalid"
        return await render(request, "users/confirm.html", context, status=400)
    except actions.AccountError:
        context["problem"] = "invalid"
        return await render(request, "users/confirm.html", context, status=400)
    context["confirmed_email"] = user.email
    return await render(request, "users/confirm.html", context)


@account_page
async def resend_confirmation(request: HttpRequest) -> HttpResponse:
    form = forms.EmailForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        wait = await _mail_allowed(request)
        if wait:
            form.add_error(None, _too_many_mails(request, wait))
            status = 429
        else:
            await run_write(
                actions.do_resend_confirmation,
                form.cleaned_data["email"],
                links(request),
            )
            # The same response whether or not an account waits, so the form
            # does not reveal which addresses signed up.
            return await render(
                request,
                "users/resend_done.html",
                {
                    "email": form.cleaned_data["email"],
                    "expiry": expiry_text(request, settings.EMAIL_CONFIRMATION_SECONDS),
                },
            )
    return await render(request, "users/resend.html", {"form": form}, status=status)


# --- Log-in ---------------------------------------------------------------


@account_page
async def login(request: HttpRequest) -> HttpResponse:
    current = await request.auser()
    if current.is_authenticated and request.method != "POST":
        return HttpResponseRedirect(safe_next(request))
    form = forms.LoginForm(request.POST if request.method == "POST" else None)
    context = {"form": form, "next": safe_next(request, ""), "unconfirmed": False}
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        ip = client_ip(request)
        wait = await ratelimit.login_retry_after(email, ip)
        if wait:
            log.info("log-in rate limited", ip=ip, wait=wait)
            form.add_error(
                None,
                gettext(
                    "Too many failed log-ins. For your security, try again in "
                    "%(time)s, or reset your password."
                )
                % {"time": wait_text(request, wait)},
            )
            return await render(request, "users/login.html", context, status=429)
        user = await queries.get_account_by_email(email)
        correct, must_update = await verify_password(
            user, form.cleaned_data["password"]
        )
        if user is None or not correct or user.deleted:
            await ratelimit.record_login_failure(email, ip)
            form.add_error(None, WRONG_CREDENTIALS)
        elif not user.is_active:
            form.add_error(None, DISABLED)
        elif user.email_confirmed is None:
            context["unconfirmed"] = True
            context["resend_form"] = forms.EmailForm(initial={"email": email})
            form.add_error(None, NOT_CONFIRMED)
        else:
            await ratelimit.reset_login_failures(email)
            new_hash = None
            if must_update:
                new_hash = await asyncio.to_thread(
                    hashers.make_password, form.cleaned_data["password"]
                )
            await run_write(actions.do_record_login, user.pk, new_hash)
            if new_hash:
                user.password = new_hash
            # last_login is recorded above, so Django's receiver skips it.
            request.amo_login_recorded = True  # type: ignore[attr-defined]
            await alogin(request, user, backend=BACKEND)
            log.info("logged in", user_id=user.pk)
            return HttpResponseRedirect(safe_next(request))
    return await render(request, "users/login.html", context, status=status)


@require_POST
async def logout(request: HttpRequest) -> HttpResponse:
    await alogout(request)
    return HttpResponseRedirect(safe_next(request))


# --- Password reset -------------------------------------------------------


@account_page
async def password_reset(request: HttpRequest) -> HttpResponse:
    form = forms.EmailForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        wait = await _mail_allowed(request)
        if wait:
            form.add_error(None, _too_many_mails(request, wait))
            status = 429
        else:
            await run_write(
                actions.do_request_password_reset,
                form.cleaned_data["email"],
                links(request),
            )
            return await render(
                request,
                "users/password_reset_sent.html",
                {
                    "email": form.cleaned_data["email"],
                    "expiry": expiry_text(request, settings.PASSWORD_RESET_TIMEOUT),
                },
            )
    return await render(
        request, "users/password_reset.html", {"form": form}, status=status
    )


async def _reset_user(uidb64: str, token: str) -> User | None:
    try:
        user_id = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    if user_id > queries.MAX_ID:
        return None
    user = await queries.get_account(user_id)
    if user is None or user.deleted:
        return None
    if not default_token_generator.check_token(user, token):
        return None
    return user


@account_page
async def password_reset_confirm(
    request: HttpRequest, uidb64: str, token: str
) -> HttpResponse:
    user = await _reset_user(uidb64, token)
    if user is None:
        return await render(
            request, "users/password_reset_confirm.html", {"invalid": True}, status=400
        )
    form = forms.SetPasswordForm(
        user, request.POST if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            await run_write(
                actions.do_reset_password,
                user.pk,
                token,
                form.cleaned_data["password"],
            )
        except actions.AccountError:
            return await render(
                request,
                "users/password_reset_confirm.html",
                {"invalid": True},
                status=400,
            )
        return await render(
            request, "users/password_reset_confirm.html", {"done": True}
        )
    return await render(
        request,
        "users/password_reset_confirm.html",
        {"form": form, "help": password_validation.password_validators_help_texts()},
    )
