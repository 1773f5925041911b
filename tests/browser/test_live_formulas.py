"""The browser's formulas (ui/live_formulas.js) give what losses/ gives, and its fmt what course.numbers
gives, in a real Chromium.

The live charts compute in the browser while a slider is dragged; losses/ stays the truth.
Every expected number here comes from the Python package, never from a copy of the JS logic.
Cases are evaluated in batches: one page.evaluate runs a whole list through the module. Where
Python refuses an input (ValueError), the browser must give NaN.

No server is needed: the module is imported into a blank page from a data: URL.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser, Page

import losses
from course.lessons import ROOT
from course.numbers import fmt, fmt_signed
from losses import EPSILON, loss_spec

MODULE = ROOT / "ui" / "live_formulas.js"
NAMES = [spec.key for spec in losses.LOSSES]
REL_TOL, ABS_TOL = 1e-9, 1e-12
# Each hypothesis example is a whole list of cases, evaluated by one page.evaluate; a failure
# lists every differing case, so there is no shrinking (it took minutes on lists this long). Triplets
# carry three vectors each: more of them would overrun hypothesis's data budget for an example.
CASES_PER_EXAMPLE = 100
CASES_PER_EXAMPLE_BY_NAME = {"triplet": 60}
GENERATED = settings(
    max_examples=5,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)

EVALUATE_CASES = """([name, cases]) => cases.map(([args, params]) => {
    const formula = window.live.FORMULAS[name];
    return [formula.value(...args, params), formula.grad(...args, params)];
})"""


@pytest.fixture(scope="module")
def live(browser: Browser) -> Iterator[Page]:
    """A blank tab with ui/live_formulas.js imported as ``window.live``."""
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.set_content("<html><body></body></html>")
        source = MODULE.read_text(encoding="utf-8")
        tab.evaluate("""async (source) => {
            window.live = await import("data:text/javascript;charset=utf-8," + encodeURIComponent(source));
        }""", source)
        yield tab
    finally:
        context.close()


# ---- The reference: losses/, one sample at a time ----

def python_reference(name: str, args: list, params: dict):
    """(value, grad) of one sample by losses/, or None where Python refuses the input.

    A number argument is a one-sample array; a list is one row (or one embedding). The
    gradient is a list when the sample is given as rows, else a number.
    """
    spec = loss_spec(name)
    arrays = [[arg] if isinstance(arg, (int, float)) else arg for arg in args]
    try:
        value = spec.fn(*arrays, **params, reduction="none")
        grad = spec.grad(*arrays, **params)
    except ValueError:
        return None
    assert np.shape(value) == (1,), (name, args, value)
    rows = any(isinstance(arg, list) for arg in args)
    return float(value[0]), (list(map(float, grad)) if rows else float(np.reshape(grad, -1)[0]))


def close(expected: float, got) -> bool:
    return isinstance(got, (int, float)) and math.isclose(expected, got, rel_tol=REL_TOL, abs_tol=ABS_TOL)


def mismatch(expected, got) -> bool:
    """True when the browser's (value, grad) differs from Python's (None: must be NaN)."""
    if expected is None:
        return not all(isinstance(x, float) and math.isnan(x) for x in got)
    (value, grad), (js_value, js_grad) = expected, got
    if not close(value, js_value):
        return True
    if isinstance(grad, list):
        return not (isinstance(js_grad, list) and len(js_grad) == len(grad)
                    and all(close(g, j) for g, j in zip(grad, js_grad, strict=True)))
    return not close(grad, js_grad)


def check_cases(live: Page, name: str, cases: list[tuple[list, dict]]) -> None:
    """Every case gives in the browser the value and gradient losses/ gives (or NaN for both)."""
    got = live.evaluate(EVALUATE_CASES, [name, [[list(args), params] for args, params in cases]])
    assert len(got) == len(cases)
    wrong = []
    for (args, params), js in zip(cases, got, strict=True):
        expected = python_reference(name, list(args), params)
        if mismatch(expected, js):
            wrong.append(f"{name}{tuple(args)} {params}: python {expected}, browser {js}")
    assert not wrong, f"{len(wrong)} of {len(cases)} differ:\n" + "\n".join(wrong[:15])


# ---- Parameters, read from the catalogue ----

def param_ends(name: str) -> list[dict]:
    """Every combination of each parameter at its default and both ends of its range."""
    choices = []
    for param in loss_spec(name).params:
        if isinstance(param.default, bool):
            values = [False, True]
        else:
            values = list(dict.fromkeys([param.default, param.low, param.high]))
        choices.append([(param.name, value) for value in values])
    return [dict(combination) for combination in itertools.product(*choices)]


def param_strategy(name: str) -> st.SearchStrategy[dict]:
    """Parameters anywhere in their catalogue range (and None where None is the default)."""
    fields = {}
    for param in loss_spec(name).params:
        if isinstance(param.default, bool):
            fields[param.name] = st.booleans()
            continue
        inside = st.floats(param.low, param.high, allow_nan=False)
        ends = st.sampled_from([param.low, param.high])
        fields[param.name] = st.one_of(inside, ends, st.just(param.default))
    return st.fixed_dictionaries(fields)


# ---- Generated cases ----

def floats(low: float, high: float) -> st.SearchStrategy[float]:
    return st.floats(low, high, allow_nan=False, allow_infinity=False)


REALS = st.one_of(floats(-1e6, 1e6), floats(-10, 10), st.integers(-3, 3).map(float))
PROBABILITIES = st.one_of(
    floats(0, 1),
    st.sampled_from([0.0, 1.0, EPSILON, 1 - EPSILON, EPSILON / 2, 1 - EPSILON / 2, 0.5]),
)
HARD_OR_SOFT_LABELS = st.one_of(st.sampled_from([0.0, 1.0]), floats(0, 1))
COUNTS = st.one_of(st.integers(0, 50).map(float), floats(0, 1e6))
RATES = st.one_of(floats(0, 1e6), floats(0, 10), st.just(0.0))


def rows(elements, size: int) -> st.SearchStrategy[list[float]]:
    return st.lists(elements, min_size=size, max_size=size)


def one_hot(size: int) -> st.SearchStrategy[list[float]]:
    return st.integers(0, size - 1).map(lambda k: [float(i == k) for i in range(size)])


def distribution_pair(size: int) -> st.SearchStrategy[list]:
    labels = st.one_of(one_hot(size), rows(PROBABILITIES, size))
    # tiny rows: their sum is near EPSILON, where normalize refuses a row, and the normalized
    # gradient is the difference of two terms of size 1/sum
    predictions = st.one_of(rows(PROBABILITIES, size), rows(floats(0, 1e-6), size))
    return st.tuples(labels, predictions).map(list)


ARGUMENTS: dict[str, st.SearchStrategy[list]] = {
    "mse": st.tuples(REALS, REALS),
    "mae": st.tuples(REALS, REALS),
    "huber": st.tuples(REALS, REALS),
    "smooth_l1": st.tuples(REALS, REALS),
    "mape": st.tuples(REALS, REALS),
    "binary_cross_entropy": st.tuples(HARD_OR_SOFT_LABELS, PROBABILITIES),
    "categorical_cross_entropy": st.integers(2, 10).flatmap(distribution_pair),
    "sparse_categorical_cross_entropy": st.integers(2, 10).flatmap(
        lambda k: st.tuples(st.integers(0, k - 1), rows(PROBABILITIES, k))),
    "kl_divergence": st.integers(2, 10).flatmap(distribution_pair),
    "poisson": st.tuples(COUNTS, RATES),
    "hinge": st.tuples(st.sampled_from([-1.0, 0.0, 1.0]), st.one_of(REALS, floats(-2, 2))),
    "focal": st.tuples(HARD_OR_SOFT_LABELS, PROBABILITIES),
    "triplet": st.integers(1, 4).flatmap(lambda d: st.tuples(*[rows(REALS, d)] * 3)),
    "gan_discriminator": st.tuples(PROBABILITIES, PROBABILITIES),
    "gan_generator_minimax": st.tuples(PROBABILITIES),
    "gan_generator_nonsaturating": st.tuples(PROBABILITIES),
}


def case_lists(name: str) -> st.SearchStrategy[list[tuple[list, dict]]]:
    case = st.tuples(ARGUMENTS[name].map(list), param_strategy(name))
    size = CASES_PER_EXAMPLE_BY_NAME.get(name, CASES_PER_EXAMPLE)
    return st.lists(case, min_size=size, max_size=size)


@pytest.mark.parametrize("name", NAMES)
@GENERATED
@given(data=st.data())
def test_generated_cases_equal_python(live: Page, name: str, data: st.DataObject) -> None:
    check_cases(live, name, data.draw(case_lists(name)))


# ---- Edges: clipping, kinks, large numbers, parameter ends, refused input ----

PROBABILITY_EDGES = [0.0, EPSILON / 2, EPSILON, 2 * EPSILON, 0.3, 0.5, 1 - 2 * EPSILON, 1 - EPSILON,
                     1 - EPSILON / 2, 1.0]
REAL_EDGES = [-1e6, -2.5, -1.0, -0.5, 0.0, 1e-9, 0.5, 1.0, 3.0, 999_999.5, 1e6]
# Python refuses these (ValueError): the browser must give NaN.
NOT_NUMBERS = [math.nan, math.inf, -math.inf, 2e100]
NOT_PROBABILITIES = [-0.1, 1.1, *NOT_NUMBERS]


def regression_edges(name: str) -> Iterator[list]:
    yield from itertools.product(REAL_EDGES, REAL_EDGES)
    for params in param_ends(name):
        for size in params.values():  # |e| exactly at delta (or beta): where the zones meet
            yield from ([0.0, size], [0.0, -size], [2.0, 2.0 + size], [1e6, 1e6 - size])
    yield from ([bad, 1.0] for bad in NOT_NUMBERS)
    yield from ([1.0, bad] for bad in NOT_NUMBERS)
    # Labels near 0: MAPE refuses those below 1e-100 in size (they would overflow), takes 1e-100.
    yield from ([1e-200, 1.0], [-1e-101, 1.0], [1e-100, 1e100], [-1e-100, -1e100], [5e-324, 1.0])


def probability_edges() -> Iterator[list]:
    yield from itertools.product(PROBABILITY_EDGES, PROBABILITY_EDGES)
    yield from ([bad, 0.5] for bad in NOT_PROBABILITIES)
    yield from ([0.5, bad] for bad in NOT_PROBABILITIES)


def row_edges() -> Iterator[list]:
    """Label and prediction rows: one-hot, soft, with zeros (0·ln 0), at and beyond the clip."""
    labels = [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.2, 0.3, 0.5], [0.0, 0.0, 0.0], [1.0, 1.0, 1.0]]
    predictions = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0], [EPSILON, 1 - EPSILON, 0.0],
                   [0.2, 0.3, 0.5], [1.0, 1.0, 1.0], [EPSILON / 2, EPSILON / 2, EPSILON / 2],
                   [1e-8, 2e-8, 0.0]]
    yield from itertools.product(labels, predictions)
    # ten classes summing to EPSILON in numpy's order (pairwise), just below it added one by one
    yield [0.1] * 10, [1e-8] * 10
    yield [0.1] * 10, [3e-8] * 10
    yield [0.0] * 9 + [1.0], [1e-8] * 9 + [1.1e-8]
    yield [1.0, 0.0], [0.9, 0.2]  # Tom/Jerry: not a distribution, normalize makes the difference
    yield [1.0, 0.0], [0.9, 0.2, 0.1]  # rows of different lengths
    yield [], []
    yield [1.0, 0.0], [0.5, 1.5]
    yield [1.0, -0.5], [0.5, 0.5]
    yield [1.0, 0.0], [0.5, math.nan]


def sparse_edges() -> Iterator[list]:
    predictions = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0], [EPSILON, 1 - EPSILON, 0.3],
                   [1.0, 1.0, 1.0], [0.2, 0.3, 0.5]]
    yield from itertools.product([0, 1, 2, 2.0], predictions)
    for bad in (-1, 3, 0.5, math.nan, math.inf):
        yield bad, [0.2, 0.3, 0.5]
    yield 0, [0.5, 1.5]
    yield 0, []


def triplet_edges(name: str) -> Iterator[list]:
    margins = [params["margin"] for params in param_ends(name)]
    for margin in margins:
        # exactly at 0: ‖a − p‖ − ‖a − n‖ + margin = 0, the kink
        yield [0.0, 0.0], [1.0, 0.0], [1.0 + margin, 0.0]
        yield [0.0], [margin], [2 * margin]
    yield [0.0, 0.0], [0.0, 0.0], [3.0, 4.0]  # anchor on the positive: unit vector 0
    yield [0.0, 0.0], [3.0, 4.0], [0.0, 0.0]  # anchor on the negative
    yield [1.0, 2.0], [1.0, 2.0], [1.0, 2.0]  # all three together
    yield [1e6, -1e6, 0.0], [-1e6, 1e6, 1.0], [1e6, 1e6, -1e6]
    yield [1e6, 0.0], [1e6 - 0.5, 0.0], [1e6 + 0.25, 0.0]
    yield [0.0, 0.0], [1.0], [2.0, 0.0]  # shapes differ
    yield [], [], []
    yield [0.0, math.nan], [1.0, 0.0], [2.0, 0.0]


def edge_arguments(name: str) -> list[list]:
    regression = {"mse", "mae", "huber", "smooth_l1", "mape"}
    if name in regression:
        return list(regression_edges(name))
    if name in {"binary_cross_entropy", "focal", "gan_discriminator"}:
        return list(probability_edges())
    if name in {"gan_generator_minimax", "gan_generator_nonsaturating"}:
        return [[p] for p in PROBABILITY_EDGES + NOT_PROBABILITIES]
    if name in {"categorical_cross_entropy", "kl_divergence"}:
        return list(row_edges())
    if name == "sparse_categorical_cross_entropy":
        return list(sparse_edges())
    if name == "poisson":
        values = [0.0, 1e-8, 0.5, 1.0, 3.0, 1e6]
        return [*itertools.product(values, values), [-1.0, 1.0], [1.0, -1e-9], [math.nan, 1.0]]
    if name == "hinge":
        scores = [-1e6, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 1e6]
        return [*itertools.product([-1.0, 0.0, 1.0], scores), [2.0, 1.0], [0.5, 1.0], [1.0, math.inf]]
    if name == "triplet":
        return list(triplet_edges(name))
    raise AssertionError(f"no edge cases for {name}: add them here")


def refused_params(name: str) -> list[dict]:
    """Parameter values Python refuses: at 0 where it must be positive, below 0, not finite."""
    refused = []
    for param in loss_spec(name).params:
        if isinstance(param.default, bool):
            continue
        bad = [-1.0, math.nan, math.inf] + ([0.0] if param.name in {"delta", "beta", "margin"} else [])
        bad += [1.5] if param.name == "alpha" else []
        refused += [{**loss_spec(name).defaults(), param.name: value} for value in bad]
    return refused


@pytest.mark.parametrize("name", NAMES)
def test_edges_equal_python(live: Page, name: str) -> None:
    arguments = edge_arguments(name)
    cases = [(args, params) for params in param_ends(name) for args in arguments]
    cases += [(args, params) for params in refused_params(name) for args in arguments[:3]]
    check_cases(live, name, cases)


@pytest.mark.parametrize("name", NAMES)
def test_params_default_when_missing(live: Page, name: str) -> None:
    """Without params (none, {}, undefined or null) the browser uses Python's defaults; an unknown
    parameter name or a missing or extra argument gives NaN."""
    args = edge_arguments(name)[1]
    expected = python_reference(name, list(args), {})
    got = live.evaluate("""([name, args]) => {
        const formula = window.live.FORMULAS[name];
        const both = (...call) => [formula.value(...call), formula.grad(...call)];
        return {
            defaults: [both(...args), both(...args, {}), both(...args, undefined), both(...args, null)],
            refused: [both(...args, {typo: 1}), both(...args.slice(1)), both(...args, {}, 0)],
        };
    }""", [name, list(args)])
    for js in got["defaults"]:
        assert not mismatch(expected, js), (args, expected, js)
    for js in got["refused"]:
        assert all(math.isnan(x) for x in js), (args, js)


def test_every_loss_of_the_catalogue_has_a_browser_formula(live: Page) -> None:
    assert sorted(live.evaluate("Object.keys(window.live.FORMULAS)")) == sorted(NAMES)
    assert live.evaluate("window.live.EPSILON") == EPSILON


# ---- fmt ----

def boundary_values() -> list[float]:
    """Where fmt changes branch or rounding, and the exact ties Python rounds to even."""
    values = [0.0, -0.0, 0.001, 0.00099999, 0.0009995, 0.00099949, 9999.5, 9998.5, 9999.4999, 10000.0,
              1234.5, 1235.5, 100.25, 100.75, 10.125, 10.375, 1.0625, 0.03125, 0.015625, 0.0078125,
              10000.5, 10001.5, 123456.5, 2.0**52 + 1, 2.0**53, 1e21, 1e22, 1e23, 1.7976931348623157e308,
              5e-324, 2.2250738585072014e-308, 1e-100, 1e100, math.inf, -math.inf, 0.1, 0.2, 0.3]
    for power in range(-12, 13):
        exact = 10.0**power
        values += [exact, float(np.nextafter(exact, 0)), float(np.nextafter(exact, math.inf))]
    values += [float(np.nextafter(1e-3, 0)), float(np.nextafter(1e4, 0))]
    # Exact ties at the decimals fmt keeps: odd multiples of 2^-(d+1) between 10^(3-d) and 10^(4-d)
    # are the binary numbers with a 5 just after the d-th decimal. Python rounds them to even.
    for decimals in range(7):
        low, step = 10.0 ** (3 - decimals), 2.0 ** -(decimals + 1)
        ties = [k * step for k in range(1, int(10 * low / step), 2) if k * step >= low]
        values += ties[:40] + ties[-40:]
    return values + [-v for v in values]


def check_fmt(live: Page, values: list[float]) -> None:
    got = live.evaluate("(values) => values.map((v) => [window.live.fmt(v), window.live.fmtSigned(v)])",
                        values)
    wrong = [f"{v!r}: python {fmt(v)!r} {fmt_signed(v)!r}, browser {js[0]!r} {js[1]!r}"
             for v, js in zip(values, got, strict=True) if js != [fmt(v), fmt_signed(v)]]
    assert not wrong, f"{len(wrong)} of {len(values)} differ:\n" + "\n".join(wrong[:20])


def test_fmt_at_boundaries_and_ties(live: Page) -> None:
    check_fmt(live, boundary_values())


MAGNITUDES = st.builds(lambda mantissa, power, sign: sign * mantissa * 10.0**power,
                       floats(1, 10), st.integers(-12, 12), st.sampled_from([1, -1]))
HALVES = st.builds(lambda n, j: n / 2**j, st.integers(-2**40, 2**40), st.integers(1, 12))
FMT_VALUES = st.one_of(MAGNITUDES, HALVES, floats(-1e12, 1e12), floats(-1e-3, 1e-3), st.just(0.0))


@settings(GENERATED, max_examples=6)
@given(values=st.lists(FMT_VALUES, min_size=500, max_size=500))
def test_fmt_generated(live: Page, values: list[float]) -> None:
    check_fmt(live, values)


def test_fmt_of_nan_reads_nan(live: Page) -> None:
    """Python's fmt raises on NaN (math.floor(nan)); the browser writes "nan" rather than throw."""
    with pytest.raises(ValueError):
        fmt(math.nan)
    assert live.evaluate("[window.live.fmt(NaN), window.live.fmtSigned(NaN)]") == ["nan", "nan"]
