"""The README's URL-key tables list exactly the keys the pages' link contracts declare."""

import re
from pathlib import Path

from activations.core.registry import NAMES, get
from activations.explorer import link as explorer_link

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
