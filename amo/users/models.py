import secrets

from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin, UserManager
from django.db import models
from django.utils import timezone


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(unique=True, max_length=254)
    username = models.CharField(unique=True, max_length=150)
    display_name = models.CharField(max_length=100, blank=True)
    homepage = models.URLField(max_length=255, blank=True)
    biography = models.TextField(blank=True)
    # The user's id on addons.mozilla.org, for records loaded by the importer.
    amo_id = models.PositiveIntegerField(null=True, blank=True, unique=True)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    deleted = models.BooleanField(default=False)
    # When the user accepted the distribution agreement; None until then.
    # Submitting add-ons, and API keys, need it.
    read_dev_agreement = models.DateTimeField(null=True, blank=True)
    # When the user confirmed their email address. The sign-up form clears
    # it until the link it mails is opened; accounts made any other way
    # (the admin, commands, the importer) count as confirmed.
    email_confirmed = models.DateTimeField(null=True, blank=True, default=timezone.now)
    # The hash of the profile photo's resized files, in their URLs; empty
    # for no photo.
    picture_hash = models.CharField(max_length=16, blank=True, default="")
    created = models.DateTimeField(default=timezone.now)
    modified = models.DateTimeField(auto_now=True)

    objects = UserManager["User"]()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["username"]

    class Meta:
        db_table = "users"

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name shown on pages: the display name, else the username."""
        return self.display_name or self.username

    def picture_url(self, size: int) -> str:
        """Return the URL of the profile photo at `size` pixels, or ""."""
        from amo.users.pictures import picture_url

        return picture_url(self, size)


class APIKey(models.Model):
    """A key and secret that sign JWTs for the API, as web-ext sends them.

    `key` is the JWT `iss`, in AMO's form `user:<user id>:<random>`; the
    secret signs the token with HS256. A revoked key stays, inactive, so
    its tokens keep failing with a clear reason.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_keys")
    key = models.CharField(max_length=255, unique=True)
    secret = models.CharField(max_length=255)
    is_active = models.BooleanField(default=True)
    created = models.DateTimeField(default=timezone.now)
    revoked = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "api_keys"
        constraints = [
            # One active key per user, as on AMO.
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(is_active=True),
                name="apikey_one_active_per_user",
            )
        ]

    def __str__(self) -> str:
        return self.key

    @staticmethod
    def new_credentials(user_id: int) -> tuple[str, str]:
        """Return a fresh key and secret for the user with id `user_id`."""
        return f"user:{user_id}:{secrets.token_hex(4)}", secrets.token_hex(32)
