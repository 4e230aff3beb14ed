"""factory_boy factories for the domain models."""

import datetime
import hashlib

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from amo.addons.models import Addon, AddonUser, Category, Preview, Tag
from amo.core.constants import (
    AddonStatus,
    AddonType,
    ApplicationChoices,
    AuthorRole,
    Channel,
    FileStatus,
)
from amo.files.models import File
from amo.search import documents
from amo.users.models import User
from amo.versions.models import ApplicationsVersions, License, Version


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    username = factory.Sequence(lambda n: f"author{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    display_name = factory.LazyAttribute(lambda user: user.username.title())


class TagFactory(DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("tag_text",)

    tag_text = factory.Sequence(lambda n: f"tag{n}")


class AddonFactory(DjangoModelFactory):
    """A listed add-on with one public version, unless told otherwise.

    `versions=N` creates N versions (the newest is current); `authors=[...]`
    attaches users; `categories=[slug, ...]` picks existing categories of
    the add-on's type for Firefox.
    """

    class Meta:
        model = Addon
        skip_postgeneration_save = True

    guid = factory.Sequence(lambda n: f"addon{n}@example.com")
    slug = factory.Sequence(lambda n: f"addon-{n}")
    type = AddonType.EXTENSION
    status = AddonStatus.PUBLIC
    name = factory.Sequence(lambda n: {"en-US": f"Add-on {n}"})
    summary = factory.LazyAttribute(
        lambda addon: {"en-US": f"Summary of {addon.name['en-US']}"}
    )
    description = factory.LazyAttribute(
        lambda addon: {"en-US": f"Description of {addon.name['en-US']}."}
    )
    average_daily_users = factory.Sequence(lambda n: 1000 * (n + 1))
    weekly_downloads = factory.Sequence(lambda n: 100 * (n + 1))
    average_rating = 4.0
    bayesian_rating = 4.0
    total_ratings = 10
    last_updated = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def versions(addon, create, extracted, **kwargs):
        if not create:
            return
        count = 1 if extracted is None else extracted
        latest = None
        for index in range(count):
            latest = VersionFactory(
                addon=addon,
                version=f"1.{index}",
                created=timezone.now() - datetime.timedelta(days=count - index),
            )
        if latest is not None:
            addon.current_version = latest
            addon.save(update_fields=["current_version"])

    @factory.post_generation
    def authors(addon, create, extracted, **kwargs):
        if not create:
            return
        for position, user in enumerate(extracted or [UserFactory()]):
            AddonUser.objects.create(
                addon=addon, user=user, role=AuthorRole.OWNER, position=position
            )

    @factory.post_generation
    def categories(addon, create, extracted, **kwargs):
        if not create or not extracted:
            return
        addon.categories.set(
            Category.objects.filter(
                application=ApplicationChoices.FIREFOX,
                type=addon.type,
                slug__in=extracted,
            )
        )

    @factory.post_generation
    def tags(addon, create, extracted, **kwargs):
        if not create or not extracted:
            return
        addon.tags.set([TagFactory(tag_text=text) for text in extracted])

    @factory.post_generation
    def search_document(addon, create, extracted, **kwargs):
        # Last, so the document has the tags and authors set above, as the
        # code that creates add-ons refreshes it after their relations.
        if create and extracted is not False:
            documents.refresh([addon.pk])


class VersionFactory(DjangoModelFactory):
    class Meta:
        model = Version
        skip_postgeneration_save = True

    addon = factory.SubFactory(AddonFactory, versions=0)
    version = factory.Sequence(lambda n: f"1.{n}")
    channel = Channel.LISTED
    release_notes = factory.LazyAttribute(
        lambda v: {"en-US": f"Changes in {v.version}."}
    )
    license = factory.LazyFunction(
        lambda: License.objects.filter(slug="MPL-2.0").first()
    )
    reviewed = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def file(version, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        FileFactory(version=version, **kwargs)

    @factory.post_generation
    def compatibility(version, create, extracted, **kwargs):
        if not create:
            return
        for application, (low, high) in (
            extracted or {ApplicationChoices.FIREFOX: ("115.0", "*")}
        ).items():
            ApplicationsVersions.objects.create(
                version=version, application=application, min=low, max=high
            )


class FileFactory(DjangoModelFactory):
    class Meta:
        model = File

    version = factory.SubFactory(VersionFactory, file=False)
    filename = factory.LazyAttribute(
        lambda f: f"{f.version.addon.slug}-{f.version.version}.xpi"
    )
    hash = "sha256:" + "0" * 64
    size = 12345
    status = FileStatus.PUBLIC


class PreviewFactory(DjangoModelFactory):
    class Meta:
        model = Preview

    addon = factory.SubFactory(AddonFactory)
    caption = factory.Sequence(lambda n: {"en-US": f"Screenshot {n}"})
    position = factory.Sequence(int)
    sizes = factory.LazyFunction(
        lambda: {"image": [1280, 960], "thumbnail": [533, 400]}
    )


class StoredPreviewFactory(PreviewFactory):
    """A preview whose image and thumbnail are stored on this site.

    Only the names are set; pages print their URLs and never read the bytes.
    """

    image = factory.LazyAttribute(
        lambda preview: f"previews/{preview.addon.pk}/{preview.position}.png"
    )
    thumbnail = factory.LazyAttribute(
        lambda preview: f"previews/{preview.addon.pk}/{preview.position}-thumb.png"
    )


def store_package(file: File, content: bytes) -> File:
    """Write `content` to storage as the package of `file`.

    The file's hash and size are set from the bytes, as an upload sets them.
    """
    file.file.save(file.filename, ContentFile(content), save=False)
    file.hash = "sha256:" + hashlib.sha256(content).hexdigest()
    file.size = len(content)
    file.save()
    return file
