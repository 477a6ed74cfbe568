"""Speed of every activation against a plain copy, on this machine: the Speed page's library.

``config`` says what may be measured (device, dtype, size; :func:`~activations.speed.link.check`
for links), ``timing`` measures it (:func:`~activations.speed.timing.run_benchmark`), ``report``
turns a result into sentences and rows, ``figures`` into charts, and ``cli`` is
``python -m activations bench``.
"""

from activations.speed.link import MAX_ELEMENTS, Config, check
from activations.speed.timing import RESULTS, BenchResult, Busy, Settings, run_benchmark

__all__ = ["MAX_ELEMENTS", "RESULTS", "BenchResult", "Busy", "Config", "Settings", "check", "run_benchmark"]
