"""The ratings endpoints: /api/v5/ratings/rating/.

- GET list: the ratings of an add-on (`addon`: id, slug or guid) and/or a
  user (`user`), newest first, with AMO's filters.
- GET detail, POST (create), PATCH (body and score), DELETE, POST reply,
  POST flag.

Reads call amo.ratings.queries and writes amo.ratings.actions, whose
ActionError the API sends as the field errors (400), or as `detail` for
403 and 404 (amo.api.main). Writes need a user (a JWT, or the session
with its CSRF token) and are rate limited in the scope "rating"
(settings.API_THROTTLE_RATES).
"""

from typing import Any

import orjson
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router
from pydantic import Field

from amo.addons.models import Addon
from amo.api import queries as api_queries
from amo.api import schemas
from amo.api.auth import ApiAuth, authenticate_request
from amo.api.context import ApiContext
from amo.api.pagination import check_page, count_pages, envelope
from amo.api.params import AppParams, PageParams, make_context
from amo.api.responses import ApiError, NotFound, json_response
from amo.api.serializers.ratings import serialize_rating
from amo.api.throttle import check_rate
from amo.core import db
from amo.core.constants import AddonStatus
from amo.core.db import use_primary
from amo.ratings import actions
from amo.ratings import queries as rating_queries
from amo.ratings.models import RatingFlag
from amo.ratings.queries import FlagView, RatingFilter, RatingView
from amo.users.models import User

router = Router(tags=["ratings"])

AUTH = ApiAuth()
THROTTLE_SCOPE = "rating"
READ_ERRORS = {400: schemas.Detail, 401: schemas.AuthDetail, 404: schemas.Detail}
WRITE_ERRORS = {
    400: dict[str, Any],
    401: schemas.AuthDetail,
    403: schemas.Detail,
    404: schemas.Detail,
    409: schemas.Detail,
    429: schemas.Detail,
}
FILTERS = ("with_deleted", "without_empty_body", "with_yours")
# Ids are signed 64-bit integers; a larger number names nothing.
MAX_ID = 2**63 - 1
EDITABLE = ("body", "score")
# Formats of the list's parameters, which the OpenAPI schema states. Ids
# have at most 18 digits, so they fit in a signed 64-bit integer.
ID_PATTERN = r"^[0-9]{1,18}$"
IDS_PATTERN = r"^[0-9]{1,18}(,[0-9]{1,18})*$"
SCORES_PATTERN = r"^[1-5](,[1-5])*$"


class RatingListParams(PageParams, AppParams):
    addon: str | None = Field(None, description="Add-on id, slug or guid.")
    user: str | None = Field(None, pattern=ID_PATTERN, description="User id.")
    version: str | None = Field(None, pattern=ID_PATTERN, description="Version id.")
    exclude_ratings: str | None = Field(
        None,
        pattern=IDS_PATTERN,
        description="Rating ids to leave out, separated by commas.",
    )
    filter: str | None = Field(
        None,
        description="Comma list of with_deleted (moderators only), "
        "without_empty_body and with_yours.",
    )
    score: str | None = Field(
        None, pattern=SCORES_PATTERN, description="Scores 1 to 5, separated by commas."
    )
    show_grouped_ratings: bool = Field(
        False, description="Add grouped_ratings, the count of each score."
    )
    show_permissions_for: str | None = Field(
        None,
        description="Your user id, when signed in: adds can_reply (with addon). "
        "Another value is a 400.",
    )
    show_flags_for: str | None = Field(
        None,
        description="Your user id, when signed in: adds your flags to each "
        "rating. Another value is a 400.",
    )


class RatingDetailParams(AppParams):
    show_flags_for: str | None = Field(
        None,
        description="Your user id, when signed in: adds your flags to the "
        "rating. Another value is a 400.",
    )


# --- Parameters ---------------------------------------------------------


def parse_error(detail: str) -> ApiError:
    return ApiError({"detail": detail})


def parse_id(value: str, name: str) -> int:
    if not (value.isascii() and value.isdigit()) or int(value) > MAX_ID:
        raise parse_error(
            _("%(name)s parameter should be an integer, not %(value)r.")
            % {"name": name, "value": value}
        )
    return int(value)


