"""The Softmax page's library: ``link`` (its URL contract and the logits parser), ``compute``
(torch, float64), ``figures`` and ``tables``."""
