"""The catalogue the app iterates over, and the package's independence from Streamlit."""

from __future__ import annotations

import inspect
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import losses

# the table of DESIGN.md, in its order
DESIGN_KEYS = (
    "mse",
    "mae",
    "huber",
    "smooth_l1",
    "mape",
    "binary_cross_entropy",
    "categorical_cross_entropy",
    "sparse_categorical_cross_entropy",
    "kl_divergence",
    "poisson",
    "hinge",
    "focal",
    "triplet",
    "gan_discriminator",
    "gan_generator_minimax",
    "gan_generator_nonsaturating",
)

SPECS = {spec.key: spec for spec in losses.LOSSES}

# a small valid input for each kind of ``spec.inputs``
SAMPLE_INPUTS = {
    "regression": ([3.0, -1.0, 2.5], [2.5, 0.0, 2.0]),
    "probability": ([1.0, 0.0, 1.0], [0.8, 0.3, 0.4]),
    "distribution": ([[1.0, 0.0, 0.0], [0.2, 0.5, 0.3]], [[0.7, 0.2, 0.1], [0.3, 0.3, 0.4]]),
    "class_index": ([0, 2], [[0.7, 0.2, 0.1], [0.3, 0.3, 0.4]]),
    "counts": ([0.0, 2.0, 5.0], [0.5, 2.0, 4.0]),
    "score": ([1.0, -1.0, 1.0], [0.3, 0.4, 2.0]),
    "embeddings": ([[0.0, 0.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.5]], [[0.5, 0.5], [3.0, 3.0]]),
    "gan": ([0.9, 0.7], [0.2, 0.4]),
}


def sample_args(spec):
    args = SAMPLE_INPUTS[spec.inputs]
    n_positional = sum(
        1 for p in inspect.signature(spec.fn).parameters.values() if p.kind is p.POSITIONAL_OR_KEYWORD
    )
    return args[-n_positional:]  # the generator losses take d_fake only


def test_the_catalogue_holds_exactly_the_sixteen_losses_of_the_design():
    keys = tuple(spec.key for spec in losses.LOSSES)
    assert len(keys) == 16
    assert len(set(keys)) == 16
    assert keys == DESIGN_KEYS


@pytest.mark.parametrize("key", DESIGN_KEYS)
def test_spec_functions_are_the_module_level_functions(key):
    spec = losses.loss_spec(key)
    assert spec is SPECS[key]
    assert spec.key == key
    assert spec.fn is getattr(losses, key)
    assert spec.grad is getattr(losses, key + "_grad")
    assert key in losses.__all__ and key + "_grad" in losses.__all__


@pytest.mark.parametrize("key", DESIGN_KEYS)
def test_spec_texts_are_filled_in(key):
    spec = SPECS[key]
    for text in (spec.title, spec.short, spec.task, spec.latex, spec.keras, spec.pytorch):
        assert isinstance(text, str) and text.strip()
    assert spec.family in losses.FAMILIES
    assert spec.inputs in SAMPLE_INPUTS


@pytest.mark.parametrize("key", DESIGN_KEYS)
def test_param_defaults_lie_in_their_range(key):
    spec = SPECS[key]
    names = [param.name for param in spec.params]
    assert len(names) == len(set(names))
    signature = inspect.signature(spec.fn).parameters
    for param in spec.params:
        assert param.name in signature, f"{key} has no parameter {param.name}"
        assert signature[param.name].default == param.default, "catalogue and function disagree"
        if param.low is not None and param.high is not None:
            assert param.low <= param.high
            if param.default is not None:
                assert param.low <= param.default <= param.high


def test_the_params_of_the_design():
    params = {key: {p.name: p.default for p in SPECS[key].params} for key in DESIGN_KEYS}
    assert params["huber"] == {"delta": 1.0}
    assert params["smooth_l1"] == {"beta": 1.0}
    assert params["categorical_cross_entropy"] == {"normalize": False}
    assert params["focal"] == {"gamma": 2.0, "alpha": None}
    assert params["triplet"] == {"margin": 1.0}
    assert all(
        not params[key]
        for key in DESIGN_KEYS
        if key not in {"huber", "smooth_l1", "categorical_cross_entropy", "focal", "triplet"}
    )


@pytest.mark.parametrize("key", DESIGN_KEYS)
def test_each_loss_runs_with_its_defaults_on_a_small_valid_input(key):
    spec = SPECS[key]
    args = sample_args(spec)
    value = spec.fn(*args, **spec.defaults())
    assert isinstance(value, float) and math.isfinite(value)
    grad = spec.grad(*args, **spec.defaults())
    with_respect_to = args[0] if key == "triplet" else args[-1]  # the anchor; else y_pred or d_fake
    assert grad.shape == np.shape(with_respect_to)
    assert np.all(np.isfinite(grad))


def test_loss_spec_of_an_unknown_key_raises():
    with pytest.raises(ValueError, match=r"\w"):
        losses.loss_spec("nope")


def test_losses_never_imports_streamlit():
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", "import losses, sys; assert 'streamlit' not in sys.modules"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
