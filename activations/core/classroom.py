"""Classroom links: keys that every page accepts to hide controls, and presentation mode.

A teacher's link hides the controls students should not touch, or shows only the ones they
should:

* ``hide`` (repeated): groups to hide, e.g. ``hide=act&hide=window``;
* ``only`` (repeated): hide every group but these, e.g. ``only=negative_slope`` or
  ``only=buttons&only=lr``;
* ``present=true``: presentation mode (the sidebar starts collapsed, the text is larger).

A *group* is any URL key of the page (each key is its own group), a control that is not a URL key
(a button such as ``run``), or a named group of several (``window`` = ``xmin``, ``xmax``; ``buttons``;
``data``...: each page's ``GROUPS``, and :data:`FRAME_GROUPS`). ``sidebar`` and ``nav`` are regions:
``hide`` hides the whole sidebar or the page navigation; ``only`` does not take them.

Hidden controls still exist on the page (they keep the link's values); ``ui.classroom`` hides them.
The keys are checked like every other key (:func:`check`): an unknown name is left out with a
:class:`~activations.core.fields.Problem`, never an error; each key takes at most :data:`MAX_ITEMS`
names of at most :data:`MAX_NAME_CHARS` characters.

This module knows no page's keys or groups (the library's features sit above ``core``): the caller
passes the page's URL keys and named groups (``ui.classroom`` takes them from each feature's
``link.py``), and ``tests/core/test_classroom.py`` checks every named member against those link
contracts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from activations.core.fields import Flag, InvalidValue, Labels, Problem, shorten, validate

MAX_ITEMS = 64
MAX_NAME_CHARS = 32
COPY_LINK = "copy_link"  # the frame's copy-link button

# Every page's frame: the language switch (URL key ``lang``) and these.
FRAME_GROUPS: dict[str, tuple[str, ...]] = {"share": (COPY_LINK,)}
REGIONS = ("sidebar", "nav")  # hidden as a whole by ``hide``; not names for ``only``


@dataclass(frozen=True)
class Layout:
    """What a page's classroom keys may name: ``groups`` (named, with their members) and every
    single control (URL keys, the members of named groups, the frame's)."""

    page: str
    groups: Mapping[str, tuple[str, ...]]
    controls: frozenset[str]

    @property
    def names(self) -> frozenset[str]:
        """Every name ``hide`` accepts."""
        return self.controls | frozenset(self.groups) | frozenset(REGIONS)

    def expand(self, names: Iterable[str]) -> frozenset[str]:
        """``names`` with the members of its named groups."""
        out: set[str] = set()
        for name in names:
            out.add(name)
            out.update(self.groups.get(name, ()))
        return frozenset(out)

    def describe(self, regions: bool = True) -> str:
        """The named groups (and regions), then the controls: what a message lists as allowed."""
        return shorten(", ".join([*self.groups, *(REGIONS if regions else ()), *sorted(self.controls)]), 300)


def layout(page: str, keys: Iterable[str], groups: Mapping[str, tuple[str, ...]]) -> Layout:
    """The layout of ``page`` (``activations``, ``softmax``, ``training``, ``speed``) whose link
    contract declares the URL keys ``keys`` and the named ``groups`` (``GROUPS`` in its ``link.py``)."""
    groups = {**FRAME_GROUPS, **groups}
    controls = {"lang", *keys, *(member for members in groups.values() for member in members)}
    return Layout(page, groups, frozenset(controls))


@dataclass(frozen=True)
class Groups(Labels):
    """A repeated key naming groups of ``names``: at most ``max_items`` names, each at most
    :data:`MAX_NAME_CHARS` characters. Unknown names are left out (with a problem)."""

    key: str
    names: frozenset[str]
    listed: str
    max_items: int = MAX_ITEMS
    default: tuple[str, ...] = ()

    def parse(self, raw: Sequence[str]) -> tuple[str, ...]:
        chosen = tuple(dict.fromkeys(item.strip() for item in raw if item.strip()))
        known = tuple(item for item in chosen if item in self.names)
        if len(known) < len(chosen):
            raise InvalidValue("reason.unknown_option", known[: self.max_items])
        if len(known) > self.max_items:
            raise InvalidValue("reason.too_many", known[: self.max_items])
        return known

    def format(self, value: Sequence[str]) -> list[str]:
        return list(value)

    def describe(self) -> str:
        return self.listed


PRESENT = Flag("present", False)
KEYS = ("hide", "only", "present")


def fields(page_layout: Layout) -> tuple[Groups, Groups, Flag]:
    """The ``hide``, ``only`` and ``present`` fields of a page."""
    return (
        Groups("hide", page_layout.names, page_layout.describe()),
        Groups("only", page_layout.names - frozenset(REGIONS), page_layout.describe(regions=False)),
        PRESENT,
    )


@dataclass(frozen=True)
class Classroom:
    """What a link hides on one page. :meth:`visible` answers for any control or group name."""

    layout: Layout
    hide: tuple[str, ...] = ()
    only: tuple[str, ...] = ()
    present: bool = False
    _hidden: frozenset[str] = field(init=False, repr=False)
    _shown: frozenset[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hidden", self.layout.expand(self.hide))
        object.__setattr__(self, "_shown", self.layout.expand(self.only))

    @property
    def active(self) -> bool:
        """Whether anything is hidden or presented differently."""
        return bool(self.hide or self.only or self.present)

    def _own(self, name: str) -> bool:
        if name in self._hidden:
            return False
        return not self.only or name in self._shown

    def visible(self, name: str, *aliases: str) -> bool:
        """Whether the control (or named group, or region) ``name`` is shown.

        With ``aliases``, the names of one control (the Training lab's Start/Pause toggle is
        ``start`` and ``pause``): hidden when ``hide`` takes any of them, shown under ``only`` when
        ``only`` gives any of them.

        A control is hidden when ``hide`` names it or a group holding it, or when ``only`` is
        given and names neither. A named group is shown when it or one of its members is (a
        container of the group holds a shown control); a region only when ``hide`` leaves it.
        """
        if aliases:
            names = (name, *aliases)
            return not any(n in self._hidden for n in names) and any(self.visible(n) for n in names)
        if name in REGIONS:
            return name not in self.hide
        if self._own(name):
            return True
        members = self.layout.groups.get(name, ())
        return name not in self._hidden and any(self._own(member) for member in members)

    def hidden(self, name: str) -> bool:
        return not self.visible(name)


def check(raw: Mapping[str, Sequence[str]], page_layout: Layout) -> tuple[Classroom, list[Problem]]:
    """The classroom settings of a link for a page, and what had to be left out.

    Keys other than ``hide``, ``only`` and ``present`` are ignored (the page's own check reads them).
    """
    values, problems = validate(raw, fields(page_layout))
    classroom = Classroom(
        page_layout,
        hide=values["hide"],
        only=values["only"],
        present=values["present"],
    )
    return classroom, problems