def parse_ids(value: str, name: str) -> tuple[int, ...]:
    parts = [part.strip() for part in value.split(",") if part.strip()]
    return tuple(parse_id(part, name) for part in parts)


def parse_scores(value: str) -> tuple[int, ...]:
    scores = []
    for part in value.split(","):
        part = part.strip()
        if part not in ("1", "2", "3", "4", "5"):
            raise parse_error(
                _(
                    "score parameter should be a number from 1 to 5, or several "
                    "separated by commas, not %(value)r."
                )
                % {"value": value}
            )
        scores.append(int(part))
    return tuple(scores)


def own_user_id(value: str, name: str, viewer: User | None) -> int:
    """Return the id of a show_*_for parameter, which must be the viewer's."""
    if (
        viewer is None
        or not (value.isascii() and value.isdigit())
        or int(value) != viewer.pk
    ):
        raise parse_error(
            _(
                "%(name)s parameter value should be equal to the user id of "
                "the authenticated user."
            )
            % {"name": name}
        )
    return viewer.pk


async def visible_addon(key: str, viewer: User | None) -> Addon:
    """Return the add-on `key` names; 404 when the viewer may not see it.

    Add-ons that are not public are visible to their authors and to
    moderators only.
    """
    addon = await api_queries.get_addon(key)
    if addon is None or addon.status == AddonStatus.DELETED:
        raise NotFound
    if not addon.is_public:
        roles = await rating_queries.viewer_roles(viewer, addon.pk)
        if not (roles.moderator or roles.author):
            raise NotFound
    return addon


# --- Output --------------------------------------------------------------


async def addons_by_id(addon_ids: set[int]) -> dict[int, Addon]:
    if not addon_ids:
        return {}
    rows = await db.fetch(Addon.objects.filter(pk__in=sorted(addon_ids)))
    return {addon.pk: addon for addon in rows}


async def flags_for(user_id: int, views: list[RatingView]) -> dict[int, list[FlagView]]:
    """Return the flags `user_id` put on the ratings and their replies."""
    ids = [view.id for view in views]
    ids += [view.reply.id for view in views if view.reply is not None]
    if not ids:
        return {}
    rows = await db.fetch(
        RatingFlag.objects.filter(rating__in=ids, user=user_id).order_by("id")
    )
    found: dict[int, list[FlagView]] = {}
    for row in rows:
        found.setdefault(row.rating_id, []).append(
            FlagView(
                user_id=row.user_id, flag=row.flag, note=row.note, created=row.created
            )
        )
    return found


async def rating_response(
    view: RatingView,
    context: ApiContext,
    *,
    status: int = 200,
    flags_user: int | None = None,
) -> HttpResponse:
    addons = await addons_by_id({view.addon_id})
    flags = await flags_for(flags_user, [view]) if flags_user is not None else None
    data = serialize_rating(view, addons[view.addon_id], context, flags=flags)
    return json_response(data, status=status)


def private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


# --- Reads ---------------------------------------------------------------


