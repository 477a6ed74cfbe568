"""The docs a newcomer reads: the link-contract tables in docs/links.md list exactly the keys the
pages' link contracts declare, every relative link in the README and the docs leads to a file, and
the README stays short."""

import re
from pathlib import Path

import pytest

from activations.core import classroom
from activations.core.registry import NAMES, get
from activations.depth import chart as depth_chart
from activations.depth import link as depth_link
from activations.explorer import link as explorer_link
from activations.softmax import link as softmax_link
from activations.speed import link as speed_link
from activations.training import link as training_link

ROOT = Path(__file__).resolve().parents[1]
LINKS = (ROOT / "docs" / "links.md").read_text()
DOCS = [ROOT / "README.md", ROOT / "benchmarks" / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
README_MAX_LINES = 250


def table_keys(heading: str) -> set[str]:
    """Backticked names in the first column of the first table after ``heading`` in docs/links.md."""
    section = LINKS[LINKS.index(f"\n{heading}\n") :]
    table = re.search(r"^\| Key \|.*?\n\| -.*?\n((?:\|.*\n)+)", section, re.MULTILINE)
    assert table, f"no key table after {heading!r}"
    keys: set[str] = set()
    for row in table.group(1).splitlines():
        first_column = row.split("|")[1]
        keys.update(re.findall(r"`([a-z_0-9]+)`", first_column))
    return keys


def test_activations_table_matches_the_link_contract():
    declared = {field.key for name in NAMES for field in explorer_link.fields(get(name))}
    assert table_keys("## Activations (`/`)") == declared


def test_softmax_table_matches_the_link_contract():
    assert table_keys("## Softmax (`/softmax`)") == {field.key for field in softmax_link.FIELDS}


def test_training_table_matches_the_link_contract():
    """Activation parameters and run B's ``b_`` keys are described in words, not listed."""
    declared = {field.key for act in NAMES for field in training_link.fields(act, compare=True)}
    listed = table_keys("## Training lab (`/training`)")
    assert listed <= declared
    described = {key for key in declared if not key.startswith(training_link.B)} - set(
        training_link.PARAM_KEYS
    )
    assert described <= listed, described - listed


def test_depth_table_matches_the_link_contract():
    """Activation parameters and the ``b_`` and ``c_`` keys of configurations B and C are described in
    words, not listed."""
    declared = {field.key for act in NAMES for field in depth_link.fields((act, act, act))}
    declared |= {field.key for field in depth_chart.VIEW_FIELDS}  # the chart writes its own view
    listed = table_keys("## Depth (`/depth`)")
    assert listed <= declared
    prefixed = tuple(prefix for prefix in depth_link.PREFIXES if prefix)
    described = {key for key in declared if not key.startswith(prefixed)} - set(depth_link.PARAM_KEYS)
    assert described == listed - set(depth_link.PARAM_KEYS), described ^ listed


def test_speed_table_matches_the_link_contract():
    assert table_keys("## Speed (`/speed`)") == {field.key for field in speed_link.FIELDS}


def test_classroom_table_matches_the_link_contract():
    assert table_keys("## Classroom links") == set(classroom.KEYS)


@pytest.mark.parametrize("doc", DOCS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_relative_link_leads_somewhere(doc: Path):
    """``[text](path)`` with a relative path: the file exists (from the document's folder);
    ``(path.md#anchor)`` or ``(#anchor)``: that document has a heading with that anchor."""
    for target in re.findall(r"\]\(([^)\s]+)\)", doc.read_text()):
        if re.match(r"[a-z]+:", target):  # https:, mailto:
            continue
        path, _, fragment = target.partition("#")
        linked = (doc.parent / path).resolve() if path else doc
        assert linked.exists(), f"{doc.name}: {target} leads nowhere"
        if fragment:
            assert fragment in anchors(linked), f"{doc.name}: no heading in {linked.name} for #{fragment}"


def anchors(doc: Path) -> set[str]:
    """GitHub's anchors of a document's headings: lower case, punctuation dropped, spaces to hyphens."""
    headings = re.findall(r"^#+ (.+)$", doc.read_text(), re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-") for heading in headings}


def test_the_readme_is_short():
    assert len((ROOT / "README.md").read_text().splitlines()) <= README_MAX_LINES
