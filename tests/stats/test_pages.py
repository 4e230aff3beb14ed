"""The statistics pages and data files of an add-on, through the middleware.

The tests create the daily rows directly. The rows lie in January 2024,
so the tests request them with start and end dates rather than a preset.
"""

import datetime
import json

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.test import AsyncClient

import asgi
from amo.addons.models import Addon
from amo.core.cache import objects
from amo.core.db import capture_queries, execute_sql
from amo.devhub.models import Activity, ActivityLog
from amo.stats.models import DailyDownloads, DailyUsers
from tests.asgi_client import request
from tests.conftest import uses_mysql
from tests.devhub.conftest import signed_in
from tests.factories import AddonFactory
from tests.pages.helpers import get_page, inline_code
from tests.pages.test_indexes import table_accesses
from tests.stats.pages_setup import (
    SLUG,
    STATS,
    People,
    add_downloads,
    add_users,
    build_people,
)

JANUARY = "start=2024-01-01&end=2024-01-14"
REPORT_PATHS = [
    "",
    "usage/",
    "usage/versions/",
    "usage/applications/",
    "usage/languages/",
    "usage/os/",
    "downloads/",
    "downloads/sources/",
]


def day(number: int) -> datetime.date:
    """Return the `number`th of January 2024; the 1st is a Monday."""
    return datetime.date(2024, 1, number)


def fill_january(people: People) -> None:
    """Rows on four days of the first two weeks of January 2024; the other
    days have none."""
    addon = people.addon
    add_users(
        addon,
        day(1),
        10,
        versions={"1.0": 6, "1.1": 4},
        applications={"firefox 128.0": 8, "android 128.0": 2},
        locales={"de": 7, "en-US": 3},
        oses={"WINNT": 6, "Linux": 4},
    )
    add_users(
        addon,
        day(2),
        20,
        versions={"1.1": 15, "=cmd|' /C calc'!A0": 5},
        applications={"firefox 128.0": 20},
        locales={"de": 20},
        oses={"WINNT": 20},
    )
    add_users(addon, day(9), 14, versions={"1.1": 14})
    add_downloads(addon, day(1), 3, {"search": 2, "": 1})
    add_downloads(addon, day(8), 5, {"search": 5})


@pytest.fixture
async def people(live_db) -> People:
    return await sync_to_async(build_people)()


@pytest.fixture
async def public_people(live_db) -> People:
    return await sync_to_async(build_people)(public_stats=True)


@pytest.fixture
async def january(people) -> People:
    await sync_to_async(fill_january)(people)
    return people


async def client_for(people: People, who: str) -> AsyncClient:
    if who == "anonymous":
        return AsyncClient()
    return await signed_in(getattr(people, who))


# --- Access to the statistics ------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("outsider", 403),
        ("developer", 200),
        ("owner", 200),
        ("reviewer", 200),
        ("admin", 200),
    ],
)
async def test_private_statistics_access(people, who, expected):
    client = await client_for(people, who)

    for path in REPORT_PATHS:
        response = await client.get(f"{STATS}{path}")

        assert response.status_code == expected, path
        assert "private" in response["Cache-Control"], path
        assert "no-store" in response["Cache-Control"], path
        if expected == 302:
            assert response["Location"] == f"{settings.LOGIN_URL}?next={STATS}{path}"
        if expected == 403:
            assert "The statistics of this add-on are private." in (
                response.content.decode()
            )


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 403), ("outsider", 403), ("owner", 200), ("reviewer", 200)],
)
async def test_private_data_file_access(people, who, expected):
    client = await client_for(people, who)

    csv = await client.get(f"{STATS}usage-day-20240101-20240107.csv")
    json = await client.get(f"{STATS}usage-day-20240101-20240107.json")

    assert csv.status_code == expected
    assert json.status_code == expected
    assert "no-store" in csv["Cache-Control"]
    if expected == 403:
        # Programs download these files, so the refusal is data, not a page.
        assert csv["Content-Type"] == "text/plain; charset=utf-8"
        assert "The statistics of this add-on are private." in csv.content.decode()
        assert json.json()["error"] == "not_allowed"


async def test_data_file_of_unknown_addon(live_db):
    response = await AsyncClient().get(
        "/en-US/firefox/addon/no-such-addon/statistics/usage-day-20240101-20240107.json"
    )

    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


