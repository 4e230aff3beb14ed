"""The rating actions: who may do what, the errors, and the rows they write."""

import pytest
from asgiref.sync import sync_to_async

from amo.addons.models import Addon
from amo.core.constants import AddonStatus, Channel, FileStatus
from amo.core.errors import NON_FIELD_ERRORS, ActionError
from amo.files.models import File
from amo.ratings import actions
from amo.ratings.models import (
    BODY_MAX_LENGTH,
    FLAG_NOTE_MAX_LENGTH,
    Rating,
    RatingFlag,
    RatingFlagReason,
)
from amo.users.models import User
from tests.factories import VersionFactory

from .conftest import arating_row


def errors_of(excinfo: pytest.ExceptionInfo[ActionError]) -> dict[str, list[str]]:
    return {
        field: [str(m) for m in msgs] for field, msgs in excinfo.value.errors.items()
    }


async def test_create_rates_current_version(world):
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=4, body="Works well.", ip_address="10.0.0.1"
    )

    row = await arating_row(rating.pk)
    assert row.version_id == world.version.pk
    assert row.score == 4
    assert row.body == "Works well."
    assert row.ip_address == "10.0.0.1"
    assert row.is_latest
    assert row.previous_count == 0
    assert not row.held
    assert not row.needs_moderation


async def test_create_keeps_body_as_given(world):
    body = '<b>bold</b> & "quoted"\nsecond line'
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=5, body=body
    )

    assert (await arating_row(rating.pk)).body == body


@pytest.mark.parametrize(
    ("score", "field"),
    [(0, "score"), (6, "score"), ("5", "score"), (True, "score"), (None, "score")],
)
async def test_create_rejects_bad_score(world, score, field):
    with pytest.raises(ActionError) as excinfo:
        await actions.create_rating(world.alice, world.addon.pk, score=score)

    assert excinfo.value.status == 400
    assert list(excinfo.value.errors) == [field]


async def test_create_trims_whitespace_around_body(world):
    blank = await actions.create_rating(
        world.alice, world.addon.pk, score=4, body="  \n\t "
    )
    text = await actions.create_rating(
        world.bob, world.addon.pk, score=4, body="\n  Works well.  \n"
    )

    assert (await arating_row(blank.pk)).body == ""
    assert (await arating_row(text.pk)).body == "Works well."


async def test_create_rejects_null_characters(world):
    with pytest.raises(ActionError) as excinfo:
        await actions.create_rating(world.alice, world.addon.pk, score=3, body="a\x00b")

    assert errors_of(excinfo) == {
        "body": ["The review contains a null character; remove it."]
    }


async def test_create_rejects_long_body(world):
    with pytest.raises(ActionError) as excinfo:
        await actions.create_rating(
            world.alice, world.addon.pk, score=3, body="x" * (BODY_MAX_LENGTH + 1)
        )

    assert excinfo.value.status == 400
    assert "3001 characters" in errors_of(excinfo)["body"][0]


async def test_create_accepts_body_of_max_length(world):
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=3, body="x" * BODY_MAX_LENGTH
    )

    assert len((await arating_row(rating.pk)).body) == BODY_MAX_LENGTH


@pytest.mark.parametrize("body", ["See http://example.com", "HTTPS://x.test/a"])
async def test_create_rejects_urls(world, body):
    with pytest.raises(ActionError) as excinfo:
        await actions.create_rating(world.alice, world.addon.pk, score=3, body=body)

    assert errors_of(excinfo) == {"body": ["No links are allowed."]}


async def test_create_rejects_own_addon(world):
    with pytest.raises(ActionError) as excinfo:
        await actions.create_rating(world.owner, world.addon.pk, score=5)

    assert excinfo.value.status == 400
    assert errors_of(excinfo) == {
        NON_FIELD_ERRORS: ["You can't leave a review on your own add-on."]
    }


async def test_create_unknown_addon_is_404(world):
    with pytest.raises(ActionError) as excinfo:
        await actions.create_rating(world.alice, 999999, score=5)

    assert excinfo.value.status == 404


@pytest.mark.parametrize(
    "change",
    [
        {"status": AddonStatus.DISABLED},
        {"status": AddonStatus.DELETED},
        {"status": AddonStatus.NOMINATED},
        {"disabled_by_user": True},
    ],
)
async def test_create_rejects_addon_not_public(world, change):
    await Addon.objects.filter(pk=world.addon.pk).aupdate(**change)

    with pytest.raises(ActionError) as excinfo:
        await actions.create_rating(world.alice, world.addon.pk, score=5)

    assert excinfo.value.status == 400
    assert world.addon.slug in errors_of(excinfo)["addon"][0]


