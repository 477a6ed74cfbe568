"""The Activations page's library: ``link`` (its URL contract), ``curves`` (torch + autograd),
``properties``, ``tables`` and ``snippets``."""