@pytest.mark.parametrize(
    "who", ["anonymous", "outsider", "developer", "owner", "reviewer", "admin"]
)
async def test_public_statistics_access(public_people, who):
    client = await client_for(public_people, who)

    for path in [*REPORT_PATHS, "usage-day-20240101-20240107.json"]:
        response = await client.get(f"{STATS}{path}")

        assert response.status_code == 200, path
        if who == "anonymous":
            assert response["Cache-Control"] == "public, max-age=300", path
        else:
            assert "private" in response["Cache-Control"], path


@pytest.mark.parametrize(
    ("who", "expected"), [("anonymous", 302), ("outsider", 403), ("owner", 200)]
)
async def test_public_statistics_of_hidden_addon(live_db, who, expected):
    people = await sync_to_async(build_people)(public_stats=True, disabled_by_user=True)
    client = await client_for(people, who)

    response = await client.get(STATS)

    assert response.status_code == expected


async def test_unknown_addon_is_404(people):
    client = await signed_in(people.admin)

    # int() raises on more than 4300 digits, so a long number is no id.
    for key in ("no-such-addon", "9" * 30, "9" * 5000):
        response = await client.get(f"/en-US/firefox/addon/{key}/statistics/")

        assert response.status_code == 404, key[:40]
        assert "This add-on does not exist" in response.content.decode()


async def test_number_and_guid_redirect_to_slug(people):
    client = await signed_in(people.owner)
    by_number = f"/en-US/firefox/addon/{people.addon.pk}/statistics/"
    by_guid = f"/en-US/firefox/addon/{people.addon.guid}/statistics/"

    number = await client.get(f"{by_number}usage/?group=week")
    guid = await client.get(f"{by_guid}downloads-day-20240101-20240102.csv")

    assert number.status_code == 301
    assert number["Location"] == f"{STATS}usage/?group=week"
    assert guid.status_code == 301
    assert guid["Location"] == f"{STATS}downloads-day-20240101-20240102.csv"


async def test_page_cache_stores_public_pages_only(people, settings):
    settings.PAGE_CACHE = True
    application = asgi.build_application()

    private = [await request(application, STATS) for _ in range(2)]
    await sync_to_async(Addon.objects.filter(pk=people.addon.pk).update)(
        public_stats=True
    )
    # The update above bypassed the actions, so nothing was invalidated;
    # the private responses must not have been cached to begin with.
    public = [await request(application, STATS) for _ in range(2)]

    assert [response.status for response in private] == [302, 302]
    assert private[1].headers.get("x-cache") != "HIT"
    assert [response.status for response in public] == [200, 200]
    assert public[1].headers["x-cache"] == "HIT"
    assert public[1].headers["cache-control"] == "public, max-age=300"


# --- The public switch -------------------------------------------------------


async def test_owner_makes_statistics_public_and_private(people, settings):
    settings.PAGE_CACHE = True
    application = asgi.build_application()
    client = await signed_in(people.owner)
    detail = f"/en-US/firefox/addon/{SLUG}/"
    before = await request(application, detail)

    made_public = await client.post(
        f"{STATS}public/", {"public": "1", "next": f"{STATS}usage/?last=7"}
    )
    addon = await Addon.objects.aget(pk=people.addon.pk)
    anonymous_public = await request(application, STATS)
    detail_public = await request(application, detail)
    page = await client.get(f"{STATS}usage/?last=7")
    # NOTE: a load of the add-on from the primary stays joinable for
    # objects.FLIGHT_GRACE seconds after it ends, and every load after a
    # write joins that one flight, so a second write within that time would
    # read the first write's row. Forgetting the flights replaces that
    # wait.
    objects.forget_flights()
    made_private = await client.post(f"{STATS}public/", {"public": "0"})
    anonymous_private = await request(application, STATS)
    detail_private = await request(application, detail)

    assert made_public.status_code == 302
    assert made_public["Location"] == f"{STATS}usage/?last=7"
    assert addon.public_stats is True
    assert anonymous_public.status == 200
    assert f'href="{STATS}"'.encode() not in before.body
    assert f'href="{STATS}"'.encode() in detail_public.body
    assert "Anyone can now see these statistics." in page.content.decode()
    assert "Make statistics private" in page.content.decode()
    assert made_private["Location"] == STATS
    assert anonymous_private.status == 302
    assert f'href="{STATS}"'.encode() not in detail_private.body
    entries = [
        entry
        async for entry in ActivityLog.objects.filter(addon=people.addon).order_by("id")
    ]
    assert [entry.action for entry in entries] == [Activity.EDIT_ADDON] * 2
    assert [entry.details for entry in entries] == [
        {"fields": ["public_stats"], "public_stats": True},
        {"fields": ["public_stats"], "public_stats": False},
    ]
    assert [entry.user_id for entry in entries] == [people.owner.pk] * 2


