"""`amo createapikey EMAIL`: API credentials for a user, made on the spot."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from amo.core.cache import invalidation
from amo.core.db import use_primary
from amo.users import actions
from amo.users.forms import RESERVED_PREFIX, normalise_email
from amo.users.models import User


def _free_username(email: str) -> str:
    """Return a free username made from the address's local part."""
    base = (
        "".join(
            char if char.isalnum() or char in "._-" else "-"
            for char in email.split("@", 1)[0]
        ).strip(".-_")[:140]
        or "developer"
    )
    if base.lower().startswith(RESERVED_PREFIX) or base.isdigit():
        base = f"developer-{base}"
    username = base
    number = 1
    while User.objects.filter(username__iexact=username).exists():
        number += 1
        username = f"{base}-{number}"
    return username


class Command(BaseCommand):
    help = (
        "Create API credentials for the user with EMAIL, creating the user "
        "(with no usable password) when needed. Any active key is revoked. "
        "Prints `key: ...` and `secret: ...`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="the user's email address")

    def handle(self, *args: Any, **options: Any) -> None:
        email = normalise_email(options["email"])
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(
                f"{options['email']!r} is not a valid email address."
            ) from None
        # Reads go to the primary: the command acts on what it reads.
        with use_primary(), transaction.atomic():
            user = User.objects.select_for_update().filter(email__iexact=email).first()
            if user is not None and user.deleted:
                raise CommandError(f"The account of {email} is deleted.")
            if user is None:
                user = User(
                    email=email,
                    username=_free_username(email),
                    read_dev_agreement=timezone.now(),
                )
                user.set_unusable_password()
                user.save()
            elif user.read_dev_agreement is None:
                user.read_dev_agreement = timezone.now()
                user.save(update_fields=["read_dev_agreement", "modified"])
                invalidation.invalidate([user])
            key, secret = actions.do_generate_api_key(user.pk)
        self.stdout.write(f"key: {key}\nsecret: {secret}\n")
