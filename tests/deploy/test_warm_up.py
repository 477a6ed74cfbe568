"""The warm-up (ui/warm_up.py): the default page's imports and view first, then the rest."""

from __future__ import annotations

import ast
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from ui import warm_up

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fresh_events(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("_started", "_default_page_ready", "_done"):
        monkeypatch.setattr(warm_up, name, threading.Event())


def test_the_default_page_is_ready_before_the_other_imports_start(fresh_events, monkeypatch):
    seen = []
    monkeypatch.setattr(
        warm_up, "_import", lambda names: seen.append((tuple(names), warm_up._default_page_ready.is_set()))
    )
    monkeypatch.setattr(warm_up, "_default_view", lambda: seen.append(("default view", False)))
    warm_up._import_all()
    assert seen == [
        (warm_up.DEFAULT_PAGE_MODULES, False),
        ("default view", False),
        (warm_up.OTHER_MODULES, True),
    ]
    assert warm_up._done.is_set()


def test_a_failed_first_stage_still_releases_every_waiting_page(fresh_events, monkeypatch):
    def broken(names):
        raise ImportError("no torch")

    monkeypatch.setattr(warm_up, "_import", broken)
    with pytest.raises(ImportError):
        warm_up._import_all()
    assert warm_up._default_page_ready.is_set() and warm_up._done.is_set()


def test_pages_wait_for_their_stage_only(fresh_events):
    warm_up._started.set()
    warm_up._default_page_ready.set()
    warm_up.wait_until_warm(default_page=True, timeout=5)  # returns at once
    waiter = threading.Thread(target=warm_up.wait_until_warm, kwargs={"timeout": 5})
    waiter.start()
    waiter.join(0.2)
    assert waiter.is_alive(), "another page waits for pandas too"
    warm_up._done.set()
    waiter.join(5)
    assert not waiter.is_alive()


def test_the_default_page_imports_no_pandas():
    """What pages/activations.py and the frame import at the top, in a fresh interpreter: no pandas,
    so the first stage's wait is all the default page needs."""
    tree = ast.parse((ROOT / "pages" / "activations.py").read_text(encoding="utf-8"))
    modules = [node.module for node in tree.body if isinstance(node, ast.ImportFrom)]
    modules += [alias.name for node in tree.body if isinstance(node, ast.Import) for alias in node.names]
    imports = "".join(f"import {name}; " for name in modules)
    code = f"import sys; {imports}print('pandas' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