async def test_create_rejects_anonymous_and_inactive(world):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(ActionError) as anonymous:
        await actions.create_rating(AnonymousUser(), world.addon.pk, score=5)
    await User.objects.filter(pk=world.alice.pk).aupdate(is_active=False)
    world.alice.is_active = False
    with pytest.raises(ActionError) as inactive:
        await actions.create_rating(world.alice, world.addon.pk, score=5)

    assert anonymous.value.status == 403
    assert inactive.value.status == 403


async def test_create_rejects_version_not_public(world):
    other = await sync_to_async(VersionFactory)(version="9.0")
    unlisted = await sync_to_async(VersionFactory)(
        addon=world.addon, version="3.0", channel=Channel.UNLISTED
    )
    disabled = await sync_to_async(VersionFactory)(addon=world.addon, version="4.0")
    await File.objects.filter(version=disabled.pk).aupdate(status=FileStatus.DISABLED)
    deleted = await sync_to_async(VersionFactory)(
        addon=world.addon, version="5.0", deleted=True
    )

    for version_id in (other.pk, unlisted.pk, disabled.pk, deleted.pk, 999999):
        with pytest.raises(ActionError) as excinfo:
            await actions.create_rating(
                world.alice, world.addon.pk, score=5, version_id=version_id
            )
        assert excinfo.value.status == 400
        assert str(version_id) in errors_of(excinfo)["version"][0]


async def test_create_same_version_twice_is_400(world):
    await actions.create_rating(world.alice, world.addon.pk, score=5)

    with pytest.raises(ActionError) as excinfo:
        await actions.create_rating(world.alice, world.addon.pk, score=1)

    assert excinfo.value.status == 400
    assert errors_of(excinfo) == {
        NON_FIELD_ERRORS: [
            "You can't leave more than one review for the same version of an add-on."
        ]
    }
    assert await Rating.objects.filter(user=world.alice).acount() == 1


async def test_create_after_delete_of_same_version(world):
    first = await actions.create_rating(world.alice, world.addon.pk, score=5)
    await actions.delete_rating(world.alice, first.pk)

    second = await actions.create_rating(world.alice, world.addon.pk, score=2)

    assert (await arating_row(second.pk)).previous_count == 0


async def test_newer_version_supersedes(world):
    old = await actions.create_rating(
        world.alice, world.addon.pk, score=2, version_id=world.old_version.pk
    )
    new = await actions.create_rating(world.alice, world.addon.pk, score=5)

    old_row = await arating_row(old.pk)
    new_row = await arating_row(new.pk)
    assert not old_row.is_latest
    assert new_row.is_latest
    assert new_row.previous_count == 1


async def test_edit_by_author(world):
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=2, body="Meh"
    )

    await actions.edit_rating(world.alice, rating.pk, score=4)
    after_score = await arating_row(rating.pk)
    await actions.edit_rating(world.alice, rating.pk, body="")
    after_body = await arating_row(rating.pk)

    assert after_score.score == 4
    assert after_score.body == "Meh"
    assert after_body.body == ""
    assert after_body.score == 4


async def test_edit_by_others_is_403(world):
    rating = await actions.create_rating(world.alice, world.addon.pk, score=2)

    for user in (world.bob, world.owner, world.reviewer):
        with pytest.raises(ActionError) as excinfo:
            await actions.edit_rating(user, rating.pk, score=5)
        assert excinfo.value.status == 403


async def test_edit_checks_input(world):
    rating = await actions.create_rating(world.alice, world.addon.pk, score=2)

    with pytest.raises(ActionError) as score:
        await actions.edit_rating(world.alice, rating.pk, score=9)
    with pytest.raises(ActionError) as body:
        await actions.edit_rating(world.alice, rating.pk, body="go to https://x.test")
    with pytest.raises(ActionError) as missing:
        await actions.edit_rating(world.alice, 999999, score=3)

    assert list(score.value.errors) == ["score"]
    assert errors_of(body) == {"body": ["No links are allowed."]}
    assert missing.value.status == 404


async def test_edit_of_deleted_is_404(world):
    rating = await actions.create_rating(world.alice, world.addon.pk, score=2)
    await actions.delete_rating(world.alice, rating.pk)

    with pytest.raises(ActionError) as excinfo:
        await actions.edit_rating(world.alice, rating.pk, score=3)

    assert excinfo.value.status == 404


