"""Classroom links: ``hide``, ``only`` and ``present`` are checked like every key and hide the right
controls; the named groups match the pages' link contracts and widget keys."""

import re
from pathlib import Path

import pytest

from activations.core import classroom
from activations.core.classroom import COPY_LINK, MAX_ITEMS, MAX_NAME_CHARS, REGIONS, Layout
from activations.core.fields import MAX_RAW_CHARS
from activations.core.registry import NAMES, get
from activations.explorer import link as explorer_link
from activations.softmax import link as softmax_link
from activations.speed import link as speed_link
from activations.training import link as training_link

PAGES_DIR = Path(__file__).resolve().parents[2] / "pages"
URL_KEYS = {
    "activations": {f.key for name in NAMES for f in explorer_link.fields(get(name))},
    "softmax": {f.key for f in softmax_link.FIELDS},
    "training": {f.key for name in NAMES for f in training_link.fields(name, True, name)},
    "speed": set(speed_link.KEYS),
}
PAGE_GROUPS = {
    "activations": explorer_link.GROUPS,
    "softmax": softmax_link.GROUPS,
    "training": training_link.GROUPS,
    "speed": speed_link.GROUPS,
}


def layout(page: str) -> Layout:
    return classroom.layout(page, URL_KEYS[page], PAGE_GROUPS[page])


def room(page: str, **raw: str | list[str]) -> tuple[classroom.Classroom, list]:
    query = {key: [value] if isinstance(value, str) else value for key, value in raw.items()}
    return classroom.check(query, layout(page))


def widget_keys(page: str) -> set[str]:
    """The name-like string literals of a page's source, among them its non-field controls' keys.

    The source is the page, the UI modules named after it (``ui/training_exports.py``) and its
    feature's ``export.py`` (the download buttons' keys) and ``link.py`` (the Softmax presets' names)
    without its ``GROUPS``, whose members are what is checked; a key made from a prefix and a literal
    (``key=f"download_{what}{run}"`` with ``button("history", ...)``) counts with each literal."""
    root = PAGES_DIR.parent
    paths = [
        PAGES_DIR / f"{page}.py",
        *sorted((root / "ui").glob(f"{page}_*.py")),
        root / "activations" / page / "export.py",
        root / "activations" / page / "link.py",
    ]
    text = "\n".join(path.read_text() for path in paths if path.exists())
    text = re.sub(r"\nGROUPS\b.*?\n}\n", "\n", text, flags=re.DOTALL)
    literals = set(re.findall(r"""["']([a-z_0-9]+)["']""", text))
    prefixes = re.findall(r"""key=f["']([a-z_0-9]+)\{""", text)
    return literals | {prefix + literal for prefix in prefixes for literal in literals}


@pytest.mark.parametrize("page", sorted(PAGE_GROUPS))
def test_named_groups_name_real_controls_and_never_shadow_a_key(page):
    keys, controls = URL_KEYS[page], widget_keys(page)
    for group, members in PAGE_GROUPS[page].items():
        assert group not in keys, f"{group} is a URL key of {page}: a group must not shadow it"
        assert members, group
        unknown = [m for m in members if m not in keys and m not in controls]
        assert not unknown, f"{page}/{group}: {unknown} are neither URL keys nor widget keys of the page"


def test_every_name_is_short_and_plain():
    for page in PAGE_GROUPS:
        for name in layout(page).names:
            assert re.fullmatch(r"[a-z][a-z0-9_]*", name) and len(name) <= MAX_NAME_CHARS, name


def test_parameter_groups_follow_the_link_contracts():
    assert set(explorer_link.GROUPS["params"]) == {p.name for name in NAMES for p in get(name).params}
    assert set(training_link.GROUPS["params"]) == {
        training_link.param_key(name, p.name) for name in NAMES for p in get(name).params
    }
    b_keys = {key for key in URL_KEYS["training"] if key.startswith(training_link.B)}
    assert b_keys <= layout("training").expand(["run_b"]), "run_b holds every key of run B"


def test_every_url_key_and_the_frame_are_groups():
    names = layout("speed").names
    assert {"device", "dtype", "size", "lang", "share", COPY_LINK, *REGIONS} <= names
    assert {"window", "params", "act", "negative_slope", "xmin"} <= layout("activations").names