async def test_developer_may_switch_too(people):
    client = await signed_in(people.developer)

    response = await client.post(f"{STATS}public/", {"public": "1"})

    assert response.status_code == 302
    assert (await Addon.objects.aget(pk=people.addon.pk)).public_stats is True


async def test_same_value_logs_nothing(people):
    client = await signed_in(people.owner)

    response = await client.post(f"{STATS}public/", {"public": "0"})

    assert response.status_code == 302
    assert not await ActivityLog.objects.filter(addon=people.addon).aexists()


@pytest.mark.parametrize(
    ("who", "expected"), [("anonymous", 302), ("outsider", 403), ("reviewer", 403)]
)
async def test_others_cannot_switch(people, who, expected):
    client = await client_for(people, who)

    response = await client.post(f"{STATS}public/", {"public": "1"})

    assert response.status_code == expected
    assert (await Addon.objects.aget(pk=people.addon.pk)).public_stats is False


async def test_switch_needs_csrf_token(people):
    client = AsyncClient(enforce_csrf_checks=True)
    await client.aforce_login(people.owner)

    response = await client.post(f"{STATS}public/", {"public": "1"})

    assert response.status_code == 403
    assert (await Addon.objects.aget(pk=people.addon.pk)).public_stats is False


async def test_switch_rejects_unknown_value(people):
    client = await signed_in(people.owner)

    response = await client.post(f"{STATS}public/", {"public": "yes"})

    assert response.status_code == 400
    html = response.content.decode().replace("&#34;", '"')
    assert '"yes" is not a value of the public switch. Send 1 or 0.' in html


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example.com/",
        "/en-US/firefox/addon/other/statistics/",
        f"{STATS}//evil.example.com/",
        f"{STATS}usage/\r\nLocation: https://evil.example.com/",
    ],
)
async def test_switch_ignores_foreign_next(people, target):
    client = await signed_in(people.owner)

    response = await client.post(f"{STATS}public/", {"public": "1", "next": target})

    assert response.status_code == 302
    assert response["Location"] == STATS


async def test_switch_shown_to_authors_only(public_people):
    author = await signed_in(public_people.developer)
    reviewer = await signed_in(public_people.reviewer)

    author_page = (await author.get(STATS)).content.decode()
    reviewer_page = (await reviewer.get(STATS)).content.decode()

    assert f'action="{STATS}public/"' in author_page
    assert f'action="{STATS}public/"' not in reviewer_page


async def test_switch_get_is_405(people):
    client = await signed_in(people.owner)

    response = await client.get(f"{STATS}public/")

    assert response.status_code == 405


# --- Links from the developer hub and the detail page ------------------------


async def test_devhub_links_to_statistics(people):
    client = await signed_in(people.owner)

    dashboard = await client.get("/en-US/firefox/developers/addons/")
    edit = await client.get(f"/en-US/firefox/developers/addon/{SLUG}/edit/")

    assert f'href="{STATS}"' in dashboard.content.decode()
    assert f'href="{STATS}"' in edit.content.decode()


# --- What the pages show -----------------------------------------------------


async def test_overview_table_by_day(january):
    client = await signed_in(january.owner)

    response = await client.get(f"{STATS}?start=2024-01-01&end=2024-01-03")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<svg class="stats-chart"') == 2
    assert '<title id="stats-chart-users-title">Daily users</title>' in html
    assert '<title id="stats-chart-downloads-title">Downloads</title>' in html
    # Newest first; the 3rd has no row, so it shows 0.
    rows = table_rows(html)
    assert rows == [
        ["Jan 3, 2024", "0", "0"],
        ["Jan 2, 2024", "20", "0"],
        ["Jan 1, 2024", "10", "3"],
    ]


async def test_usage_by_week_shows_means(january):
    client = await signed_in(january.owner)

    response = await client.get(f"{STATS}usage/?{JANUARY}&group=week")

    html = response.content.decode()
    assert "Average daily users" in html
    # (10 + 20) / 7 = 4.29 and 14 / 7 = 2.
    assert table_rows(html) == [
        ["Jan 8\u2009–\u200914, 2024", "2"],
        ["Jan 1\u2009–\u20097, 2024", "4"],
    ]


