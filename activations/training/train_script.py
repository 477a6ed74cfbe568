"""The standalone ``train.py`` of a Training lab run: the script template with the run written in.

The template, ``train_template.py`` beside this module, is a complete script that ruff checks and
that runs as it is: it trains the lab's default run, importing the lab's own code. It has three
marked blocks (``# --- NAME ... ---`` to ``# --- end of NAME ---``), which :func:`training_script`
rewrites:

* ``template``: a note about the template, left out;
* ``settings``: each constant (``NAME = value  # comment``) gets the run's value (:func:`settings`);
  its name and comment stay as the template has them;
* ``the lab's own code``: each ``from activations.MODULE import NAMES`` (the lab's modules and
  core's inits) becomes the source of those names as this package has it, with every definition
  of that module they use, in the module's order (the data sets' generators, ``init_weights``, the
  optimizers' constants, the saturation threshold). The script then needs only torch.

How close the script comes to the lab (tested in ``tests/training/test_train_script.py``): the data,
the initial weights, the batches and RReLU's random slopes are the same draws from the same seeds,
bit for bit. The training steps are the same maths computed by other kernels: autograd and
``torch.optim`` instead of the lab's hand-written backward and its fused Adam kernel. Each step
differs by float32 rounding (~1e-7 relative), which grows slowly with the steps: after a few hundred
steps the losses agree to about 1e-6 relative (the test allows 1e-4) and the dead counts are equal;
a chaotic run (a learning rate that makes the loss jump) can drift further.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from collections.abc import Mapping
from functools import cache
from importlib import resources

from activations.core.registry import get
from activations.training.data import UPLOAD
from activations.training.lab import LabConfig

DEFAULT_STEPS = 1000
TEMPLATE = "train_template.py"
SETTING = re.compile(r"^(?P<name>[A-Z][A-Z0-9_]*) = (?P<value>.*?)(?P<comment>  # .*)?$")


@cache
def template() -> str:
    """The text of the script template, shipped inside this package."""
    return resources.files(__package__).joinpath(TEMPLATE).read_text(encoding="utf-8")


def block(text: str, name: str) -> re.Match[str]:
    """The block ``name`` of ``text``: from its ``# --- name ... ---`` line to ``# --- end of name ---``
    (group ``body``: the lines between)."""
    marker = re.escape(name)
    pattern = rf"^# --- {marker}(?::[^\n]*)? ---\n(?P<body>.*?)^# --- end of {marker} ---\n"
    found = re.search(pattern, text, re.MULTILINE | re.DOTALL)
    if found is None:
        raise ValueError(f"the script template has no block {name!r}")
    return found


def settings(
    config: LabConfig, run: int = 0, steps: int = DEFAULT_STEPS, link_query: str | None = None
) -> dict:
    """The value of each constant of the template's settings block for run ``run`` of ``config``."""
    data, chosen = config.data, config.runs[run]
    arch, recipe = chosen.arch, chosen.recipe
    spec = get(arch.act)
    upload = data.uploaded() if data.dataset == UPLOAD else None
    what = (
        f"your own data ({upload.rows} rows, {upload.classes} classes)"
        if upload is not None
        else f"{data.dataset} ({data.points} points, noise {data.noise!r})"
    )
    params = dict(arch.act_params)
    return {
        "RUN": f"{spec.label} network {list(arch.hidden)} on {what}, {recipe.optimizer} at lr {recipe.lr!r}.",
        "LINK": f"/training?{link_query}" if link_query else "/training",
        "DATASET": data.dataset,
        "POINTS": data.points,
        "NOISE": data.noise,
        "TEST_FRAC": data.test_frac,
        "SEED": data.seed,
        "CLASSES": arch.classes,
        "HIDDEN": list(arch.hidden),
        "ACTIVATION": spec.module.__name__,
        "ACTIVATION_ARGS": {p.name: params.get(p.name, p.default) for p in spec.params},
        "INIT": arch.init,
        "INIT_STD": arch.init_std,
        "BIAS_INIT": arch.bias_init,
        "OPTIMIZER": recipe.optimizer,
        "LR": recipe.lr,
        "BATCH": recipe.batch,
        "L2": recipe.l2,
        "DEFAULT_STEPS": steps,
        "ROWS": list(upload.source) if upload is not None else [],
        "LABELS": list(upload.labels) if upload is not None else [],
    }