def test_hide_a_named_group_and_a_key():
    room_, problems = room("activations", hide=["window", "act"])
    assert not problems and room_.hide == ("window", "act")
    assert room_.hidden("xmin") and room_.hidden("xmax") and room_.hidden("act")
    assert room_.visible("x0") and room_.visible("negative_slope") and room_.visible(COPY_LINK)
    assert room_.hidden("window") and room_.visible("sidebar")


def test_only_one_slider():
    room_, problems = room("activations", act="leaky_relu", only="negative_slope")
    assert not problems
    assert room_.visible("negative_slope")
    for name in ("act", "xmin", "compare", "lang", COPY_LINK, "share", "window"):
        assert room_.hidden(name), name
    assert room_.visible("params"), "a group with a shown member stays (its container holds it)"
    assert room_.visible("sidebar") and room_.visible("nav"), "only never hides a region"


def test_only_start_pause_and_the_learning_rate():
    room_, problems = room("training", only=["buttons", "lr"])
    assert not problems
    assert all(room_.visible(name) for name in ("start", "pause", "step", "reset", "lr", "buttons"))
    assert all(room_.hidden(name) for name in ("optimizer", "dataset", "hidden", "b_lr", "bd_run", "preset"))
    assert room_.visible("learning") and room_.hidden("data")


def test_hide_and_only_together_and_regions():
    room_, problems = room("speed", only=["settings"], hide=["dtype", "sidebar"])
    assert not problems
    assert room_.visible("size") and room_.visible("size_preset") and room_.hidden("dtype")
    assert room_.hidden("run") and room_.hidden("sidebar") and room_.visible("nav")


def test_hidden_group_stays_hidden_when_a_member_is_not():
    room_, _ = room("training", hide="buttons")
    assert room_.hidden("buttons") and room_.hidden("start")
    room_, _ = room("training", hide="start")
    assert room_.visible("buttons") and room_.hidden("start") and room_.visible("pause")


def test_no_classroom_keys_shows_everything():
    room_, problems = room("speed", size="4096")
    assert not problems and not room_.active
    assert all(room_.visible(name) for name in layout("speed").names)


@pytest.mark.parametrize(
    ("raw", "key", "kept"),
    [
        ({"hide": ["window", "nope"]}, "hide", ("window",)),
        ({"hide": ["<script>alert(1)</script>"]}, "hide", ()),
        ({"hide": ["XMIN"]}, "hide", ()),
        ({"only": ["sidebar", "xmin"]}, "only", ("xmin",)),
        ({"only": ["nav"]}, "only", ()),
        ({"only": ["x" * 500]}, "only", ()),
    ],
)
def test_unknown_names_are_left_out_with_a_warning(raw, key, kept):
    room_, problems = classroom.check(raw, layout("activations"))
    assert getattr(room_, key) == kept
    (problem,) = problems
    assert problem.key == key and problem.reason == "reason.unknown_option"
    assert problem.fallback == (", ".join(kept) or "—")
    assert "window" in problem.allowed and len(problem.allowed) <= 300
    assert ("sidebar" in problem.allowed) == (key == "hide")


def test_bounded():
    names = sorted(layout("training").names - set(REGIONS))
    assert len(names) > MAX_ITEMS
    room_, problems = room("training", hide=names[: MAX_ITEMS + 1])
    assert len(room_.hide) == MAX_ITEMS and problems[0].reason == "reason.too_many"
    room_, problems = room("training", hide=["lr"] * (MAX_RAW_CHARS // 2))
    assert room_.hide == () and problems[0].reason == "reason.too_long"


def test_repeats_and_blanks_are_ignored():
    room_, problems = room("speed", hide=["size", "", " size ", "size"])
    assert room_.hide == ("size",) and not problems


@pytest.mark.parametrize(
    ("raw", "present", "warned"),
    [("true", True, False), ("TRUE", True, False), ("false", False, False), ("yes", False, True)],
)
def test_present(raw, present, warned):
    room_, problems = room("softmax", present=raw)
    assert room_.present is present and room_.active is present
    assert bool(problems) is warned
