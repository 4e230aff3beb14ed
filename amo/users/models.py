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