@router.get(
    "/ratings/rating/",
    response={200: dict[str, Any], **READ_ERRORS},
    summary="List ratings",
    description="The ratings of an add-on or a user (addon or user is "
    "required, else 400), newest first. With addon, the latest rating of each user, "
    "unless version is given. With addon, user and version the page size "
    "is 1.",
)
async def rating_list(
    request: HttpRequest, params: Query[RatingListParams]
) -> HttpResponse:
    if not params.addon and not params.user:
        raise parse_error(_("Need an addon or user parameter"))
    viewer = await authenticate_request(request)
    context = make_context(5, lang=params.lang, app=params.app)
    addon = await visible_addon(params.addon, viewer) if params.addon else None
    user_id = parse_id(params.user, "user") if params.user else None
    version_id = parse_id(params.version, "version") if params.version else None
    filters = {
        part.strip() for part in (params.filter or "").split(",") if part.strip()
    }
    roles = await rating_queries.viewer_roles(
        viewer, addon.pk if addon is not None else None
    )
    rating_filter = RatingFilter(
        addon_id=addon.pk if addon is not None else None,
        user_id=user_id,
        version_id=version_id,
        scores=parse_scores(params.score) if params.score else (),
        exclude_ids=(
            parse_ids(params.exclude_ratings, "exclude_ratings")
            if params.exclude_ratings
            else ()
        ),
        without_empty_body="without_empty_body" in filters,
        with_yours="with_yours" in filters,
        # Ignored for other users, as AMO does.
        with_deleted="with_deleted" in filters and roles.moderator,
    )
    flags_user = (
        own_user_id(params.show_flags_for, "show_flags_for", viewer)
        if params.show_flags_for
        else None
    )
    permissions_user = (
        own_user_id(params.show_permissions_for, "show_permissions_for", viewer)
        if params.show_permissions_for
        else None
    )
    page_size = params.effective_page_size
    if addon is not None and user_id is not None and version_id is not None:
        page_size = 1

    page = await rating_queries.ratings_page(
        rating_filter, page=params.page, page_size=page_size, viewer=viewer
    )
    page_count = count_pages(page.total, page_size)
    check_page(params.page, page_count)
    views = list(page.items)
    addons = await addons_by_id({view.addon_id for view in views})
    flags = await flags_for(flags_user, views) if flags_user is not None else None
    results = [
        serialize_rating(view, addons[view.addon_id], context, flags=flags)
        for view in views
    ]
    data = envelope(
        request,
        results,
        count=page.total,
        page=params.page,
        page_size=page_size,
        page_count=page_count,
    )
    if params.show_grouped_ratings and addon is not None:
        summary = await rating_queries.aggregate(addon.pk)
        data["grouped_ratings"] = {
            str(star): count for star, count in summary.histogram.items()
        }
    if permissions_user is not None and addon is not None:
        data["can_reply"] = roles.author
    response = json_response(data)
    return private(response) if viewer is not None else response


@router.get(
    "/ratings/rating/{rating_id}/",
    response={200: dict[str, Any], **READ_ERRORS},
    summary="A rating",
    description="Moderators also see deleted ratings (is_deleted).",
)
async def rating_detail(
    request: HttpRequest, rating_id: str, params: Query[RatingDetailParams]
) -> HttpResponse:
    viewer = await authenticate_request(request)
    if not (rating_id.isascii() and rating_id.isdigit()) or int(rating_id) > MAX_ID:
        raise NotFound
    context = make_context(5, lang=params.lang, app=params.app)
    flags_user = (
        own_user_id(params.show_flags_for, "show_flags_for", viewer)
        if params.show_flags_for
        else None
    )
    view = await rating_queries.get_rating(int(rating_id), viewer=viewer)
    if view is None:
        raise NotFound
    response = await rating_response(view, context, flags_user=flags_user)
    return private(response) if viewer is not None else response


# --- Writes --------------------------------------------------------------


def json_object(request: HttpRequest) -> dict[str, Any]:
    """Return the request's JSON object; raise a 400 naming the problem."""
    try:
        body = orjson.loads(request.body or b"{}")
    except orjson.JSONDecodeError as error:
        raise ApiError(
            {"detail": _("JSON parse error - %(error)s") % {"error": error}}
        ) from None
    if not isinstance(body, dict):
        raise ApiError(
            {
                "non_field_errors": [
                    _('Send a JSON object, such as {"score": 5, "body": "..."}.')
                ]
            }
        )
    return body


def required(body: dict[str, Any], *names: str) -> None:
    missing = {
        name: [_("This field is required.")] for name in names if body.get(name) is None
    }
    if missing:
        raise ApiError(missing)


