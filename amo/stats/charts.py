"""Line charts of the statistics pages, drawn as inline SVG on the server.

The chart has a <title> and a <desc> for screen readers, y-axis figures
formatted for the page's locale, and x-axis labels that the caller
formats. Colours come from the classes `stats-series-N`, `stats-grid` and
`stats-axis`, which static/css/stats.css colours for the light and dark
themes. The presentation attributes carry the light colours, so an SVG
seen without the stylesheet is still legible. Right-to-left pages get a
mirrored chart: time runs from right to left and the y axis is on the
right.
"""

import math
from dataclasses import dataclass

import babel.numbers
from markupsafe import Markup, escape

from amo.core import i18n

WIDTH = 960
HEIGHT = 320
MARGIN_START = 72
MARGIN_END = 40
MARGIN_TOP = 16
MARGIN_BOTTOM = 40
# Approximate number of y-axis gridlines. Nice steps may give one or two fewer.
Y_TICKS = 5
# Maximum number of x-axis labels, because more would overlap at this width.
MAX_X_LABELS = 8
# Points are drawn as dots, with a tooltip, up to this many periods.
MAX_DOTS = 100
# Light theme colours of the series, as in static/css/stats.css, each with
# a contrast ratio of at least 3:1 against white (tests/stats/test_charts).
SERIES_COLOURS = ("#0060df", "#d7264c", "#058b00", "#8000d7", "#c45a00", "#008ea4")
MAX_SERIES = len(SERIES_COLOURS)
GRID_COLOUR = "#e0e0e6"
AXIS_COLOUR = "#5b5b66"
# Compact figures ("1.2M") on the y axis from this top value up.
COMPACT_FROM = 100_000


@dataclass(frozen=True)
class Series:
    label: str
    values: list[int]


@dataclass(frozen=True)
class LineChart:
    """Content of one chart, with labels already formatted for the page.

    `labels` are the short x-axis labels and `point_labels` the full names
    of the periods, for the tooltips. Both have one entry per period.
    """

    chart_id: str
    title: str
    description: str
    labels: list[str]
    point_labels: list[str]
    series: list[Series]


