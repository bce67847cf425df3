"""Bar charts drawn on the server as SVG: the geometry here, the markup in a template macro.

The page needs no JavaScript to show a chart, every bar is labelled with its name and value in
text (no meaning is carried by colour alone) and a table with the same figures sits under it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from .formatting import number

WIDTH = 640
GROUP_LABEL = 28  # height of a group's title row
BAR = 32  # height of one bar
BAR_GAP = 6
GROUP_GAP = 18
AXIS = 32  # room for the tick labels under the plot
LABEL_ROOM = 170  # a label longer bars cannot hold outside them
LABEL_PAD = 8


@dataclass(frozen=True)
class BarSeries:
    key: str
    name: str
    value: Decimal


@dataclass(frozen=True)
class Bar:
    key: str
    name: str
    value: Decimal
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    label_inside: bool

    @property
    def label(self) -> str:
        return f"{self.name} {number(self.value)}"


@dataclass(frozen=True)
class Group:
    label: str
    label_y: float
    bars: list[Bar]


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class BarChart:
    title: str
    description: str
    width: int
    height: int
    plot_top: float
    plot_bottom: float
    groups: list[Group]
    ticks: list[Tick]


def nice_step(maximum: float, ticks: int = 4) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about ``ticks`` intervals."""
    if maximum <= 0:
        return 1.0
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        if raw <= multiple * power:
            return multiple * power
    return 10 * power  # pragma: no cover - the loop always returns


def bar_chart(title: str, description: str, groups: list[tuple[str, list[BarSeries]]]) -> BarChart:
    """Horizontal bars, grouped, on one scale from zero."""
    largest = max((float(s.value) for _, series in groups for s in series), default=0.0)
    step = nice_step(largest)
    scale_max = step * max(1, math.ceil(largest / step))
    plot_width = WIDTH - LABEL_PAD

    def x_of(value: float) -> float:
        return round(plot_width * value / scale_max, 1)

    y = 4.0  # room above the first group label
    laid_out: list[Group] = []
    for label, series in groups:
        label_y = y + GROUP_LABEL - 8
        y += GROUP_LABEL
        bars = []
        for item in series:
            width = x_of(float(item.value))
            inside = width > plot_width - LABEL_ROOM
            bars.append(
                Bar(
                    key=item.key,
                    name=item.name,
                    value=item.value,
                    x=0,
                    y=y,
                    width=width,
                    height=BAR,
                    label_x=width - LABEL_PAD if inside else width + LABEL_PAD,
                    label_y=y + BAR / 2,
                    label_inside=inside,
                )
            )
            y += BAR + BAR_GAP
        laid_out.append(Group(label=label, label_y=label_y, bars=bars))
        y += GROUP_GAP
    plot_bottom = y - GROUP_GAP
    count = round(scale_max / step)
    ticks = [Tick(x=x_of(step * i), label=number(Decimal(str(step * i)))) for i in range(count + 1)]
    return BarChart(
        title=title,
        description=description,
        width=WIDTH,
        height=math.ceil(plot_bottom + AXIS),
        plot_top=0,
        plot_bottom=plot_bottom,
        groups=laid_out,
        ticks=ticks,
    )