def whole_number(value: Any, name: str) -> int:
    """Return an id sent as a number or a string of digits; 400 otherwise."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    raise ApiError(
        {name: [_("A valid integer is required, not %(value)r.") % {"value": value}]}
    )


def writing_user(request: HttpRequest) -> User:
    user: User = request.auth  # type: ignore[attr-defined]
    return user


async def written(view_id: int, user: User, *, status: int) -> HttpResponse:
    """Return the object of a rating the user just wrote, read from the
    primary."""
    with use_primary():
        view = await rating_queries.get_rating(view_id, viewer=user)
    if view is None:
        raise NotFound
    return private(await rating_response(view, make_context(5), status=status))


@router.post(
    "/ratings/rating/",
    auth=AUTH,
    response={201: dict[str, Any], **WRITE_ERRORS},
    summary="Rate an add-on",
    description="JSON with addon (id, slug or guid), version (the id of a "
    "public version of the add-on), score (1 to 5) and body (text or "
    "null, without links).",
)
async def rating_create(request: HttpRequest) -> HttpResponse:
    user = writing_user(request)
    body = json_object(request)
    required(body, "addon", "version", "score")
    await check_rate(THROTTLE_SCOPE, user.pk)
    # An add-on that is not public is the action's 400, which names it.
    addon = await api_queries.get_addon(str(body["addon"]))
    if addon is None:
        raise NotFound
    version_id = whole_number(body["version"], "version")
    rating = await actions.create_rating(
        user,
        addon.pk,
        score=body["score"],
        body=body.get("body"),
        version_id=version_id,
        ip_address=request.META.get("REMOTE_ADDR"),
    )
    return await written(rating.pk, user, status=201)


@router.patch(
    "/ratings/rating/{rating_id}/",
    auth=AUTH,
    response={200: dict[str, Any], **WRITE_ERRORS},
    summary="Edit a rating",
    description="JSON with body and/or score; nothing else can change.",
)
async def rating_edit(request: HttpRequest, rating_id: int) -> HttpResponse:
    user = writing_user(request)
    body = json_object(request)
    others = sorted(set(body) - set(EDITABLE))
    if others:
        raise ApiError(
            {
                name: [_("This field can't be changed: send body or score only.")]
                for name in others
            }
        )
    await check_rate(THROTTLE_SCOPE, user.pk)
    text = body.get("body")
    if "body" in body and text is None:
        # null removes the review text.
        text = ""
    rating = await actions.edit_rating(
        user, rating_id, score=body.get("score"), body=text
    )
    return await written(rating.pk, user, status=200)


@router.delete(
    "/ratings/rating/{rating_id}/",
    auth=AUTH,
    response={204: None, **WRITE_ERRORS},
    summary="Delete a rating",
    description="The rating's author or a moderator.",
)
async def rating_delete(request: HttpRequest, rating_id: int) -> HttpResponse:
    user = writing_user(request)
    await check_rate(THROTTLE_SCOPE, user.pk)
    await actions.delete_rating(user, rating_id)
    return HttpResponse(status=204)


@router.post(
    "/ratings/rating/{rating_id}/reply/",
    auth=AUTH,
    response={201: dict[str, Any], **WRITE_ERRORS},
    summary="Reply to a rating",
    description="JSON with body. Authors of the add-on only; a second reply "
    "replaces the text of the first.",
)
async def rating_reply(request: HttpRequest, rating_id: int) -> HttpResponse:
    user = writing_user(request)
    body = json_object(request)
    required(body, "body")
    await check_rate(THROTTLE_SCOPE, user.pk)
    reply = await actions.reply_to_rating(user, rating_id, body=body["body"])
    return await written(reply.pk, user, status=201)


@router.post(
    "/ratings/rating/{rating_id}/flag/",
    auth=AUTH,
    response={202: dict[str, Any], **WRITE_ERRORS},
    summary="Flag a rating",
    description="JSON with flag (rating_flag_reason_spam, _language, "
    "_bug_support or _other) and note (required for _other; a note makes "
    "the flag _other).",
)
async def rating_flag(request: HttpRequest, rating_id: int) -> HttpResponse:
    user = writing_user(request)
    body = json_object(request)
    if body.get("flag") is None and not body.get("note"):
        required(body, "flag")
    await check_rate(THROTTLE_SCOPE, user.pk)
    await actions.flag_rating(
        user, rating_id, flag=body.get("flag"), note=body.get("note") or ""
    )
    return json_response(
        {"msg": _("Thanks; this review has been flagged for reviewer approval.")},
        status=202,
    )