async def test_delete_by_author_and_moderators(world):
    first = await actions.create_rating(world.alice, world.addon.pk, score=2)
    second = await actions.create_rating(world.bob, world.addon.pk, score=3)
    third = await actions.create_rating(world.carol, world.addon.pk, score=4)

    await actions.delete_rating(world.alice, first.pk)
    await actions.delete_rating(world.reviewer, second.pk)
    await actions.delete_rating(world.admin, third.pk)

    for rating in (first, second, third):
        assert (await arating_row(rating.pk)).deleted


async def test_delete_by_others_is_403(world):
    rating = await actions.create_rating(world.alice, world.addon.pk, score=2)

    for user in (world.bob, world.owner):
        with pytest.raises(ActionError) as excinfo:
            await actions.delete_rating(user, rating.pk)
        assert excinfo.value.status == 403
    assert not (await arating_row(rating.pk)).deleted


async def test_delete_twice(world):
    rating = await actions.create_rating(world.alice, world.addon.pk, score=2)
    await actions.delete_rating(world.alice, rating.pk)

    with pytest.raises(ActionError) as author:
        await actions.delete_rating(world.alice, rating.pk)
    with pytest.raises(ActionError) as moderator:
        await actions.delete_rating(world.reviewer, rating.pk)

    assert author.value.status == 404
    assert moderator.value.status == 409


async def test_delete_latest_keeps_older_not_latest(world):
    old = await actions.create_rating(
        world.alice, world.addon.pk, score=2, version_id=world.old_version.pk
    )
    new = await actions.create_rating(world.alice, world.addon.pk, score=5)

    await actions.delete_rating(world.alice, new.pk)

    assert not (await arating_row(old.pk)).is_latest
    assert not (await arating_row(old.pk)).deleted


async def test_reply_by_author_once(world):
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=2, body="Bad"
    )

    reply = await actions.reply_to_rating(world.owner, rating.pk, body="Fixed in 2.1")
    again = await actions.reply_to_rating(world.owner, rating.pk, body="Fixed in 2.2")

    assert again.pk == reply.pk
    row = await arating_row(reply.pk)
    assert row.reply_to_id == rating.pk
    assert row.body == "Fixed in 2.2"
    assert row.score is None
    assert await Rating.objects.filter(reply_to=rating.pk).acount() == 1


async def test_reply_undeletes_deleted_reply(world):
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=2, body="Bad"
    )
    reply = await actions.reply_to_rating(world.owner, rating.pk, body="Sorry")
    await actions.delete_rating(world.owner, reply.pk)

    again = await actions.reply_to_rating(world.owner, rating.pk, body="Fixed now")

    row = await arating_row(again.pk)
    assert again.pk == reply.pk
    assert not row.deleted
    assert row.body == "Fixed now"


async def test_reply_rules(world):
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=2, body="Bad"
    )
    reply = await actions.reply_to_rating(world.owner, rating.pk, body="Sorry")

    with pytest.raises(ActionError) as stranger:
        await actions.reply_to_rating(world.bob, rating.pk, body="Me too")
    with pytest.raises(ActionError) as reviewer:
        await actions.reply_to_rating(world.reviewer, rating.pk, body="Hello")
    with pytest.raises(ActionError) as nested:
        await actions.reply_to_rating(world.owner, reply.pk, body="Again")
    with pytest.raises(ActionError) as empty:
        await actions.reply_to_rating(world.owner, rating.pk, body="  ")

    assert stranger.value.status == 403
    assert reviewer.value.status == 403
    assert nested.value.status == 400
    assert errors_of(nested) == {NON_FIELD_ERRORS: ["You can't reply to a reply."]}
    assert list(empty.value.errors) == ["body"]


async def test_reply_edit_body_only(world):
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=2, body="Bad"
    )
    reply = await actions.reply_to_rating(world.owner, rating.pk, body="Sorry")

    await actions.edit_rating(world.owner, reply.pk, body="Really sorry")
    with pytest.raises(ActionError) as excinfo:
        await actions.edit_rating(world.owner, reply.pk, score=5)

    assert (await arating_row(reply.pk)).body == "Really sorry"
    assert list(excinfo.value.errors) == ["score"]


async def test_flag_marks_for_moderation(world):
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=1, body="Spam"
    )

    flag = await actions.flag_rating(world.bob, rating.pk, flag=RatingFlagReason.SPAM)

    assert flag.flag == RatingFlagReason.SPAM
    assert flag.note == ""
    assert (await arating_row(rating.pk)).needs_moderation


async def test_flag_note_switches_to_other(world):
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=1, body="Hm"
    )

    flag = await actions.flag_rating(
        world.bob, rating.pk, flag=RatingFlagReason.SPAM, note="Off topic"
    )

    assert flag.flag == RatingFlagReason.OTHER
    assert flag.note == "Off topic"


