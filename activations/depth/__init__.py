"""The Depth page's library: signal and gradients through a deep MLP at initialisation
(:mod:`~activations.depth.measure`), its link contract (:mod:`~activations.depth.link`), training the
same deep stack (:mod:`~activations.depth.train`), and the JSON, CSV, alt text and command line built
on them."""
