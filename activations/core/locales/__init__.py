"""Translation catalogs, one module per page; see :mod:`activations.core.i18n`."""