async def test_flag_note_rejects_null_characters(world):
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=1, body="Hm"
    )

    with pytest.raises(ActionError) as excinfo:
        await actions.flag_rating(
            world.bob, rating.pk, flag=RatingFlagReason.OTHER, note="a\x00b"
        )

    assert errors_of(excinfo) == {
        "note": ["The note contains a null character; remove it."]
    }


async def test_flag_rules(world):
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=1, body="Hm"
    )
    empty = await actions.create_rating(world.carol, world.addon.pk, score=1)
    await actions.flag_rating(world.bob, rating.pk, flag=RatingFlagReason.LANGUAGE)

    cases = [
        (world.bob, rating.pk, {"flag": RatingFlagReason.SPAM}, NON_FIELD_ERRORS),
        (world.alice, rating.pk, {"flag": RatingFlagReason.SPAM}, NON_FIELD_ERRORS),
        (world.bob, empty.pk, {"flag": RatingFlagReason.SPAM}, NON_FIELD_ERRORS),
        (world.carol, rating.pk, {"flag": RatingFlagReason.OTHER}, "note"),
        (world.carol, rating.pk, {"flag": "rating_flag_reason_nope"}, "flag"),
        (
            world.carol,
            rating.pk,
            {"flag": RatingFlagReason.OTHER, "note": "x" * (FLAG_NOTE_MAX_LENGTH + 1)},
            "note",
        ),
    ]
    for user, rating_id, arguments, field in cases:
        with pytest.raises(ActionError) as excinfo:
            await actions.flag_rating(user, rating_id, **arguments)
        assert excinfo.value.status == 400, arguments
        assert list(excinfo.value.errors) == [field], arguments
    assert await RatingFlag.objects.acount() == 1


async def test_flag_unknown_rating_is_404(world):
    with pytest.raises(ActionError) as excinfo:
        await actions.flag_rating(world.bob, 999999, flag=RatingFlagReason.SPAM)

    assert excinfo.value.status == 404


async def test_moderate_keep_clears_flags(world):
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=1, body="Hm"
    )
    await actions.flag_rating(world.bob, rating.pk, flag=RatingFlagReason.SPAM)

    await actions.moderate_rating(world.reviewer, rating.pk, keep=True)

    row = await arating_row(rating.pk)
    assert not row.needs_moderation
    assert not row.held
    assert not row.deleted
    assert await RatingFlag.objects.filter(rating=rating.pk).acount() == 0


async def test_moderate_delete_keeps_flags(world):
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=1, body="Hm"
    )
    await actions.flag_rating(world.bob, rating.pk, flag=RatingFlagReason.SPAM)

    await actions.moderate_rating(world.admin, rating.pk, keep=False)

    row = await arating_row(rating.pk)
    assert row.deleted
    assert not row.needs_moderation
    assert await RatingFlag.objects.filter(rating=rating.pk).acount() == 1


async def test_moderate_needs_moderator(world):
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=1, body="Hm"
    )

    for user in (world.bob, world.owner, world.alice):
        with pytest.raises(ActionError) as excinfo:
            await actions.moderate_rating(user, rating.pk, keep=True)
        assert excinfo.value.status == 403
    await actions.moderate_rating(world.reviewer, rating.pk, keep=False)
    with pytest.raises(ActionError) as again:
        await actions.moderate_rating(world.reviewer, rating.pk, keep=True)
    assert again.value.status == 409


async def test_moderator_author_cannot_delete_others(world):
    from django.contrib.auth.models import Group

    from amo.users.permissions import REVIEWERS

    rating = await actions.create_rating(world.alice, world.addon.pk, score=1)
    group = await Group.objects.aget(name=REVIEWERS)
    await sync_to_async(world.owner.groups.add)(group)

    with pytest.raises(ActionError) as delete:
        await actions.delete_rating(world.owner, rating.pk)
    with pytest.raises(ActionError) as moderate:
        await actions.moderate_rating(world.owner, rating.pk, keep=False)

    assert delete.value.status == 403
    assert moderate.value.status == 403
    assert not (await arating_row(rating.pk)).deleted


async def test_held_rating_hidden_from_others(world):
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=1, body="Hm"
    )
    await Rating.objects.filter(pk=rating.pk).aupdate(held=True, needs_moderation=True)

    with pytest.raises(ActionError) as flag:
        await actions.flag_rating(world.bob, rating.pk, flag=RatingFlagReason.SPAM)
    with pytest.raises(ActionError) as reply:
        await actions.reply_to_rating(world.owner, rating.pk, body="Hi")
    edited = await actions.edit_rating(world.alice, rating.pk, score=2)

    assert flag.value.status == 404
    assert reply.value.status == 404
    assert edited.score == 2