def nice_scale(maximum: int, ticks: int = Y_TICKS) -> tuple[int, int]:
    """Return the top of the y axis and its step for values up to
    `maximum`: a step of 1, 2 or 5 times a power of ten, at least 1."""
    maximum = max(maximum, 1)
    raw = maximum / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(
        multiple * magnitude
        for multiple in (1, 2, 5, 10)
        if multiple * magnitude >= raw
    )
    step_int = max(1, round(step))
    top = -(-maximum // step_int) * step_int
    return top, step_int


def format_figure(value: int, top: int, locale: str) -> str:
    """Format a y-axis figure: in full, or compact when the axis is tall."""
    babel_locale = i18n.babel_locale(locale)
    if top >= COMPACT_FROM:
        compact = babel.numbers.format_compact_decimal(
            value, fraction_digits=1, locale=babel_locale
        )
        # Locales with no short form for a magnitude, such as German below
        # a million, return the bare digits, so those are written in full.
        if compact != str(value):
            return compact
    return babel.numbers.format_decimal(value, locale=babel_locale)


def label_indexes(count: int, maximum: int = MAX_X_LABELS) -> list[int]:
    """Return the indexes of the periods that get an x-axis label: evenly
    spaced, starting at the first period."""
    if count <= maximum:
        return list(range(count))
    step = math.ceil(count / maximum)
    return list(range(0, count, step))


class _Plot:
    """Coordinates of the plot area, mirrored on right-to-left pages."""

    def __init__(self, count: int, top: int, rtl: bool) -> None:
        self.count = count
        self.top = top
        self.rtl = rtl
        self.left = MARGIN_START
        self.right = WIDTH - MARGIN_END
        self.upper = MARGIN_TOP
        self.lower = HEIGHT - MARGIN_BOTTOM

    def x(self, index: int) -> float:
        if self.count == 1:
            position = (self.left + self.right) / 2
        else:
            position = self.left + index * (self.right - self.left) / (self.count - 1)
        return WIDTH - position if self.rtl else position

    def y(self, value: int) -> float:
        return self.lower - value * (self.lower - self.upper) / self.top

    def start_x(self, offset: float = 0) -> float:
        """Return the x of the y axis, moved `offset` away from the plot."""
        position = self.left - offset
        return WIDTH - position if self.rtl else position

    def end_x(self) -> float:
        return WIDTH - self.right if self.rtl else self.right


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _grid_and_y_axis(plot: _Plot, step: int, locale: str) -> list[str]:
    parts = ['<g class="stats-grid">']
    for value in range(0, plot.top + 1, step):
        y = _number(plot.y(value))
        parts.append(
            f'<line x1="{_number(plot.start_x())}" x2="{_number(plot.end_x())}" '
            f'y1="{y}" y2="{y}" stroke="{GRID_COLOUR}"/>'
        )
    parts.append("</g>")
    # text-anchor "end" is the side of the text nearest the plot in either
    # direction, because the mirrored chart also reverses the text.
    parts.append(f'<g class="stats-axis" fill="{AXIS_COLOUR}" font-size="12">')
    for value in range(0, plot.top + 1, step):
        parts.append(
            f'<text x="{_number(plot.start_x(8))}" y="{_number(plot.y(value))}" '
            f'text-anchor="end" dominant-baseline="middle">'
            f"{escape(format_figure(value, plot.top, locale))}</text>"
        )
    parts.append("</g>")
    return parts


def _x_axis(plot: _Plot, labels: list[str]) -> list[str]:
    lower = _number(plot.lower)
    parts = [
        f'<g class="stats-axis" fill="{AXIS_COLOUR}" stroke="{AXIS_COLOUR}" '
        f'font-size="12">',
        f'<line x1="{_number(plot.start_x())}" x2="{_number(plot.end_x())}" '
        f'y1="{lower}" y2="{lower}"/>',
    ]
    for index in label_indexes(len(labels)):
        x = _number(plot.x(index))
        parts.append(
            f'<line x1="{x}" x2="{x}" y1="{lower}" y2="{_number(plot.lower + 5)}"/>'
        )
        parts.append(
            f'<text x="{x}" y="{_number(plot.lower + 20)}" text-anchor="middle" '
            f'stroke="none">{escape(labels[index])}</text>'
        )
    parts.append("</g>")
    return parts


def _series(
    plot: _Plot, chart: LineChart, number: int, series: Series, locale: str
) -> list[str]:
    colour = SERIES_COLOURS[(number - 1) % MAX_SERIES]
    points = [
        (plot.x(index), plot.y(value)) for index, value in enumerate(series.values)
    ]
    parts = [
        f'<g class="stats-series stats-series-{number}" stroke="{colour}" '
        f'fill="{colour}">'
    ]
    if len(points) > 1:
        line = " ".join(f"{_number(x)},{_number(y)}" for x, y in points)
        parts.append(
            f'<polyline points="{line}" fill="none" stroke-width="2" '
            'stroke-linejoin="round"/>'
        )
    if len(points) <= MAX_DOTS:
        for index, (x, y) in enumerate(points):
            figure = babel.numbers.format_decimal(
                series.values[index], locale=i18n.babel_locale(locale)
            )
            tooltip = f"{chart.point_labels[index]}, {series.label}: {figure}"
            parts.append(
                f'<circle cx="{_number(x)}" cy="{_number(y)}" r="3">'
                f"<title>{escape(tooltip)}</title></circle>"
            )
    parts.append("</g>")
    return parts


def render_line_chart(chart: LineChart, *, locale: str, rtl: bool) -> Markup:
    """Return the SVG of `chart` for a page in `locale`."""
    count = len(chart.labels)
    highest = max((max(s.values, default=0) for s in chart.series), default=0)
    top, step = nice_scale(highest)
    plot = _Plot(count, top, rtl)
    title_id = f"{chart.chart_id}-title"
    desc_id = f"{chart.chart_id}-desc"
    parts = [
        f'<svg class="stats-chart" id="{escape(chart.chart_id)}" '
        f'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="{escape(title_id)}" '
        f'aria-describedby="{escape(desc_id)}" '
        f'direction="{"rtl" if rtl else "ltr"}" font-family="sans-serif">',
        f'<title id="{escape(title_id)}">{escape(chart.title)}</title>',
        f'<desc id="{escape(desc_id)}">{escape(chart.description)}</desc>',
        *_grid_and_y_axis(plot, step, locale),
        *_x_axis(plot, chart.labels),
    ]
    for number, series in enumerate(chart.series[:MAX_SERIES], start=1):
        parts.extend(_series(plot, chart, number, series, locale))
    parts.append("</svg>")
    return Markup("".join(parts))
