"""A component's ES modules joined into the one module Streamlit loads (ui/components/__init__.py)."""

import re
import subprocess

import pytest

from ui.components import MODULES, module


@pytest.mark.parametrize("name", sorted(MODULES))
def test_the_joined_module_imports_nothing_and_exports_only_its_default(name):
    joined = module(name)
    assert not re.search(r"^\s*import\b", joined, re.MULTILINE), "a sibling import the joiner missed"
    exports = re.findall(r"^export\b.*", joined, re.MULTILINE)
    assert len(exports) == 1 and exports[0].startswith("export default")


@pytest.mark.parametrize("name", sorted(MODULES))
def test_the_joined_module_parses_as_javascript(name, tmp_path):
    path = tmp_path / f"{name}.mjs"
    path.write_text(module(name), encoding="utf-8")
    checked = subprocess.run(["node", "--check", str(path)], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr
