"""Factories and people of the collections tests."""

import factory
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from amo.collections.models import Collection, CollectionAddon
from amo.users.models import User
from amo.users.permissions import ADMINS, REVIEWERS
from tests.factories import UserFactory


class CollectionFactory(DjangoModelFactory):
    """A public collection of a new user, with no add-ons."""

    class Meta:
        model = Collection

    author = factory.SubFactory(UserFactory)
    slug = factory.Sequence(lambda n: f"collection-{n}")
    name = factory.Sequence(lambda n: {"en-US": f"Collection {n}"})
    description = factory.LazyAttribute(
        lambda collection: {"en-US": f"About {collection.name['en-US']}."}
    )


class CollectionAddonFactory(DjangoModelFactory):
    class Meta:
        model = CollectionAddon

    notes = factory.LazyFunction(dict)


def grouped_user(username: str, group: str) -> User:
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


def admin_user(username: str = "adam") -> User:
    return grouped_user(username, ADMINS)


def reviewer_user(username: str = "rita") -> User:
    return grouped_user(username, REVIEWERS)
