"""The SVG line charts of the statistics pages."""

import re
import xml.etree.ElementTree as ElementTree

import pytest

from amo.stats.charts import (
    HEIGHT,
    MARGIN_BOTTOM,
    MARGIN_END,
    MARGIN_START,
    MARGIN_TOP,
    MAX_DOTS,
    SERIES_COLOURS,
    WIDTH,
    LineChart,
    Series,
    label_indexes,
    nice_scale,
    render_line_chart,
)

SVG = "{http://www.w3.org/2000/svg}"


def chart(values: list[int], **fields) -> LineChart:
    count = len(values)
    defaults = {
        "chart_id": "test-chart",
        "title": "Daily users",
        "description": "Daily users in January.",
        "labels": [f"Jan {index + 1}" for index in range(count)],
        "point_labels": [f"January {index + 1}, 2024" for index in range(count)],
        "series": [Series("Daily users", values)],
    }
    return LineChart(**{**defaults, **fields})


def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


def axis_texts(root: ElementTree.Element) -> list[ElementTree.Element]:
    return [
        text
        for group in root.iter(f"{SVG}g")
        if group.get("class") == "stats-axis"
        for text in group.iter(f"{SVG}text")
    ]


@pytest.mark.parametrize(
    ("maximum", "top", "step"),
    [
        (0, 1, 1),
        (1, 1, 1),
        (4, 4, 1),
        (7, 8, 2),
        (10, 10, 2),
        (11, 15, 5),
        (99, 100, 20),
        (101, 150, 50),
        (1234, 1500, 500),
        (987_654, 1_000_000, 200_000),
    ],
)
def test_nice_scale(maximum, top, step):
    assert nice_scale(maximum) == (top, step)


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, [0]),
        (8, list(range(8))),
        (9, [0, 2, 4, 6, 8]),
        (30, [0, 4, 8, 12, 16, 20, 24, 28]),
    ],
)
def test_label_indexes(count, expected):
    assert label_indexes(count) == expected


def test_chart_is_valid_svg_with_title_and_desc():
    svg = render_line_chart(chart([3, 5, 4]), locale="en-US", rtl=False)

    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "test-chart-title"
    assert root.get("aria-describedby") == "test-chart-desc"
    assert root.find(f"{SVG}title").text == "Daily users"
    assert root.find(f"{SVG}desc").text == "Daily users in January."
    assert root.get("viewBox") == f"0 0 {WIDTH} {HEIGHT}"


def test_points_span_the_plot():
    svg = render_line_chart(chart([0, 5, 10]), locale="en-US", rtl=False)

    root = parse(svg)
    (line,) = root.iter(f"{SVG}polyline")
    points = [tuple(map(float, pair.split(","))) for pair in line.get("points").split()]
    lower = HEIGHT - MARGIN_BOTTOM
    # nice_scale(10) tops the axis at 10, so 10 reaches the top margin.
    assert points == [
        (MARGIN_START, lower),
        ((MARGIN_START + WIDTH - MARGIN_END) / 2, (lower + MARGIN_TOP) / 2),
        (WIDTH - MARGIN_END, MARGIN_TOP),
    ]


def test_right_to_left_mirrors_the_plot():
    ltr = parse(render_line_chart(chart([0, 5, 10]), locale="en-US", rtl=False))
    rtl = parse(render_line_chart(chart([0, 5, 10]), locale="he", rtl=True))

    def xs(root):
        (line,) = root.iter(f"{SVG}polyline")
        return [float(pair.split(",")[0]) for pair in line.get("points").split()]

    assert rtl.get("direction") == "rtl"
    assert ltr.get("direction") == "ltr"
    assert xs(rtl) == [WIDTH - x for x in xs(ltr)]
    y_labels = [t for t in axis_texts(rtl) if t.get("text-anchor") == "end"]
    # The figures stand right of the plot, whose edge is at WIDTH - start.
    assert all(float(t.get("x")) > WIDTH - MARGIN_START for t in y_labels)


def test_single_point_is_a_centred_dot():
    root = parse(render_line_chart(chart([7]), locale="en-US", rtl=False))

    assert list(root.iter(f"{SVG}polyline")) == []
    (dot,) = root.iter(f"{SVG}circle")
    assert float(dot.get("cx")) == (MARGIN_START + WIDTH - MARGIN_END) / 2


def test_dots_have_tooltips_up_to_a_limit():
    few = parse(render_line_chart(chart([1200, 5]), locale="de", rtl=False))
    many = parse(
        render_line_chart(chart([1] * (MAX_DOTS + 1)), locale="en-US", rtl=False)
    )

    tooltips = [title.text for title in few.iter(f"{SVG}title")][1:]
    assert tooltips == [
        "January 1, 2024, Daily users: 1.200",
        "January 2, 2024, Daily users: 5",
    ]
    assert list(many.iter(f"{SVG}circle")) == []


@pytest.mark.parametrize(
    ("locale", "values", "expected"),
    [
        ("en-US", [4800], ["0", "1,000", "2,000", "3,000", "4,000", "5,000"]),
        ("de", [4800], ["0", "1.000", "2.000", "3.000", "4.000", "5.000"]),
        ("en-US", [950_000], ["0", "200K", "400K", "600K", "800K", "1M"]),
        # German has no short form below a million: figures stay grouped.
        ("de", [450_000], ["0", "100.000", "200.000", "300.000", "400.000", "500.000"]),
        (
            "de",
            [4_500_000],
            ["0", "1\xa0Mio.", "2\xa0Mio.", "3\xa0Mio.", "4\xa0Mio.", "5\xa0Mio."],
        ),
    ],
)
def test_y_axis_figures_follow_locale(locale, values, expected):
    root = parse(render_line_chart(chart(values), locale=locale, rtl=False))

    figures = [t.text for t in axis_texts(root) if t.get("text-anchor") == "end"]
    assert figures == expected


def test_text_is_escaped():
    hostile = "<script>alert(1)</script>"
    svg = render_line_chart(
        chart([1, 2], title=hostile, labels=[hostile, "b"]),
        locale="en-US",
        rtl=False,
    )

    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    parse(svg)


def test_series_get_numbered_colour_classes():
    series = [Series(f"1.{index}", [index, index + 1]) for index in range(3)]

    svg = render_line_chart(chart([0, 0], series=series), locale="en-US", rtl=False)

    assert re.findall(r'class="stats-series (stats-series-\d)"', svg) == [
        "stats-series-1",
        "stats-series-2",
        "stats-series-3",
    ]


def _luminance(colour: str) -> float:
    """Return the relative luminance of #rrggbb, as WCAG 2 defines it."""
    channels = [int(colour[index : index + 2], 16) / 255 for index in (1, 3, 5)]
    linear = [
        value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
        for value in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def series_colours(css: str) -> list[str]:
    return re.findall(r"--colour-series-\d: (#[0-9a-f]{6});", css)


def test_series_colours_contrast_with_both_themes(settings):
    css = (settings.BASE_DIR / "static" / "css" / "stats.css").read_text()
    light_block, dark_block = css.split("@media (prefers-color-scheme: dark)", 1)
    light = series_colours(light_block)
    dark = series_colours(dark_block)

    assert light == list(SERIES_COLOURS)
    assert len(dark) == len(SERIES_COLOURS)
    # The chart's surface: white, and #2b2a33 in the dark theme (site.css).
    for colour in light:
        assert contrast(colour, "#ffffff") >= 3, colour
    for colour in dark:
        assert contrast(colour, "#2b2a33") >= 3, colour
