"""The Activations page's library: ``link`` (its URL contract), ``curves`` (torch + autograd),
``properties``, ``figures``, ``tables`` and ``snippets``."""
