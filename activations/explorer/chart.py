"""What the Activations chart component is sent on a run: a header and the blocks it lacks.

The header carries the view the page imposes (``view`` with a sequence number ``seq`` that grows
only when the page, not the chart, decides the view: a link, Back, a corrected value), the number
``answered`` of the chart's last report that this run answers, the activations' specs, the window's
fields, the colours, ``style`` (theme.CHART_STYLE) and ``layout`` (:data:`LAYOUT`), the labels in
the page's language, the view's alt text, the file name of its PNG and SVG, the ``link`` it writes
to the URL (:func:`link_fields`), ``store_limit`` (:data:`STORE_LIMIT`) and ``ask_drawn``: whether
the page waits for the chart to say it has drawn (see ui/components/explorer.py). The blocks are
those :func:`needed` for the view and not yet sent in this session (all of them when the chart says
some went missing).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from activations.core import theme
from activations.core.i18n import t
from activations.core.params import param_field
from activations.core.registry import NAMES, get
from activations.core.rules import rule, written
from activations.explorer import alt, export, family, link, payload, properties
from activations.explorer.link import ExplorerState

STORE_LIMIT = 64  # blocks the chart keeps (explorer-data.js), forgetting the oldest first

LABEL_KEYS = (
    "act.choose", "act.compare", "act.probe", "act.training", "chart.dead_zone", "chart.saturated",
    "chart.training_draws", "chart.loading", "chart.window", "chart.canvas", "chart.save_png",
    "chart.save_svg",
)  # fmt: skip
# How the chart lays out and draws (ui/components/explorer-draw.js), with theme.CHART_STYLE: the plot's
# margins (px), each line's width and dash, the training draws' marker (px) and opacity (exact, or a
# nearest block while the exact one comes), and the saturation threshold drawn as a band.
LAYOUT = {
    "margin": {"left": 52, "right": 14, "top": 12, "bottom": 30},
    "lines": {
        "f": {"width": 3, "dash": []},
        "df": {"width": 2, "dash": [7, 4]},
        "overlay": {"width": 2, "dash": [2, 4]},
        "overlay_df": {"width": 1.5, "dash": [8, 3, 2, 3]},
        "draws": {"width": 2, "dash": [2, 3]},
        "probe": {"width": 1, "dash": [2, 3]},
    },
    "draw_marker": 3,
    "draws_alpha": {"exact": 0.7, "pending": 0.3},
    "tiny_grad": properties.TINY_GRAD,
}
COLORS = {"value": theme.BLUE, "grad": theme.RED, "dead": theme.DEAD_FILL,
          "saturated": theme.SATURATED_FILL, "series": list(theme.SERIES), "muted": theme.GREY}  # fmt: skip


@lru_cache(maxsize=1)
def specs() -> list[dict]:
    """Each activation's key, label, parameters (each its link field's rule, :func:`rules.rule`:
    default, bounds, step, decimals and the slider's grid, or the options), ordered pairs, whether
    it is stochastic and the keys of its link's ``fields``: all the chart needs to build its controls
    and write its link (:func:`link_fields`)."""
    result = []
    for name in NAMES:
        spec = get(name)
        params = [{"name": param.name, **rule(param_field(param))} for param in spec.params]
        ordered = [list(pair) for pair in spec.ordered]
        keys = [field.key for field in link.fields(spec)]
        result.append({"key": spec.key, "label": spec.label, "params": params, "ordered": ordered,
                       "stochastic": spec.stochastic, "fields": keys})  # fmt: skip
    return result


def window_fields() -> dict:
    """The default activation, defaults and bounds of the window and probe, from the link's fields,
    and the grid's lattice rule (:func:`activations.explorer.family.lattice`), which the probe's
    slider steps along."""
    lattice = {"max_intervals": family.MAX_INTERVALS, "denominators": list(family.DENOMINATORS)}
    bounds = {"low": link.XMIN.low, "high": link.XMIN.high, "step": link.XMIN.step, "lattice": lattice}
    defaults = {field.key: field.default for field in (link.ACT, *link.WINDOW)}
    return {**defaults, **bounds}


@lru_cache(maxsize=1)
def link_fields() -> dict:
    """How the chart writes its view to the URL (ui/components/kit.js's ``writeLink``): ``owns``, the
    keys of every activation's link, and ``fields``, by key, the rule (:func:`rules.written`) of each
    field all activations share; a parameter's rule is in its activation's spec."""
    owns = dict.fromkeys(field.key for name in NAMES for field in link.fields(get(name)))
    shared = (link.ACT, link.TRAINING, *link.WINDOW, link.COMPARE)
    return {"owns": list(owns), "fields": {field.key: written(field) for field in shared}}


def header(
    state: ExplorerState,
    lang: str,
    seq: int,
    answered: int,
    hidden: Sequence[str] = (),
    ask_drawn: bool = False,
) -> dict:
    """See the module's documentation; ``hidden`` lists the URL keys (and the ``export_png``,
    ``export_svg`` buttons) whose controls a classroom link hides (the chart still shows their
    values). ``alt`` is the chart's alt text for ``view``, ``stem`` its pictures' file name."""
    return {
        "seq": seq,
        "answered": answered,
        "view": link.jsonable(state),
        "specs": specs(),
        "window": window_fields(),
        "link": link_fields(),
        "colors": COLORS,
        "style": theme.CHART_STYLE,
        "layout": LAYOUT,
        "labels": {key: t(key, lang) for key in LABEL_KEYS},
        "hidden": list(hidden),
        "alt": alt.describe(state, lang),
        "stem": export.file_stem(state),
        "ask_drawn": ask_drawn,
        "store_limit": STORE_LIMIT,
    }


def needed(state: ExplorerState) -> list[family.Block]:
    """The blocks the chart needs to show ``state`` and reach every slider step from there."""
    return [family.build(request) for request in family.blocks_for(state)]


def message(state: ExplorerState, lang: str, seq: int, answered: int, sent: set[str],
            resend: bool = False, hidden: Sequence[str] = (), ask_drawn: bool = False,
            ) -> tuple[bytes, set[str]]:  # fmt: skip
    """The payload for this run and the ids of the blocks in it (all needed ones if ``resend``)."""
    blocks = [block for block in needed(state) if resend or block.id not in sent]
    data = payload.pack(header(state, lang, seq, answered, hidden, ask_drawn), blocks)
    return data, {block.id for block in blocks}
