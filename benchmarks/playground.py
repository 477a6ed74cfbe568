"""TensorFlow Playground, the live lab's floor: built from its repository into a cache folder and served
on loopback, so ``benchmarks/live_lab.py`` times it beside the lab in the same run.

Playground trains a small network in the page's own JavaScript and redraws its decision boundary (a
canvas under ``#heatmap``) after every step, in a ``d3.timer`` loop: as many changed frames as the
browser draws. Nothing of it is kept in this repository: :func:`build` clones ``REPOSITORY`` at
``COMMIT`` into the cache folder (``git``), installs its packages (``npm ci``) and runs its own build
(``npm run build``, which writes ``dist/``); a folder that already holds a ``dist/`` is used as it is.
:func:`serve` serves ``dist/`` from a thread on a free loopback port.

    .venv/bin/python -m benchmarks.playground [--playground-dir DIR]   # build, serve, print the link
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPOSITORY = "https://github.com/tensorflow/playground"
COMMIT = "02469bd3751764b20486015d4202b792af5362a6"  # the figures in benchmarks/README.md: this one
CACHE = Path.home() / ".cache" / "activation-explorer" / "playground"
# The lab's /training?dataset=spiral&hidden=16,16 as Playground spells it: the library's defaults (ReLU,
# learning rate 0.01, batch 32 → Playground's largest, 30; 20 % test points, noise 0.1 → 10 of 50).
SETTINGS = (
    "#activation=relu&dataset=spiral&networkShape=16,16&learningRate=0.01&batchSize=30"
    "&percTrainData=80&noise=10&regularizationRate=0&x=true&y=true"
)
HEATMAP = "#heatmap canvas"  # the decision boundary
PLAY = "#play-pause-button"


def built(directory: Path) -> bool:
    dist = directory / "dist"
    return all((dist / name).is_file() for name in ("index.html", "bundle.js", "lib.js", "bundle.css"))


def build(directory: Path = CACHE) -> Path:
    """``directory/dist``, built first when it isn't there (needs git, node and npm, and the network)."""
    if not built(directory):
        if not (directory / "package.json").is_file():
            directory.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(["git", "clone", "--quiet", REPOSITORY, str(directory)], check=True)
            subprocess.run(["git", "-C", str(directory), "checkout", "--quiet", COMMIT], check=True)
        (directory / "dist").mkdir(exist_ok=True)
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=directory, check=True)
        subprocess.run(["npm", "run", "build"], cwd=directory, check=True)
        if not built(directory):
            raise RuntimeError(f"Playground's build left no dist/ in {directory}")
    return directory / "dist"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(dist: Path) -> Iterator[str]:
    """The URL of ``dist`` served on a free loopback port until the block ends."""
    handler = functools.partial(_Quiet, directory=str(dist))
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/"
        finally:
            server.shutdown()
            thread.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--playground-dir", type=Path, default=CACHE, help=f"the cache folder ({CACHE})")
    args = parser.parse_args()
    with serve(build(args.playground_dir)) as url:
        print(f"Playground at {url}{SETTINGS} (Ctrl-C stops it)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
