"""Vega-Lite specifications for the explorer's charts (Vega-Lite ships with Streamlit: no CDN)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class SalaryBar:
    """One salary figure to draw: a single amount (``low == 0``) or a range (``low``..``high``)."""

    level: str
    low: float
    high: float
    text: str
    source: str
    excerpt: str


def salary_chart_spec(
    bars: Sequence[SalaryBar],
    level_order: Sequence[str],
    axis_title: str,
    level_title: str,
    source_title: str,
    lang: str = "fr",
) -> dict:
    """Horizontal bars grouped by experience level, one bar per figure coloured by its source, so two
    sources that disagree stand one above the other; the figure is written at the end of its bar."""
    values = [
        {
            "level": b.level,
            "low": b.low,
            "high": b.high,
            "text": b.text,
            "source": b.source,
            "excerpt": b.excerpt,
            "figure": i,
        }
        for i, b in enumerate(bars)
    ]
    # d3's default number format is English; French separates thousands with a space.
    label_expr = (
        "replace(format(datum.value, ',.0f'), ',', ' ')" if lang == "fr" else "format(datum.value, ',.0f')"
    )
    bar_encoding = {
        "y": {"field": "figure", "type": "nominal", "axis": None},
        "x": {"field": "low", "type": "quantitative", "title": axis_title, "axis": {"labelExpr": label_expr}},
        "x2": {"field": "high"},
        "color": {
            "field": "source",
            "type": "nominal",
            "title": source_title,
            "legend": {"orient": "bottom", "direction": "vertical", "labelLimit": 600},
        },
        "tooltip": [
            {"field": "level", "title": level_title},
            {"field": "text", "title": axis_title},
            {"field": "source", "title": source_title},
            {"field": "excerpt", "title": "«»"},
        ],
    }
    # One facet row per level, each with its own bars (an independent y scale), in the levels' order.
    return {
        "data": {"values": values},
        "facet": {
            "row": {
                "field": "level",
                "type": "nominal",
                "sort": list(level_order),
                "title": level_title,
                "header": {"labelAngle": 0, "labelAlign": "left", "labelFontSize": 13},
            }
        },
        "spec": {
            "height": {"step": 20},
            "layer": [
                {"mark": {"type": "bar", "tooltip": True, "cornerRadiusEnd": 2}, "encoding": bar_encoding},
                {
                    "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 12},
                    "encoding": {
                        "y": {"field": "figure", "type": "nominal", "axis": None},
                        "x": {"field": "high", "type": "quantitative"},
                        "text": {"field": "text"},
                    },
                },
            ],
        },
        "resolve": {"scale": {"y": "independent"}},
    }