async def test_downloads_by_month_start_mid_month(january):
    client = await signed_in(january.owner)

    response = await client.get(
        f"{STATS}downloads/?start=2023-12-20&end=2024-01-14&group=month"
    )

    # December is cut by the range's start, January by its end; each is
    # named by its real first and last day.
    assert table_rows(response.content.decode()) == [
        ["Jan 1\u2009–\u200914, 2024", "8"],
        ["Dec 20\u2009–\u200931, 2023", "0"],
    ]


async def test_breakdown_lists_every_value(january):
    client = await signed_in(january.owner)

    response = await client.get(f"{STATS}usage/applications/?{JANUARY}&group=week")

    html = response.content.decode()
    headers = table_headers(html)
    assert headers == [
        "Week",
        "Average daily users",
        "Firefox 128.0",
        "Firefox for Android 128.0",
    ]
    # Firefox: (8 + 20) / 7 = 4; Android: 2 / 7 = 0.29 -> 0.
    assert table_rows(html) == [
        ["Jan 8\u2009–\u200914, 2024", "2", "0", "0"],
        ["Jan 1\u2009–\u20097, 2024", "4", "4", "0"],
    ]
    assert html.count('class="stats-series ') == 2


async def test_breakdown_charts_top_five_values(people):
    def fill() -> None:
        versions = {f"1.{index}": 10 + index for index in range(8)}
        add_users(people.addon, day(1), sum(versions.values()), versions=versions)

    await sync_to_async(fill)()
    client = await signed_in(people.owner)

    response = await client.get(f"{STATS}usage/versions/?{JANUARY}")

    html = response.content.decode()
    assert html.count('class="stats-series ') == 5
    assert table_headers(html)[2:] == [f"1.{index}" for index in range(7, -1, -1)]


async def test_locale_names_and_numbers(people):
    def fill() -> None:
        add_users(people.addon, day(1), 12345, locales={"de": 12000, "fr": 345})

    await sync_to_async(fill)()
    client = await signed_in(people.owner)

    response = await client.get(
        f"/de/firefox/addon/{SLUG}/statistics/usage/languages/?{JANUARY}"
    )

    html = response.content.decode()
    assert table_headers(html)[2:] == ["Deutsch (de)", "Französisch (fr)"]
    assert ["01.01.2024", "12.345", "12.000", "345"] in table_rows(html)


async def test_right_to_left_chart_is_mirrored(january):
    client = await signed_in(january.owner)

    response = await client.get(f"/ar/firefox/addon/{SLUG}/statistics/usage/?{JANUARY}")

    html = response.content.decode()
    assert 'dir="rtl"' in html
    assert 'direction="rtl"' in html
    points = html.split('<polyline points="', 1)[1].split('"', 1)[0].split()
    xs = [float(point.split(",")[0]) for point in points]
    # Time runs from right to left: the first day is drawn rightmost.
    assert xs == sorted(xs, reverse=True)


async def test_empty_range_says_so(people):
    client = await signed_in(people.owner)

    response = await client.get(f"{STATS}usage/?{JANUARY}")

    html = response.content.decode()
    assert "No statistics were recorded for this add-on in this range." in html
    assert "<svg" not in html


async def test_default_range_is_last_thirty_days(people):
    client = await signed_in(people.owner)

    response = await client.get(STATS)

    html = response.content.decode()
    assert '<span class="stats-current" aria-current="true">Last 30 days</span>' in html
    today = datetime.datetime.now(datetime.UTC).date()
    start = (today - datetime.timedelta(days=30)).strftime("%Y%m%d")
    end = (today - datetime.timedelta(days=1)).strftime("%Y%m%d")
    assert f"{STATS}overview-day-{start}-{end}.csv" in html


async def test_public_page_query_budget(public_people):
    client = AsyncClient()

    overview = await get_page(client, f"{STATS}?{JANUARY}")
    usage = await get_page(client, f"{STATS}usage/versions/?{JANUARY}")

    # The add-on, then the rows: of both tables for the overview.
    assert overview.status == 200
    assert overview.query_count == 3
    assert usage.query_count == 2


# --- Data files --------------------------------------------------------------


