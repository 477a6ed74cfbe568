"""The Training lab's toy data sets: shapes, classes, determinism, geometry, the split."""

import pytest
import torch

from activations.training.data import CLASSES, DATASETS, make_dataset, make_points


@pytest.mark.parametrize("name", DATASETS)
def test_shapes_types_and_balanced_classes(name):
    x, y = make_points(name, 301, 0.1, seed=7)
    assert x.shape == (301, 2) and x.dtype == torch.float32
    assert y.shape == (301,) and y.dtype == torch.int64
    counts = torch.bincount(y, minlength=CLASSES[name])
    assert len(counts) == CLASSES[name] and int(counts.max() - counts.min()) <= 1
    assert torch.isfinite(x).all()


@pytest.mark.parametrize("name", DATASETS)
def test_same_seed_same_points_other_seed_other_points(name):
    first, second = make_points(name, 200, 0.2, seed=3), make_points(name, 200, 0.2, seed=3)
    assert torch.equal(first[0], second[0]) and torch.equal(first[1], second[1])
    assert not torch.equal(first[0], make_points(name, 200, 0.2, seed=4)[0])


@pytest.mark.parametrize("name", [name for name in DATASETS if name != "blobs"])  # blobs are Gaussian
def test_without_noise_points_stay_in_the_unit_square(name):
    x, _ = make_points(name, 400, 0.0, seed=0)
    assert float(x.abs().max()) <= 1.0001


def test_xor_labels_follow_the_quadrants():
    x, y = make_points("xor", 400, 0.0, seed=1)
    assert torch.equal(y, (x[:, 0] * x[:, 1] > 0).long())
    assert float(x.abs().min()) >= 0.05  # kept off the axes


def test_circles_disc_inside_ring():
    x, y = make_points("circles", 400, 0.0, seed=2)
    radius = x.norm(dim=1)
    assert float(radius[y == 0].max()) <= 0.5 + 1e-6
    assert float(radius[y == 1].min()) >= 0.7 - 1e-6


def test_spiral3_has_three_classes_and_noise_moves_points():
    x, y = make_points("spiral3", 300, 0.0, seed=0)
    assert set(y.tolist()) == {0, 1, 2}
    noisy, _ = make_points("spiral3", 300, 0.3, seed=0)
    assert float((noisy - x).abs().mean()) > 0.05


def test_split_sizes_and_disjoint_parts():
    data = make_dataset("moons", 500, 0.1, 0.2, seed=0)
    assert len(data.x_train) == 400 and len(data.x_test) == 100
    assert len(data.y_train) == 400 and len(data.y_test) == 100
    every = torch.cat([data.x_train, data.x_test])
    assert len(torch.unique(every, dim=0)) == 500
    assert data.classes == 2 and data.extent >= 1.2


def test_split_keeps_one_point_on_each_side():
    data = make_dataset("blobs", 20, 0.1, 0.9, seed=0)
    assert len(data.x_train) >= 1 and len(data.x_test) >= 1


def test_unknown_name_and_too_few_points_raise():
    with pytest.raises(KeyError, match="moons"):
        make_points("nope", 100, 0.1, 0)
    with pytest.raises(ValueError):
        make_points("spiral3", 2, 0.1, 0)