def training_script(
    config: LabConfig, run: int = 0, steps: int = DEFAULT_STEPS, link_query: str | None = None
) -> str:
    """A standalone script that trains run ``run`` of ``config`` with torch.nn and torch.optim.

    ``python train.py`` trains ``steps`` steps (``--steps N`` for others) on the CPU and prints a
    line every tenth of the way and the final loss and dead units; ``--json`` prints the lines of
    ``python -m activations train`` instead. ``link_query``: the link of the run, named in the script.
    """
    text = template()
    note = block(text, "template")
    text = text[: note.start()] + text[note.end() :].removeprefix("\n")
    found = block(text, "settings")
    filled = "# The run\n" + _filled(found["body"], settings(config, run, steps, link_query))
    text = text[: found.start()] + filled + text[found.end() :]
    found = block(text, "the lab's own code")
    own = "# The lab's own code, as this package runs it\n\n\n" + lab_code(found["body"])
    return text[: found.start()] + own + text[found.end() :]


def _filled(body: str, values: Mapping[str, object]) -> str:
    """The settings lines of ``body`` with each constant's value from ``values`` (every constant
    must have one, and every value a constant)."""
    lines, named = [], set()
    for line in body.splitlines():
        setting = SETTING.match(line)
        if setting is not None:
            name = setting["name"]
            named.add(name)
            value = _rows(values[name]) if name == "ROWS" else _literal(values[name])
            line = f"{name} = {value}{setting['comment'] or ''}"
        lines.append(line)
    if named != set(values):
        raise ValueError(f"the template's settings and the run's differ: {sorted(named ^ set(values))}")
    return "\n".join(lines) + "\n"


def _literal(value: object) -> str:
    """``value`` (a number, string, list, tuple or dict of them) as Python source, strings in double
    quotes where that needs no escape (as ruff writes them)."""
    if isinstance(value, str):
        text = repr(value)
        return f'"{text[1:-1]}"' if text.startswith("'") and '"' not in value else text
    if isinstance(value, list):
        return "[" + ", ".join(map(_literal, value)) + "]"
    if isinstance(value, tuple):
        return "(" + ", ".join(map(_literal, value)) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_literal(k)}: {_literal(v)}" for k, v in value.items()) + "}"
    return repr(value)


def _rows(rows: object) -> str:
    """Uploaded rows, four ``(x1, x2, label),`` to a line."""
    assert isinstance(rows, list)
    if not rows:
        return "[]"
    lines = [
        "    " + " ".join(f"{_literal(tuple(row))}," for row in rows[start : start + 4])
        for start in range(0, len(rows), 4)
    ]
    return "[\n" + "\n".join(lines) + "\n]"


def lab_code(imports: str) -> str:
    """The source that ``imports`` (``from activations.MODULE import NAMES`` lines) bring in,
    module by module, each with every definition of its module that it uses."""
    parts = []
    for statement in ast.parse(imports).body:
        if not isinstance(statement, ast.ImportFrom) or statement.module is None:
            raise ValueError("the lab's own code block holds only from-imports")
        names = tuple(alias.name for alias in statement.names)
        path = statement.module.replace(".", "/") + ".py"
        parts.append(f"# {path}\n" + definitions(statement.module, names))
    return "\n\n\n".join(parts) + "\n"


@cache
def definitions(module_name: str, names: tuple[str, ...]) -> str:
    """The source of the top-level definitions ``names`` of module ``module_name`` and of every
    top-level definition of that module they refer to, in the module's order."""
    source = inspect.getsource(importlib.import_module(module_name))
    defined: dict[str, ast.stmt] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            defined[node.name] = node
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            defined.update({target.id: node for target in targets if isinstance(target, ast.Name)})
    wanted: dict[int, ast.stmt] = {}
    pending = list(names)
    while pending:
        name = pending.pop()
        if name not in defined:
            raise ValueError(f"{module_name} defines no {name!r} at its top level")
        node = defined[name]
        if id(node) not in wanted:
            wanted[id(node)] = node
            pending += [n.id for n in ast.walk(node) if isinstance(n, ast.Name) and n.id in defined]
    lines = source.splitlines()
    chosen = sorted(wanted.values(), key=lambda node: node.lineno)
    return "\n\n\n".join("\n".join(lines[_first_line(node) - 1 : node.end_lineno]) for node in chosen)


def _first_line(node: ast.stmt) -> int:
    """Where ``node`` starts, its decorators included."""
    decorators = getattr(node, "decorator_list", [])
    return min([node.lineno, *(d.lineno for d in decorators)])