async def test_csv_of_breakdown_by_week(january):
    client = await signed_in(january.owner)

    response = await client.get(f"{STATS}versions-week-20240101-20240114.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="tab-keeper-versions-week-20240101-20240114.csv"'
    )
    # Means over 7 days: 1.1 has 19 / 7 = 3 and 14 / 7 = 2, 1.0 has 6 / 7
    # = 1, and the formula-like value 5 / 7 = 1, with a leading apostrophe.
    # Columns go by total, then by value: 1.1 (5), 1.0 (1), the formula (1).
    assert response.content.decode() == (
        "date,end,count,1.1,1.0,'=cmd|' /C calc'!A0\r\n"
        "2024-01-01,2024-01-07,4,3,1,1\r\n"
        "2024-01-08,2024-01-14,2,2,0,0\r\n"
    )


async def test_csv_of_overview_by_day(january):
    client = await signed_in(january.owner)

    response = await client.get(f"{STATS}overview-day-20240101-20240103.csv")

    assert response.content.decode() == (
        "date,end,users,downloads\r\n"
        "2024-01-01,2024-01-01,10,3\r\n"
        "2024-01-02,2024-01-02,20,0\r\n"
        "2024-01-03,2024-01-03,0,0\r\n"
    )


async def test_json_of_sources_by_month(january):
    client = await signed_in(january.owner)

    response = await client.get(f"{STATS}sources-month-20231231-20240114.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == [
        {"date": "2023-12-31", "end": "2023-12-31", "count": 0, "data": {}},
        {
            "date": "2024-01-01",
            "end": "2024-01-14",
            "count": 8,
            "data": {"search": 7, "": 1},
        },
    ]


async def test_json_of_overview_by_week(january):
    client = await signed_in(january.owner)

    response = await client.get(f"{STATS}overview-week-20240102-20240109.json")

    # Tuesday to Sunday: 20 users in 6 days, 3.33 a day, and no download.
    # Monday to Tuesday: 14 users in 2 days, and 5 downloads.
    assert json.loads(response.content) == [
        {
            "date": "2024-01-02",
            "end": "2024-01-07",
            "data": {"users": 3, "downloads": 0},
        },
        {
            "date": "2024-01-08",
            "end": "2024-01-09",
            "data": {"users": 7, "downloads": 5},
        },
    ]


async def test_json_of_usage_has_no_breakdown(january):
    client = await signed_in(january.owner)

    response = await client.get(f"{STATS}usage-day-20240101-20240102.json")

    assert json.loads(response.content) == [
        {"date": "2024-01-01", "end": "2024-01-01", "count": 10},
        {"date": "2024-01-02", "end": "2024-01-02", "count": 20},
    ]


async def test_page_links_to_its_data(january):
    client = await signed_in(january.owner)

    response = await client.get(f"{STATS}usage/os/?{JANUARY}&group=month")

    html = response.content.decode()
    assert f'href="{STATS}os-month-20240101-20240114.csv"' in html
    assert f'href="{STATS}os-month-20240101-20240114.json"' in html


# --- Bad input ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("group=year", '"year" is not a grouping. Group by day, week or month.'),
        ("last=14", '"14" is not a preset range. Pick 7, 30, 90 or 365 days'),
        (
            "start=2024-13-01&end=2024-12-31",
            '"2024-13-01" is not a valid date. Write dates as YYYY-MM-DD.',
        ),
        (
            "start=2024-01-01&end=yesterday",
            '"yesterday" is not a valid date. Write dates as YYYY-MM-DD.',
        ),
        ("start=2024-01-01", "Give both a start and an end date, or neither."),
        (
            "start=2024-02-01&end=2024-01-01",
            "The start date 2024-02-01 is after the end date 2024-01-01.",
        ),
        (
            "start=2020-01-01&end=2022-01-01",
            "The range from 2020-01-01 to 2022-01-01 has 732 days. A range may "
            "have at most 731 days (two years).",
        ),
        (
            "start=2999-01-01&end=2999-01-02",
            "The start date 2999-01-01 is after today",
        ),
    ],
)
async def test_bad_page_input_is_400(people, query, message):
    client = await signed_in(people.owner)

    response = await client.get(f"{STATS}usage/?{query}")

    assert response.status_code == 400
    assert message in response.content.decode().replace("&#34;", '"')
    assert "private" in response["Cache-Control"]


async def test_unknown_report_page_is_400(people):
    client = await signed_in(people.owner)

    response = await client.get(f"{STATS}usage/browsers/")

    html = response.content.decode().replace("&#34;", '"')
    assert response.status_code == 400
    assert 'There is no report "usage/browsers".' in html
    assert "statistics/usage/versions/" in html


