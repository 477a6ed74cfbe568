"""Speed of every activation against a plain copy, on this machine: the Speed page's library.

``timing`` measures (:func:`~activations.speed.timing.run_benchmark` on a bounded
:class:`~activations.speed.timing.Config`, results kept in :data:`~activations.speed.timing.RESULTS`),
``link`` is the page's URL contract (``device``, ``dtype``, ``size``;
:func:`~activations.speed.link.check`), ``tables`` turns a result into sentences and rows,
``figures`` into charts, and ``cli`` is ``python -m activations bench``.
"""

from activations.speed.link import check
from activations.speed.timing import MAX_ELEMENTS, RESULTS, BenchResult, Busy, Config, Settings, run_benchmark

__all__ = ["MAX_ELEMENTS", "RESULTS", "BenchResult", "Busy", "Config", "Settings", "check", "run_benchmark"]
