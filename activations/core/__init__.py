"""What every feature shares: the activation registry, field types and link parsing, i18n and its
catalogs, devices, and the plotting theme."""