async def test_bad_input_of_anonymous_is_login_first(people):
    response = await AsyncClient().get(f"{STATS}usage/?group=year")

    assert response.status_code == 302


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "browsers-day-20240101-20240107.csv",
            'There is no report "browsers". The reports are: overview, usage, '
            "versions, apps, locales, os, downloads, sources.",
        ),
        (
            "usage-year-20240101-20240107.csv",
            '"year" is not a grouping. Group by day, week or month.',
        ),
        (
            "usage-day-20240101-20240107.xml",
            '"xml" is not a data format. Use csv or json.',
        ),
        (
            "usage-day-20240230-20240307.csv",
            '"20240230" is not a valid date. Write dates as YYYYMMDD.',
        ),
        (
            "usage-day-20240107-20240101.csv",
            "The start date 2024-01-07 is after the end date 2024-01-01.",
        ),
        (
            "usage-day-20200101-20220101.csv",
            "The range from 2020-01-01 to 2022-01-01 has 732 days.",
        ),
        (
            "usage-day-2024-01-01-2024-01-07.csv",
            '"usage-day-2024-01-01-2024-01-07.csv" is not the name of a '
            "statistics file. Name it REPORT-GROUP-YYYYMMDD-YYYYMMDD.FORMAT",
        ),
    ],
)
async def test_bad_data_name_is_400(people, name, message):
    client = await signed_in(people.owner)

    response = await client.get(f"{STATS}{name}")

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert message in response.content.decode()


async def test_bad_json_name_gets_json_error(people):
    client = await signed_in(people.owner)

    response = await client.get(f"{STATS}usage-year-20240101-20240107.json")

    assert response.status_code == 400
    assert json.loads(response.content) == {
        "error": "unknown_group",
        "detail": '"year" is not a grouping. Group by day, week or month.',
    }


async def test_future_end_stops_at_today(people):
    client = await signed_in(people.owner)
    today = datetime.datetime.now(datetime.UTC).date()
    later = today + datetime.timedelta(days=10)

    response = await client.get(
        f"{STATS}usage-month-{today.strftime('%Y%m')}01-{later.strftime('%Y%m%d')}.json"
    )

    periods = json.loads(response.content)
    assert response.status_code == 200
    assert periods[-1]["end"] == today.isoformat()


# --- Helpers -----------------------------------------------------------------


def _cells(row_html: str) -> list[str]:
    import re

    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row_html, re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]


def table_rows(html: str) -> list[list[str]]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [_cells(row) for row in body.split("</tr>") if "<t" in row]


def table_headers(html: str) -> list[str]:
    head = html.split("<thead>", 1)[1].split("</thead>", 1)[0]
    return _cells(head)


async def test_pages_have_no_inline_code(january):
    client = await signed_in(january.owner)

    for path in REPORT_PATHS:
        response = await client.get(f"{STATS}{path}?{JANUARY}&group=week")

        assert inline_code(response.content.decode()) == [], path


@pytest.mark.skipif(
    not uses_mysql(), reason="query plans are checked on MariaDB, which production runs"
)
async def test_row_queries_use_addon_date_index(people):
    def fill() -> None:
        others = [AddonFactory() for _ in range(20)]
        first = datetime.date(2023, 1, 1)
        users = []
        downloads = []
        for addon in [people.addon, *others]:
            for offset in range(365):
                date = first + datetime.timedelta(days=offset)
                users.append(DailyUsers(addon=addon, date=date, count=offset))
                downloads.append(DailyDownloads(addon=addon, date=date, count=offset))
        DailyUsers.objects.bulk_create(users)
        DailyDownloads.objects.bulk_create(downloads)

    await sync_to_async(fill)()
    client = await signed_in(people.owner)

    with capture_queries() as log:
        response = await client.get(f"{STATS}?start=2023-03-01&end=2023-03-31")
        await client.get(f"{STATS}usage/versions/?start=2023-03-01&end=2023-03-31")

    assert response.status_code == 200
    row_queries = [q for q in log.queries if "stats_daily" in q.sql]
    assert len(row_queries) == 3
    for query in row_queries:
        rows = await execute_sql(
            query.alias, f"EXPLAIN FORMAT=JSON {query.sql}", query.params
        )
        (table,) = table_accesses(json.loads(rows[0][0]))
        assert table["access_type"] == "range", query.sql
        assert table["key"] in (
            "stats_dailyusers_addon_date",
            "stats_dailydownloads_addon_date",
        ), query.sql
        assert table["rows"] <= 62, query.sql
        # The index returns the rows in date order, so nothing is sorted.
        assert "filesort" not in rows[0][0], query.sql
