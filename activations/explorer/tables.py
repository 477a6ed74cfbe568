"""The Activations page's tables: one activation's properties, and every activation side by side."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from activations.core.i18n import t
from activations.core.registry import NAMES, get
from activations.explorer.properties import Properties, compute


def property_rows(props: Properties, lang: str) -> list[tuple[str, str]]:
    """(property, value) rows in ``lang``: "no (kinks at x = 0)" style answers."""

    def yes_no(flag: bool, where_key: str = "", points: tuple[float, ...] = ()) -> str:
        answer = t("yes" if flag else "no", lang)
        if not points:
            return answer
        return f"{answer} ({t(where_key, lang)} {', '.join(f'x = {p:g}' for p in points)})"

    zones = ", ".join(f"[{a:.3g}, {b:.3g}]" for a, b in props.dead_zone) or "—"
    return [
        (t("prop.range", lang), f"[{props.output_min:.4g}, {props.output_max:.4g}]"),
        (t("prop.monotonic", lang), yes_no(props.monotonic)),
        (t("prop.zero_at_origin", lang), yes_no(props.zero_at_origin)),
        (t("prop.zero_centred", lang), yes_no(props.zero_centred)),
        (t("prop.continuous", lang), yes_no(props.continuous, "prop.jumps_at", props.jumps)),
        (t("prop.smooth", lang), yes_no(props.smooth, "prop.kinks_at", props.kinks)),
        (t("prop.saturates_left", lang), yes_no(props.saturates_left)),
        (t("prop.saturates_right", lang), yes_no(props.saturates_right)),
        (t("prop.dead_zone", lang), zones),
        (t("prop.max_grad", lang), f"{props.max_abs_grad:.4g}"),
    ]


def properties_table(name: str, params: dict, xmin: float, xmax: float, lang: str) -> pd.DataFrame:
    """One activation's properties on the window, indexed by property."""
    rows = property_rows(compute(name, params, xmin, xmax), lang)
    columns = [t("prop.property", lang), t("prop.value", lang)]
    return pd.DataFrame(rows, columns=columns).set_index(columns[0])


@lru_cache(maxsize=32)
def all_properties_table(xmin: float, xmax: float, lang: str) -> pd.DataFrame:
    """Every activation's properties at PyTorch's defaults, one row each (sortable on the page)."""
    rows = []
    for name in NAMES:
        props = compute(name, None, xmin, xmax)
        values = {
            "prop.name": get(name).label,
            "prop.output_min": round(props.output_min, 4),
            "prop.output_max": round(props.output_max, 4),
            "prop.monotonic": props.monotonic,
            "prop.zero_at_origin": props.zero_at_origin,
            "prop.zero_centred": props.zero_centred,
            "prop.continuous": props.continuous,
            "prop.smooth": props.smooth,
            "prop.saturates_left": props.saturates_left,
            "prop.saturates_right": props.saturates_right,
            "prop.dead_fraction": round(sum(b - a for a, b in props.dead_zone) / (xmax - xmin), 3),
            "prop.max_grad": round(props.max_abs_grad, 4),
        }
        rows.append({t(key, lang): value for key, value in values.items()})
    return pd.DataFrame(rows)
