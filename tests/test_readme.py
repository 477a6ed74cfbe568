"""The README's URL-key tables list exactly the keys the pages' link contracts declare."""

import re
from pathlib import Path

from activations.core.registry import NAMES, get
from activations.explorer import link as explorer_link
from activations.softmax import link as softmax_link
from activations.training import link as training_link

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def table_keys(heading: str) -> set[str]:
    """Backticked names in the first column of the first table after ``heading``."""
    section = README[README.index(heading) :]
    table = re.search(r"^\| Key \|.*?\n\| -.*?\n((?:\|.*\n)+)", section, re.MULTILINE)
    assert table, f"no key table after {heading!r}"
    keys: set[str] = set()
    for row in table.group(1).splitlines():
        first_column = row.split("|")[1]
        keys.update(re.findall(r"`([a-z_0-9]+)`", first_column))
    return keys


def test_activations_table_matches_the_link_contract():
    declared = {field.key for name in NAMES for field in explorer_link.fields(get(name))}
    assert table_keys("### Activations (`/`)") == declared


def test_softmax_table_matches_the_link_contract():
    assert table_keys("## The Softmax page (`/softmax`)") == {field.key for field in softmax_link.FIELDS}


def test_training_table_matches_the_link_contract():
    """Activation parameters and run B's ``b_`` keys are described in words, not listed."""
    declared = {field.key for act in NAMES for field in training_link.fields(act, compare=True)}
    listed = table_keys("## The Training lab (`/training`)")
    assert listed <= declared
    described = {key for key in declared if not key.startswith(training_link.B)} - set(
        training_link.PARAM_KEYS
    )
    assert described <= listed, described - listed
