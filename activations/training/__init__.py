"""The Training lab's library: train a small MLP on 2-D toy data and count its dead units.

Modules, one job each:

* :mod:`~activations.training.data`: the toy data sets (seeded, generated with torch);
* :mod:`~activations.training.units`: forward and backward of every registry activation from torch's
  own kernels (declared on the registry spec), so training needs no autograd graph;
* :mod:`~activations.training.model`: the MLP with all parameters in one flat tensor, init schemes;
* :mod:`~activations.training.optim`: SGD, momentum and Adam on that flat tensor;
* :mod:`~activations.training.loop`: :class:`~activations.training.loop.Trainer`, the fast loop;
* :mod:`~activations.training.dead`: dead and saturated units on the full training set;
* :mod:`~activations.training.born_dead`: how many freshly initialised networks are born dead;
* :mod:`~activations.training.lab`: one or two trainers run side by side, their history and speed;
* :mod:`~activations.training.slots`: the process-wide cap on concurrent runs, one torch thread;
* :mod:`~activations.training.budget`: the CPU live training may use, its workers, refresh pace;
* :mod:`~activations.training.worker_process`: what runs in a training worker process (its labs);
* :mod:`~activations.training.worker_pool`: the server's side: the pool of workers, a handle per lab;
* :mod:`~activations.training.session`: one browser session's lab: (re)built, started, paused,
  ticked, its run slot and the notices for the page;
* :mod:`~activations.training.link`: the page's URL contract (every key's field), its validation and
  the :class:`~activations.training.lab.LabConfig` of a link;
* :mod:`~activations.training.presets`: configurations that tell the dying-ReLU story;
* :mod:`~activations.training.figures`: the page's charts (ECharts options, updated in place);
* :mod:`~activations.training.export`: a run's history, configuration and weights as files;
* :mod:`~activations.training.train_script`: the standalone ``train.py`` of a run, written from
  ``train_template.py`` (a script that ruff checks and that runs as it is);
* :mod:`~activations.training.cli`: ``python -m activations train`` and ``born-dead``.
"""
