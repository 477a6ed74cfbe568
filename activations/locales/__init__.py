"""Translation catalogs, one module per page; see :mod:`activations.i18n`."""
