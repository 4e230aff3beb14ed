"""The statistics pages of an add-on, its data files and its public switch.

Access: the add-on's authors, reviewers and admins always see them, and
anyone does when the authors made the statistics public and the add-on is
listed.
Others get a 403 page when signed in and the log-in page when anonymous,
and for a data file a 403 in JSON or text.
Pages seen through the public switch by anonymous visitors may be cached
for PUBLIC_MAX_AGE seconds. Every other response is private and never
cached.
"""

import functools
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

import structlog
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    JsonResponse,
)
from django.utils.cache import (
    add_never_cache_headers,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.encoding import escape_uri_path
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from amo.addons import queries as addon_queries
from amo.addons.icons import icon_url
from amo.addons.models import Addon
from amo.core import urls
from amo.core.constants import AddonStatus
from amo.core.templates import render
from amo.devhub.decorators import signed_in_user
from amo.stats import actions, exports, queries
from amo.stats.presentation import (
    GROUP_LABELS,
    build_charts,
    build_table,
)
from amo.stats.reports import (
    DEFAULT_GROUP,
    GROUPS,
    OVERVIEW,
    PRESETS,
    REPORTS,
    Report,
    StatsInputError,
    StatsRange,
    UnknownReport,
    check_group,
    data_name,
    echo,
    get_report,
    parse_data_name,
    parse_page_range,
    utc_today,
)
from amo.users.models import User
from amo.users.permissions import aauthor_role, ais_reviewer

log = structlog.get_logger(__name__)

# Seconds that browsers and proxies may keep a public statistics page. The
# page cache drops its copy at once when the add-on changes; a browser may
# show a page made private again for this long.
PUBLIC_MAX_AGE = 300

ADDON_NOT_FOUND = _("This add-on does not exist, or it was deleted.")
NOT_ALLOWED = _(
    "The statistics of this add-on are private. Only its authors and the "
    "site's staff can see them."
)
AUTHORS_ONLY = _("Only the authors of this add-on can change who sees its statistics.")

StatsView = Callable[..., Coroutine[Any, Any, HttpResponse]]


@dataclass(frozen=True)
class StatsAccess:
    """The add-on of a statistics request, and why the viewer sees it."""

    addon: Addon
    user: User | None
    is_author: bool
    # Whether the viewer sees the statistics only because they are public.
    through_public: bool


def is_listed(addon: Addon) -> bool:
    return addon.status == AddonStatus.PUBLIC and not addon.disabled_by_user


def site_url(request: HttpRequest, name: str, *args: Any, **query: Any) -> str:
    return urls.site_path(
        name,
        *args,
        locale=request.LANG,  # type: ignore[attr-defined]
        app=request.APP,  # type: ignore[attr-defined]
        query=query or None,
    )


def private(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    patch_vary_headers(response, ("Cookie",))
    return response


async def error_page(
    request: HttpRequest, status: int, reason: Any, **context: Any
) -> HttpResponse:
    return await render(
        request,
        "stats/error.html",
        {"status": status, "reason": reason, **context},
        status=status,
    )


def file_error(status: int, code: str, reason: Any, filename: str) -> HttpResponse:
    """Return an error of a data URL: JSON for a .json name, else text."""
    if filename.endswith(".json"):
        return JsonResponse({"error": code, "detail": str(reason)}, status=status)
    return HttpResponse(
        str(reason) + "\n", status=status, content_type="text/plain; charset=utf-8"
    )


async def get_access(
    request: HttpRequest, slug: str, filename: str | None = None
) -> StatsAccess | HttpResponse:
    """Return who may see the statistics of `slug`, or the response that
    turns the request away.

    For a data file (`filename`), the refusal is JSON or text in place of
    a page, and an anonymous visitor gets a 403 in place of the log-in
    page, because programs download these files.

    The checks run cheapest first: an anonymous visitor of public
    statistics costs one query, the add-on's.
    """
    addon = await queries.get_stats_addon(slug)
    if addon is None:
        moved = await redirect_to_slug(request, slug)
        if moved is not None:
            return moved
        if filename is not None:
            return file_error(404, "not_found", ADDON_NOT_FOUND, filename)
        return await render(
            request, "errors/404.html", {"reason": ADDON_NOT_FOUND}, status=404
        )
    user = await signed_in_user(request)
    is_author = user is not None and await aauthor_role(user, addon.pk) is not None
    public = addon.public_stats and is_listed(addon)
    if is_author or public or (user is not None and await ais_reviewer(user)):
        return StatsAccess(addon, user, is_author, not is_author and public)
    if user is None and filename is None:
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
    log.info(
        "statistics access rejected",
        addon_id=addon.pk,
        user_id=user.pk if user is not None else None,
        path=request.path[:200],
    )
    if filename is not None:
        return file_error(403, "not_allowed", NOT_ALLOWED, filename)
    return await error_page(request, 403, NOT_ALLOWED, addon=addon)


async def redirect_to_slug(
    request: HttpRequest, key: str
) -> HttpResponsePermanentRedirect | None:
    """Redirect a statistics URL that names a listed add-on by number or guid.

    Old links use these forms. The redirect goes to the same URL under the
    add-on's slug. Return None when the key names no such add-on.
    """
    key = key.strip()
    if "@" in key or "{" in key:
        slug = await addon_queries.get_addon_slug_by_guid(key)
    # 19 digits fit any 64-bit id, and int() raises past 4300 digits.
    elif key.isascii() and key.isdigit() and len(key) <= 19:
        slug = await addon_queries.get_addon_slug_by_number(int(key))
    else:
        slug = None
    if slug is None:
        return None
    rest = request.path.split("/statistics/", 1)[1]
    target = site_url(request, OVERVIEW.route, slug) + escape_uri_path(rest)
    if request.META.get("QUERY_STRING"):
        target += "?" + request.META["QUERY_STRING"]
    return HttpResponsePermanentRedirect(target)


def stats_view(view: StatsView) -> StatsView:
    """Check access to the add-on `slug`, then run `view` with it.

    Sets the caching headers of every response: public and short for an
    anonymous visitor of public statistics, private and never cached for
    everything else.
    """

    @functools.wraps(view)
    async def wrapper(
        request: HttpRequest, slug: str, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        access = await get_access(request, slug, kwargs.get("filename"))
        if isinstance(access, HttpResponse):
            return private(access)
        response = await view(request, access, *args, **kwargs)
        if (
            access.user is None
            and access.through_public
            and response.status_code == 200
        ):
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
            patch_vary_headers(response, ("Cookie",))
            return response
        return private(response)

    return wrapper


# --- Pages ----------------------------------------------------------------


def range_query(stats_range: StatsRange, group: str) -> dict[str, Any]:
    """Return the query string of a page that shows `stats_range`."""
    query: dict[str, Any] = {}
    if stats_range.preset is not None:
        query["last"] = stats_range.preset
    else:
        query["start"] = stats_range.start.isoformat()
        query["end"] = stats_range.end.isoformat()
    if group != DEFAULT_GROUP:
        query["group"] = group
    return query


def page_links(
    request: HttpRequest,
    addon: Addon,
    report: Report,
    stats_range: StatsRange,
    group: str,
) -> dict[str, Any]:
    """Return the links of a page: reports, presets, groupings and data."""
    current = range_query(stats_range, group)
    without_range = {"group": current.get("group")}
    data = {
        format: site_url(
            request,
            "stats-data",
            addon.slug,
            data_name(report.name, group, stats_range, format),
        )
        for format in ("csv", "json")
    }
    return {
        "reports": [
            (item, site_url(request, item.route, addon.slug, **current))
            for item in REPORTS.values()
        ],
        "presets": [
            (
                days,
                site_url(request, report.route, addon.slug, last=days, **without_range),
            )
            for days in PRESETS
        ],
        "groups": [
            (
                name,
                GROUP_LABELS[name],
                site_url(
                    request,
                    report.route,
                    addon.slug,
                    **{**current, "group": name if name != DEFAULT_GROUP else None},
                ),
            )
            for name in GROUPS
        ],
        "data": data,
    }


async def render_report(
    request: HttpRequest, access: StatsAccess, report: Report
) -> HttpResponse:
    addon = access.addon
    locale = request.LANG  # type: ignore[attr-defined]
    today = utc_today()
    stats_range = parse_page_range(request.GET, today)
    group = check_group(
        request.GET.get("group", DEFAULT_GROUP).strip() or DEFAULT_GROUP
    )
    data = await queries.get_report_data(addon.pk, report, stats_range, group)
    return await render(
        request,
        "stats/report.html",
        {
            "addon": addon,
            "icon_url": icon_url(addon, 64, addon.sort_name),
            "listed": is_listed(addon),
            "report": report,
            "range": stats_range,
            "group": group,
            "today": today,
            "links": page_links(request, addon, report, stats_range, group),
            "charts": build_charts(data, locale),
            "table": build_table(data, locale),
            "empty": not data.has_rows,
            "is_author": access.is_author,
            "public_url": site_url(request, "stats-public", addon.slug),
            "here": request.get_full_path(),
        },
    )


async def input_error_page(
    request: HttpRequest, error: StatsInputError, addon: Addon
) -> HttpResponse:
    log.info("statistics request rejected", code=error.code, path=request.path[:200])
    return await error_page(
        request,
        400,
        str(error),
        addon=addon,
        overview_url=site_url(request, OVERVIEW.route, addon.slug),
    )


@require_safe
@stats_view
async def report_page(
    request: HttpRequest, access: StatsAccess, report: str
) -> HttpResponse:
    """Render one report of the add-on for the range of the query string."""
    try:
        return await render_report(request, access, get_report(report))
    except StatsInputError as error:
        return await input_error_page(request, error, access.addon)


@require_safe
@stats_view
async def unknown_page(
    request: HttpRequest, access: StatsAccess, page: str
) -> HttpResponse:
    """Reject a page under statistics/ that names no report."""
    accepted = ", ".join(f"statistics/{item.path}" for item in REPORTS.values())
    error = UnknownReport(value=echo(page.rstrip("/")), accepted=accepted)
    return await input_error_page(request, error, access.addon)


# --- Data files -------------------------------------------------------------


@require_safe
@stats_view
async def report_file(
    request: HttpRequest, access: StatsAccess, filename: str
) -> HttpResponse:
    """Send one report's data as CSV or JSON, named as in the URL."""
    try:
        requested = parse_data_name(filename, utc_today())
    except StatsInputError as error:
        log.info("statistics data rejected", code=error.code, path=request.path[:200])
        return file_error(400, error.code, error, filename)
    data = await queries.get_report_data(
        access.addon.pk, requested.report, requested.range, requested.group
    )
    name = data_name(
        requested.report.name, requested.group, requested.range, requested.format
    )
    if requested.format == "json":
        response: HttpResponse = JsonResponse(exports.to_json(data), safe=False)
    else:
        response = HttpResponse(
            exports.to_csv(data), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = content_disposition_header(
            True, f"{access.addon.slug}-{name}"
        )
    return response


# --- The public switch ------------------------------------------------------


@require_POST
async def set_public(request: HttpRequest, slug: str) -> HttpResponse:
    """Switch the statistics of the add-on public or private; authors only.

    The form sends `public` as "1" or "0" and may send `next`, a path of
    this site to go back to.
    """
    addon = await queries.get_stats_addon(slug)
    user = await signed_in_user(request)
    if addon is None:
        return private(
            await render(
                request, "errors/404.html", {"reason": ADDON_NOT_FOUND}, status=404
            )
        )
    if user is None:
        return private(redirect_to_login(request.get_full_path(), settings.LOGIN_URL))
    if await aauthor_role(user, addon.pk) is None:
        log.info("statistics switch rejected", addon_id=addon.pk, user_id=user.pk)
        return private(await error_page(request, 403, AUTHORS_ONLY, addon=addon))
    value = request.POST.get("public", "")
    if value not in ("0", "1"):
        log.info(
            "statistics switch value invalid",
            addon_id=addon.pk,
            user_id=user.pk,
            value=echo(value),
        )
        reason = _('"%(value)s" is not a value of the public switch. Send 1 or 0.') % {
            "value": echo(value)
        }
        return private(await error_page(request, 400, reason, addon=addon))
    public = value == "1"
    await actions.set_public_stats(addon.pk, user.pk, public)
    messages.success(
        request,
        str(
            _("Anyone can now see these statistics.")
            if public
            else _("These statistics are now private.")
        ),
    )
    return private(HttpResponseRedirect(back_to_statistics(request, addon)))


def back_to_statistics(request: HttpRequest, addon: Addon) -> str:
    """Return the `next` of a form when it is a statistics page of `addon`,
    else its overview: a redirect never leaves the add-on's statistics."""
    overview = site_url(request, OVERVIEW.route, addon.slug)
    back = request.POST.get("next", "")
    if (
        back.startswith(overview)
        and "//" not in back
        and back.isascii()
        and back.isprintable()
    ):
        return back
    return overview
