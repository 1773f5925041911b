"""The live panel: a lesson's controls, its headline numbers and the charts they move, drawn by
the browser on every pointer or key move (ui/live_panel.js).

A Streamlit slider reports its value only when a drag ends, so nothing on the page could move
under the student's finger. Here a page *declares* its panel: its controls, and every number
and curve as an expression of those controls (``Loss("huber", 0, X, delta=DELTA)``). Python
evaluates the expressions with ``losses`` (the truth, drawn on every run); the browser
evaluates the same expressions with ``ui/live_formulas.js`` on every move of a gesture, and
sends the new values once, when the gesture ends. Then one rerun brings the rest of the page
(worked calculation, prose, tables, the address) into agreement.

The values live in ``st.session_state`` under each control's key, as a widget's would: presets
write them there, and the address keeps them (a control's key is its query parameter).
"""

from __future__ import annotations

import hashlib
import json
import math
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import streamlit as st
from streamlit.elements.lib import agent_spec

import losses
from course.numbers import fmt
from ui.classroom import classroom_on, for_the_room
from ui.controls import SliderSpec
from ui.figures import (
    CURVE_POINTS,
    Band,
    Curve,
    Figure,
    Marker,
    bar_figure,
    curve_figure,
    legend_height,
    loss_and_gradient_titles,
    with_riser,
)
from ui.palette import BLACK, SERIES

_HERE = Path(__file__).parent
# One module: the formulas, the shared Plotly loader, then the panel itself.
_SCRIPT = "\n".join((_HERE / name).read_text(encoding="utf-8")
                    for name in ("live_formulas.js", "plotly_loader.js", "live_panel.js"))
COMPONENT_NAME = "loss_lab_live_panel"
PANEL_CHART_HEIGHT = 250
"""Short enough that the controls and the charts they move fit on a 1280×720 projector."""


# --- Expressions: one description of a number, evaluated by Python and by the browser ------------

class Expr:
    """A number (or, over a chart's x grid, an array) computed from the panel's controls."""

    def to_json(self) -> list:
        raise NotImplementedError

    def evaluate(self, values: Mapping[str, float], x: np.ndarray | None = None):
        raise NotImplementedError

    def __add__(self, other):
        return Op("+", self, as_expr(other))

    def __radd__(self, other):
        return Op("+", as_expr(other), self)

    def __sub__(self, other):
        return Op("-", self, as_expr(other))

    def __rsub__(self, other):
        return Op("-", as_expr(other), self)

    def __mul__(self, other):
        return Op("*", self, as_expr(other))

    def __rmul__(self, other):
        return Op("*", as_expr(other), self)

    def __truediv__(self, other):
        return Op("/", self, as_expr(other))

    def __neg__(self):
        return Op("*", Const(-1.0), self)

    def __abs__(self):
        return Op("abs", self)


def as_expr(value) -> Expr:
    return value if isinstance(value, Expr) else Const(float(value))


@dataclass(frozen=True, eq=False)
class Const(Expr):
    value: float

    def to_json(self) -> list:
        return ["c", self.value]

    def evaluate(self, values, x=None):
        return self.value


@dataclass(frozen=True, eq=False)
class Ref(Expr):
    """The current value of a control, by its key."""

    key: str

    def to_json(self) -> list:
        return ["v", self.key]

    def evaluate(self, values, x=None):
        return values[self.key]


@dataclass(frozen=True, eq=False)
class _GridVariable(Expr):
    def to_json(self) -> list:
        return ["x"]

    def evaluate(self, values, x=None):
        if x is None:
            raise ValueError("X is only defined over a chart's grid")
        return x


X = _GridVariable()
"""The chart's horizontal variable: a curve ``Loss("mse", LABEL, X)`` is drawn over the grid."""

_BINARY = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide,
           "min": np.minimum, "max": np.maximum}
_UNARY = {"abs": np.abs}


@dataclass(frozen=True, eq=False)
class Op(Expr):
    op: str
    left: Expr
    right: Expr | None = None

    def to_json(self) -> list:
        return [self.op, self.left.to_json()] + ([] if self.right is None else [self.right.to_json()])

    def evaluate(self, values, x=None):
        if self.op in _UNARY:
            return _UNARY[self.op](self.left.evaluate(values, x))
        # 0/0 is NaN, an undefined number, as in the browser: no warning to log.
        with np.errstate(divide="ignore", invalid="ignore"):
            return _BINARY[self.op](self.left.evaluate(values, x), self.right.evaluate(values, x))


def maximum(a, b) -> Expr:
    return Op("max", as_expr(a), as_expr(b))


def minimum(a, b) -> Expr:
    return Op("min", as_expr(a), as_expr(b))


@dataclass(frozen=True, eq=False)
class Loss(Expr):
    """One sample's loss ``losses.<name>`` (or, with ``part="grad"``, its gradient ``<name>_grad``)
    of the given arguments, elementwise over a chart's grid."""

    name: str
    args: tuple[Expr, ...]
    params: tuple[tuple[str, Expr], ...] = ()
    part: str = "value"

    def __init__(self, name: str, *args, part: str = "value", **params):
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "args", tuple(as_expr(arg) for arg in args))
        object.__setattr__(self, "params", tuple((key, as_expr(value)) for key, value in params.items()))
        object.__setattr__(self, "part", part)

    def to_json(self) -> list:
        return ["loss", self.name, self.part, [arg.to_json() for arg in self.args],
                {key: value.to_json() for key, value in self.params}]

    def evaluate(self, values, x=None):
        if any(isinstance(arg, Row) for arg in self.args):
            return _row_loss(self, values, x)
        try:
            result = self.compute(values, x)
        except ValueError:
            # Undefined here (a MAPE label of 0): no number, as the browser's formula gives NaN.
            result = np.full(np.shape(x) if x is not None else (1,), np.nan)
        return result if x is not None else float(result[0])

    def compute(self, values, x=None) -> np.ndarray:
        """The loss's values, or the ``ValueError`` in plain words of ``losses`` where it refuses
        its inputs (``evaluate`` turns that into NaN; ``undefined_because`` says why)."""
        args = np.broadcast_arrays(*(np.atleast_1d(np.asarray(arg.evaluate(values, x), dtype=float))
                                     for arg in self.args))
        params = {key: None if (number := value.evaluate(values, x)) is None else float(number)
                  for key, value in self.params}
        if self.part == "grad":
            return np.asarray(getattr(losses, f"{self.name}_grad")(*args, **params), dtype=float)
        return np.asarray(getattr(losses, self.name)(*args, reduction="none", **params), dtype=float)


def shown_range(ends: tuple[Expr, Expr] | None, values: Mapping[str, float]) -> tuple[float, float] | None:
    """A chart's declared axis range for these values; None, the axis fitted to what is drawn,
    where an end is undefined (KL's range when every weight of y is 0). The browser does the same
    (ui/live_panel.js, ``withShownRange``)."""
    if ends is None:
        return None
    low, high = (float(end.evaluate(values)) for end in ends)
    return (low, high) if math.isfinite(low) and math.isfinite(high) else None


def undefined_because(expr: Expr, values: Mapping[str, float], x: np.ndarray | None = None) -> str | None:
    """Why ``expr`` has no value here: the message of the first loss in it that refuses its
    inputs ("MAPE is undefined when a label is 0: ..."), or None where it is defined."""
    for node in _nodes(expr):
        if isinstance(node, Loss) and not any(isinstance(arg, Row) for arg in node.args):
            try:
                node.compute(values, x)
            except ValueError as refusal:
                return str(refusal)
    return None


def _nodes(expr):
    """``expr`` and every expression inside it."""
    yield expr
    for value in vars(expr).values():
        for item in value if isinstance(value, tuple) else (value,):
            inner = item[1] if isinstance(item, tuple) else item  # Loss.params: (name, expression)
            if isinstance(inner, Expr):
                yield from _nodes(inner)


def Grad(name: str, *args, **params) -> Loss:
    """The gradient of one sample's loss with respect to its prediction."""
    return Loss(name, *args, part="grad", **params)


@dataclass(frozen=True, eq=False)
class When(Expr):
    """``then`` where ``condition`` is not 0, else ``otherwise``: an option switched on or off in
    the panel. A branch may be None, a loss parameter left out (``alpha=None`` for focal)."""

    condition: Expr
    then: Expr | None
    otherwise: Expr | None

    def to_json(self) -> list:
        return ["when", self.condition.to_json(),
                *(None if branch is None else branch.to_json() for branch in (self.then, self.otherwise))]

    def evaluate(self, values, x=None):
        condition = self.condition.evaluate(values, x)
        then, otherwise = (None if branch is None else branch.evaluate(values, x)
                           for branch in (self.then, self.otherwise))
        if np.ndim(condition) == 0:
            return then if condition else otherwise
        return np.where(np.asarray(condition) != 0, then, otherwise)


def when(condition, then, otherwise) -> When:
    """``then`` if ``condition`` is not 0, else ``otherwise`` (None: a loss parameter left out)."""
    return When(as_expr(condition),
                *(None if branch is None else as_expr(branch) for branch in (then, otherwise)))


# Rows: a vector of numbers (a distribution over classes, a row of logits) for the losses that take
# one row per sample (categorical cross-entropy, KL, ...). ``Loss(name, Y_ROW, P_ROW)`` passes the
# browser's formulas arrays; ``Item`` takes one entry back out (a readout, a marker).

class Row(Expr):
    """An expression whose value is a row of numbers: shape (K,), or over a chart's grid one row
    per x, shape (points, K)."""


@dataclass(frozen=True, eq=False)
class Vector(Row):
    """A row of expressions, one entry each: ``Vector(Ref("p0"), Ref("p1"), 0.0)``."""

    items: tuple[Expr, ...]

    def __init__(self, *items):
        object.__setattr__(self, "items", tuple(as_expr(item) for item in items))

    def to_json(self) -> list:
        return ["vec", [item.to_json() for item in self.items]]

    def evaluate(self, values, x=None):
        entries = [np.asarray(item.evaluate(values, x), dtype=float) for item in self.items]
        return np.stack(np.broadcast_arrays(*entries), axis=-1)


@dataclass(frozen=True, eq=False)
class Item(Expr):
    """Entry ``index`` (an expression of the controls, such as a class chosen by a ``Choice``) of a
    row: ``Item(Grad("categorical_cross_entropy", Y, P), LABEL)``."""

    row: Expr
    index: Expr

    def __init__(self, row: Expr, index):
        object.__setattr__(self, "row", row)
        object.__setattr__(self, "index", as_expr(index))

    def to_json(self) -> list:
        return ["item", self.row.to_json(), self.index.to_json()]

    def evaluate(self, values, x=None):
        return np.asarray(self.row.evaluate(values, x), dtype=float)[..., _index(self.index, values)]


@dataclass(frozen=True, eq=False)
class Replace(Row):
    """A row with entry ``index`` replaced by ``value``: ``Replace(P, LABEL, X)`` is the prediction
    with the true class's probability swept over a chart's grid, the other classes fixed."""

    row: Expr
    index: Expr
    value: Expr

    def __init__(self, row: Expr, index, value):
        object.__setattr__(self, "row", row)
        object.__setattr__(self, "index", as_expr(index))
        object.__setattr__(self, "value", as_expr(value))

    def to_json(self) -> list:
        return ["replace", self.row.to_json(), self.index.to_json(), self.value.to_json()]

    def evaluate(self, values, x=None):
        row = np.asarray(self.row.evaluate(values, x), dtype=float)
        value = np.asarray(self.value.evaluate(values, x), dtype=float)
        shape = (*np.broadcast_shapes(row.shape[:-1], value.shape), row.shape[-1])
        result = np.array(np.broadcast_to(row, shape))
        result[..., _index(self.index, values)] = value
        return result


@dataclass(frozen=True, eq=False)
class Softmax(Row):
    """The softmax of a row of logits: the probabilities a softmax output layer gives."""

    row: Expr

    def to_json(self) -> list:
        return ["softmax", self.row.to_json()]

    def evaluate(self, values, x=None):
        return losses.softmax(np.asarray(self.row.evaluate(values, x), dtype=float))


def _index(index: Expr, values) -> int:
    return round(float(index.evaluate(values)))


def _row_loss(loss: Loss, values, x=None):
    """``loss`` of arguments some of which are rows, for one sample or for one per x of a chart's
    grid. An input the loss refuses (a row of zeros Keras cannot divide by its sum) gives NaN, as
    in the browser: a gap in a curve, "undefined" in a readout, rather than no chart at all."""
    samples = 1 if x is None else len(x)
    args, width = [], 1
    for arg in loss.args:
        value = np.asarray(arg.evaluate(values, x), dtype=float)
        if isinstance(arg, Row):
            width = value.shape[-1]
            args.append(np.broadcast_to(value, (samples, width)))
        else:
            args.append(np.broadcast_to(value, (samples,)))
    params = {key: float(value.evaluate(values, x)) for key, value in loss.params}

    def compute(*arrays) -> np.ndarray:
        if loss.part == "grad":
            return np.asarray(getattr(losses, f"{loss.name}_grad")(*arrays, **params), dtype=float)
        return np.asarray(getattr(losses, loss.name)(*arrays, reduction="none", **params), dtype=float)

    def undefined(count: int) -> np.ndarray:
        return np.full((count, width) if loss.part == "grad" else (count,), np.nan)

    try:
        result = compute(*args)
    except ValueError:  # one sample at a time: only the refused ones are undefined
        rows = []
        for index in range(samples):
            try:
                rows.append(compute(*(arg[index:index + 1] for arg in args)))
            except ValueError:
                rows.append(undefined(1))
        result = np.concatenate(rows)
    return result if x is not None else result[0]


def _lgamma(value: float) -> float:
    """ln |Γ(x)|, infinite at its poles (0, −1, −2, ...) as the browser's lgamma gives."""
    try:
        return math.lgamma(value)
    except ValueError:
        return math.inf


def _xlogy(a, b):
    """a · ln b, taken as 0 where a is 0 (so 0 · ln 0 = 0: the probability of 0 events at a rate of 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(np.asarray(a) == 0, 0.0, np.asarray(a) * np.log(b))


_UNARY.update({"exp": np.exp, "lgamma": np.vectorize(_lgamma, otypes=[float])})
_BINARY.update({"xlogy": _xlogy})


def exp(a) -> Expr:
    return Op("exp", as_expr(a))


def lgamma(a) -> Expr:
    """ln Γ(a): ``lgamma(k + 1)`` is ln k!."""
    return Op("lgamma", as_expr(a))


def xlogy(a, b) -> Expr:
    """a · ln b, 0 where a is 0."""
    return Op("xlogy", as_expr(a), as_expr(b))


# --- What a panel holds -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Choice:
    """A choice between a few values (a label of 0 or 1): its options as shown text → value."""

    label: str
    key: str
    options: Mapping[str, float]
    default: str
    help: str | None = None
    aliases: Mapping[str, str] = field(default_factory=dict)
    """Other texts an address may hold for an option, such as an older link's ("true" for "on")."""


Control = SliderSpec | Choice


@dataclass(frozen=True)
class Readout:
    """A headline number: a label and the expression of its value."""

    label: str
    value: Expr


@dataclass(frozen=True)
class LiveCurve:
    name: str
    y: Expr
    color: str | None = None
    dash: str = "solid"
    riser: Expr | None = None
    """The x of a jump (a kink's gradient): drawn as a vertical segment there, not a steep slope."""
    x: Expr | None = None
    """A parametric curve: its points are (x, y) at each grid value X (a circle, a segment).
    None: the grid itself, as for a curve against X."""


@dataclass(frozen=True)
class LiveMarker:
    name: str
    x: Expr
    y: Expr
    color: str = BLACK
    symbol: str = "circle"


@dataclass(frozen=True)
class LiveBand:
    x0: Expr
    x1: Expr
    label: str = ""
    color: str | None = None


@dataclass(frozen=True)
class LiveChart:
    """A chart whose curves are expressions of X over ``grid`` (low, high: expressions too)."""

    title: str
    x_title: str
    y_title: str
    grid: tuple[Expr, Expr] | np.ndarray
    """(low, high) of an even grid of ``points``, or a fixed array of x values."""
    curves: Sequence[LiveCurve]
    markers: Sequence[LiveMarker] = ()
    bands: Sequence[LiveBand] = ()
    y_range: tuple[Expr, Expr] | None = None
    zero_line: bool = False
    drag: tuple[str, Expr] | None = None
    """Direct manipulation: dragging on the chart sets this control to this expression of X."""
    points: int = CURVE_POINTS
    height: int = PANEL_CHART_HEIGHT
    legend: bool = True
    y_log: bool = False
    """A logarithmic y axis (sizes that span orders of magnitude, such as gradients)."""
    legend_inside: str | None = None
    """"top right" or "bottom left" (..."top left"): the legend in rows inside that corner of the
    plot, where the curves leave room (above focal's γ curves, given headroom by ``y_range``),
    instead of below the chart, where it would take rows of the chart's height."""
    notes: Sequence[LiveNote] = ()
    """Texts and arrows placed by expressions (see ``LiveNote``)."""
    layout: Mapping = field(default_factory=dict)
    """Fixed layout properties merged into the figure's (an axis's range, an equal aspect,
    shapes drawn behind), as ``{"yaxis": {"scaleanchor": "x"}}``."""

    def x_grid(self, values: Mapping[str, float]) -> np.ndarray:
        if isinstance(self.grid, np.ndarray):
            return self.grid
        return np.linspace(float(self.grid[0].evaluate(values)), float(self.grid[1].evaluate(values)),
                           self.points)

    def figure(self, values: Mapping[str, float]) -> Figure:
        """The chart for the current values, computed with ``losses``."""
        x = self.x_grid(values)
        curves = [Curve(curve.name,
                        x if curve.x is None else np.broadcast_to(curve.x.evaluate(values, x), x.shape),
                        np.broadcast_to(curve.y.evaluate(values, x), x.shape),
                        color=curve.color or SERIES[index % len(SERIES)], dash=curve.dash)
                  for index, curve in enumerate(self.curves)]
        curves = [curve if live.riser is None else
                  replace(curve, **dict(zip(("x", "y"), with_riser(curve.x, curve.y,
                                                                     float(live.riser.evaluate(values))),
                                            strict=True)))
                  for curve, live in zip(curves, self.curves, strict=True)]
        markers = [Marker(marker.name, float(marker.x.evaluate(values)), float(marker.y.evaluate(values)),
                          color=marker.color, symbol=marker.symbol, legend=False)
                   for marker in self.markers]
        bands = []
        for band in self.bands:
            x0, x1 = float(band.x0.evaluate(values)), float(band.x1.evaluate(values))
            # A zone of no width is not on the chart: its label would name nothing.
            bands.append(Band(x0, x1, band.label if x1 > x0 else "", *([band.color] if band.color else [])))
        y_range = shown_range(self.y_range, values)
        figure = curve_figure(self.title, self.x_title, self.y_title, curves, markers, bands,
                              y_range=y_range, zero_line=self.zero_line, height=self.height,
                              legend=self.legend and not self.legend_inside)
        if self.y_log:
            figure.update_yaxes(type="log")
        if self.legend_inside and self.legend:
            figure.layout.pop("showlegend", None)
            vertical, horizontal = self.legend_inside.split()
            figure.layout["legend"].update(yref="paper", y=int(vertical == "top"), yanchor=vertical,
                                           x=int(horizontal == "right"), xanchor=horizontal,
                                           bgcolor="rgba(255, 255, 255, 0.85)")
        return _with_notes_and_layout(figure, self, values)

    def spec(self, values: Mapping[str, float]) -> dict:
        """What the browser needs to redraw this chart: the figure and how each moving part is
        computed. Curves come first in the figure's traces, then the markers."""
        return {
            "figure": self.figure(values).to_json(),
            "grid": self.grid.tolist() if isinstance(self.grid, np.ndarray)
            else [self.grid[0].to_json(), self.grid[1].to_json(), self.points],
            "curves": [curve.y.to_json() for curve in self.curves],
            "markers": [[marker.x.to_json(), marker.y.to_json(), marker.symbol] for marker in self.markers],
            "bands": [[band.x0.to_json(), band.x1.to_json(), band.label] for band in self.bands],
            "y_range": None if self.y_range is None else [end.to_json() for end in self.y_range],
            "drag": None if self.drag is None else {"control": self.drag[0], "value": self.drag[1].to_json()},
            "risers": [None if curve.riser is None else curve.riser.to_json() for curve in self.curves],
            "curve_x": [None if curve.x is None else curve.x.to_json() for curve in self.curves],
            "notes": [note.to_json() for note in self.notes],
        }


@dataclass(frozen=True)
class Panel:
    """A lesson's live panel. ``key`` is the lesson's widget-key prefix."""

    key: str
    controls: Sequence[Control]
    readouts: Sequence[Readout]
    charts: Sequence[LiveChart] = field(default_factory=tuple)
    reads: Sequence[str] = ()
    """Keys of controls of another panel on the page whose values this one's expressions use
    (fixed while this panel's own controls move)."""
    enabled: Mapping[str, Expr] = field(default_factory=dict)
    """Controls usable only while an expression of the values is not 0, by key (focal's α while
    its class weight is on); otherwise greyed out, as a disabled widget."""
    columns: int | None = None
    """At most this many controls in a row (each at least 8rem wide, so fewer on a narrow screen),
    instead of as many 15rem controls as fit: a row of sliders per distribution, one per class,
    that keeps the charts below in view."""
    control_width: float | None = None
    """The narrowest a control may be, in rem (15 if None): smaller puts more controls in a row,
    for a panel of many sliders (the triplet's six coordinates and margin)."""


@dataclass(frozen=True)
class LiveBars:
    """A chart of grouped bars, one group per category (class), one bar per series; each series is
    a row expression (``Vector``, ``Softmax``...) with one entry per category. A panel holds it
    among its ``charts``; the browser redraws the bars on every move."""

    title: str
    x_title: str
    y_title: str
    categories: Sequence[str]
    series: Sequence[tuple[str, Expr]]
    y_range: tuple[Expr, Expr] | None = None
    colors: Sequence[str] | None = None
    height: int = PANEL_CHART_HEIGHT

    def figure(self, values: Mapping[str, float]) -> Figure:
        """The bars for the current values, computed with ``losses``."""
        y_range = shown_range(self.y_range, values)
        with np.errstate(invalid="ignore", divide="ignore"):  # 0/0 is a missing bar, as in the browser
            bars = [(name, np.asarray(row.evaluate(values), dtype=float)) for name, row in self.series]
        return bar_figure(self.title, self.x_title, self.y_title, self.categories, bars,
                          y_range=y_range, colors=self.colors, height=self.height)

    def spec(self, values: Mapping[str, float]) -> dict:
        """What the browser needs: the figure, and each series' row (the traces, in order)."""
        return {
            "kind": "bars",
            "figure": self.figure(values).to_json(),
            "series": [row.to_json() for _, row in self.series],
            "y_range": None if self.y_range is None else [end.to_json() for end in self.y_range],
            "curves": [], "markers": [], "bands": [], "drag": None,
        }


# --- Values: session state, the address, and what a gesture sends --------------------------------

def _snap(spec: SliderSpec, value: float) -> float:
    """The value a slider can hold: within its range and on its steps (an HTML range input would
    snap it anyway, and then the browser and Python would compute different numbers)."""
    value = min(max(value, spec.low), spec.high)
    steps = round((value - spec.low) / spec.step)
    decimals = max(0, -math.floor(math.log10(spec.step))) + 2
    return min(round(spec.low + steps * spec.step, decimals), spec.high)


def _parse(control: Control, raw) -> float | str | None:
    """A control's value from text or a number, or None when it is not a value it can hold."""
    if isinstance(control, Choice):
        if isinstance(raw, str) and raw not in control.options:
            return control.aliases.get(raw.lower())
        return raw if raw in control.options else None
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(value) or not control.low <= value <= control.high:
        return None
    return _snap(control, value)


def _default(control: Control):
    return control.default


def _ensure_values(panel: Panel) -> None:
    """Give each control a value: the one it has, else the address's if valid, else its default.
    An address that changed since this page last wrote it (a link opened in the same session,
    the browser's back button, a rerun asked for with new query parameters) wins over the
    value held, as it does for a widget bound to the query parameters."""
    for control in panel.controls:
        in_address = st.query_params.get(control.key)
        from_url = _parse(control, in_address)
        if control.key not in st.session_state:
            st.session_state[control.key] = _default(control) if from_url is None else from_url
        elif from_url is not None and in_address != st.session_state.get(_written_key(control)):
            st.session_state[control.key] = from_url
        elif _parse(control, st.session_state[control.key]) is None:  # a preset or a bug wrote nonsense
            st.session_state[control.key] = _default(control)


def _written_key(control: Control) -> str:
    return f"_address_of_{control.key}"


def _keep_in_address(panel: Panel) -> None:
    """Keep each control's value in the address, as a widget bound to the query parameters does:
    a value other than the default is written, a default is left out (a page opened afresh keeps
    its plain address)."""
    for control in panel.controls:
        value = st.session_state[control.key]
        text = value if isinstance(value, str) else repr(round(float(value), 10))
        if value == _default(control):
            if control.key in st.query_params:
                del st.query_params[control.key]
            st.session_state[_written_key(control)] = None
        else:
            if st.query_params.get(control.key) != text:
                st.query_params[control.key] = text
            st.session_state[_written_key(control)] = text


def numeric_values(panel: Panel) -> dict[str, float]:
    """Each control's current value as a number (a choice by the value of its option)."""
    values = {key: float(st.session_state[key]) for key in panel.reads}
    for control in panel.controls:
        value = st.session_state[control.key]
        values[control.key] = float(control.options[value] if isinstance(control, Choice) else value)
    return values


def _gesture_ended(panel: Panel) -> None:
    """The browser's values at the end of a gesture, written where the controls keep them."""
    _first_frame_drawn()
    sent = (st.session_state.get(_component_key(panel)) or {}).get("gesture") or {}
    for control in panel.controls:
        value = _parse(control, sent.get(control.key))
        if value is not None:
            st.session_state[control.key] = value


def _component_key(panel: Panel) -> str:
    return f"{panel.key}_live_panel"


def _control_json(control: Control, value) -> dict:
    if isinstance(control, Choice):
        return {"kind": "choice", "key": control.key, "label": control.label, "help": control.help,
                "options": [{"label": text, "value": number} for text, number in control.options.items()],
                "value": value}
    return {"kind": "slider", "key": control.key, "label": control.label, "help": control.help,
            "min": control.low, "max": control.high, "step": control.step, "value": float(value),
            "decimals": _decimals(control)}


def _decimals(spec: SliderSpec) -> int:
    """How many decimals the slider's value is shown with: those of its step."""
    if spec.format and "." in spec.format:
        return int(spec.format.split(".")[1].rstrip("f"))
    return max(0, -math.floor(math.log10(spec.step) + 1e-9))


PANEL_DRAWN = "app_panel_drawn"
"""Session state: True once a live panel has drawn in the student's tab; ``_REPORTED`` while the
first page waits for the rest of itself (``live_panel``)."""
_REPORTED = "reported"


def live_panel(panel: Panel) -> dict[str, float]:
    """Draw ``panel`` and return the controls' current values (choices as their numbers).

    The first panel a tab opens comes alone: the run stops after it, and what follows (the worked
    calculation, tables, code, the footer) is sent once the browser reports the panel drawn. Sent
    together, the page's other elements made the browser load their code (a code highlighter and a
    table grid of over a megabyte each, KaTeX) before it showed any of them, the panel included.
    A gesture ended before that report counts as one: the panel was on screen."""
    _ensure_values(panel)
    _keep_in_address(panel)
    values = numeric_values(panel)
    alone = panel_sent_alone()
    _component()(
        key=_component_key(panel),
        data={"panel": _drawn(panel, values, classroom_on()), "reportFirstFrame": alone},
        on_gesture_change=lambda: _gesture_ended(panel),
        on_first_frame_change=_first_frame_drawn,
        width="stretch",
        height="content",
    )
    if st.session_state.get(PANEL_DRAWN) == _REPORTED:  # the panel is on screen: now the whole page, once
        st.session_state[PANEL_DRAWN] = True
        st.rerun(scope="app")
    if alone:
        st.stop()
    return values


def panel_sent_alone() -> bool:
    """Whether this run sends a tab's first live panel alone and stops after it (``live_panel``).
    A control that shapes the panel but sits below it is then better left out of the run
    (``drawn=False`` in ui.controls): Streamlit shows a run's elements once the code of all of
    them has loaded, and a slider's or a switch's held the panel back by about 0.1 s."""
    return not (st.session_state.get(PANEL_DRAWN) or _without_a_screen())


def _without_a_screen() -> bool:
    """A session of Streamlit's agent API (a program reading the page, not a browser tab): nothing
    draws its panel, so nothing would ever report a first frame, and it gets the whole page at once.
    Streamlit 1.67 answers this only in ``agent_spec`` (pinned in requirements.txt; tested)."""
    return agent_spec.is_recording()


def _first_frame_drawn() -> None:
    if not st.session_state.get(PANEL_DRAWN):
        st.session_state[PANEL_DRAWN] = _REPORTED


_DRAWN_LIMIT = 512
"""Panels drawn kept in memory, each some 10–60 kB of JSON."""
_drawn_panels: OrderedDict[tuple, str] = OrderedDict()
_drawn_lock = threading.Lock()


def _drawn(panel: Panel, values: Mapping[str, float], room: bool) -> str:
    """The panel's JSON for these values, computed once per process for each panel, values and
    mode. The end of every gesture reruns the panel with the values the browser has just drawn;
    in a class, many students hold the same values (a slider has a few hundred positions, and
    everyone starts from the same defaults), so most of these are drawn already."""
    declaration = _declaration(panel)
    if declaration is None:
        return _panel_json(panel, values, room)
    shown = tuple((control.key, st.session_state[control.key]) for control in panel.controls)
    key = (declaration, tuple(sorted(values.items())), shown, room)
    with _drawn_lock:
        if key in _drawn_panels:
            _drawn_panels.move_to_end(key)
            return _drawn_panels[key]
    text = _panel_json(panel, values, room)
    with _drawn_lock:
        _drawn_panels[key] = text
        while len(_drawn_panels) > _DRAWN_LIMIT:
            _drawn_panels.popitem(last=False)
    return text


def _declaration(panel: Panel) -> str | None:
    """A digest of everything the panel declares (its controls, expressions, titles, colours...):
    two panels with the same digest draw the same for the same values. A pickle, because it
    writes every field exactly and costs a tenth of a millisecond (some pages build their panel
    on every run: its controls depend on a widget beside it). None if the panel cannot be
    written so: it is then drawn afresh each time."""
    try:
        written = pickle.dumps(panel, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    return hashlib.blake2b(written, digest_size=16).hexdigest()


def _panel_json(panel: Panel, values: Mapping[str, float], room: bool) -> str:
    data = {
        "fixed": {key: values[key] for key in panel.reads},
        "columns": panel.columns,
        "controls": [_control_json(control, st.session_state[control.key]) for control in panel.controls],
        "readouts": [{"label": readout.label, "value": readout.value.to_json(),
                      "text": _shown(readout.value, values)} for readout in panel.readouts],
        "charts": [chart.spec(values) for chart in panel.charts],
        "control_width": panel.control_width,
    }
    for control in data["controls"]:
        if control["key"] in panel.enabled:
            control["enabled"] = panel.enabled[control["key"]].to_json()
    if room:  # taller, with larger text, in classroom mode
        for chart in data["charts"]:
            chart["figure"] = for_the_room(chart["figure"])
    return json.dumps(data)


def _shown(expr: Expr, values: Mapping[str, float]) -> str:
    """A readout's text: its value, or "undefined" where the loss is (a MAPE label of 0)."""
    try:
        value = float(expr.evaluate(values))
    except ValueError:
        return "undefined"
    return fmt(value) if math.isfinite(value) else "undefined"


def _component():
    # Registered on every call: Streamlit keeps components per runtime (each AppTest has its own).
    return st.components.v2.component(COMPONENT_NAME, js=_SCRIPT, isolate_styles=False)


# --- The two charts of a single-loss lesson ----------------------------------------------------------

def loss_and_gradient_charts(
    *,
    loss: Callable[[Expr], Expr],
    grad: Callable[[Expr], Expr],
    current: Expr,
    grid: tuple[float | Expr, float | Expr] | np.ndarray,
    x_title: str,
    loss_name: str,
    drag: tuple[str, Expr] | None = None,
    bands: Sequence[LiveBand] = (),
    loss_extra: Sequence[LiveCurve] = (),
    grad_extra: Sequence[LiveCurve] = (),
    loss_range: tuple[float | Expr, float | Expr] | None = None,
    grad_range: tuple[float | Expr, float | Expr] | None = None,
    jump: tuple[float | Expr, float | Expr] | None = None,
) -> tuple[LiveChart, LiveChart]:
    """The loss against x and its gradient against x, with the current point on both: the live
    twin of ``ui.figures.loss_and_gradient_figures``. ``loss`` and ``grad`` give the expression at
    a point (``lambda x: Loss("mse", LABEL, x)``): the curve is drawn at ``X`` and the point at
    ``current``. ``drag`` lets the student drag the point on the loss chart.

    ``jump`` is ``(x, value)`` for a loss with a kink (MAE, MAPE), as in
    ``loss_and_gradient_figures``: the gradient is drawn with a vertical riser at x, and
    ``value``, what the gradient function returns there, is marked."""
    x_values = grid if isinstance(grid, np.ndarray) else (as_expr(grid[0]), as_expr(grid[1]))
    loss_title, grad_title, grad_axis = loss_and_gradient_titles(x_title, loss_name)
    loss_curves = [LiveCurve(loss_name, loss(X)), *loss_extra]
    # One legend, under the loss chart: each gradient is drawn in the colour of its loss. The
    # gradient chart, without a legend, is as tall as the loss chart with its legend, so that their
    # plots line up side by side.
    height = PANEL_CHART_HEIGHT + legend_height(len(loss_curves))
    riser = None if jump is None else as_expr(jump[0])
    kink = [] if jump is None else [LiveMarker("value used at the kink", as_expr(jump[0]), as_expr(jump[1]),
                                               color=SERIES[3], symbol="diamond")]
    return (
        LiveChart(loss_title, x_title, f"{loss_name} (loss)", x_values, loss_curves,
                  [LiveMarker("current value", current, loss(current))], bands, y_range=_range(loss_range),
                  drag=drag),
        LiveChart(grad_title, x_title, grad_axis, x_values,
                  [LiveCurve(f"gradient of {loss_name}", grad(X), color=SERIES[0], riser=riser), *grad_extra],
                  [LiveMarker("current value", current, grad(current)), *kink], bands,
                  y_range=_range(grad_range), zero_line=True, drag=drag, height=height, legend=False),
    )


def _range(ends) -> tuple[Expr, Expr] | None:
    return None if ends is None else (as_expr(ends[0]), as_expr(ends[1]))


# --- Extensions: more maths, vectors, parametric curves, notes on a chart ---------------------------

_UNARY.update({"log": np.log, "sqrt": np.sqrt, "cos": np.cos, "sin": np.sin, "ceil": np.ceil})


def log(a) -> Expr:
    """The natural logarithm (NaN or −inf where it is undefined, in Python as in the browser)."""
    return Op("log", as_expr(a))


def sqrt(a) -> Expr:
    return Op("sqrt", as_expr(a))


def cos(a) -> Expr:
    return Op("cos", as_expr(a))


def sin(a) -> Expr:
    return Op("sin", as_expr(a))


def ceil(a) -> Expr:
    """The smallest whole number not below ``a`` (an axis's end rounded up, so that it moves in steps)."""
    return Op("ceil", as_expr(a))


@dataclass(frozen=True, eq=False)
class Component(Expr):
    """Entry ``index`` of a vector: of a ``Vector``, or of a gradient that is one (triplet's ∂L/∂a)."""

    vector: Expr
    index: int

    def to_json(self) -> list:
        return ["at", self.vector.to_json(), self.index]

    def evaluate(self, values, x=None):
        if isinstance(self.vector, Loss):
            vector = _loss_result(self.vector, values, x)
        else:
            vector = np.asarray(self.vector.evaluate(values, x), dtype=float)
        entry = vector[..., self.index]
        return entry if x is not None else float(np.asarray(entry).reshape(-1)[0])


def _loss_result(loss: Loss, values, x) -> np.ndarray:
    """What ``losses`` returns for the expression, whole (``Loss.evaluate`` keeps one number)."""
    args = np.broadcast_arrays(*(np.atleast_1d(np.asarray(arg.evaluate(values, x), dtype=float))
                                 for arg in loss.args))
    params = {key: float(value.evaluate(values, x)) for key, value in loss.params}
    if loss.part == "grad":
        return np.asarray(getattr(losses, f"{loss.name}_grad")(*args, **params), dtype=float)
    return np.asarray(getattr(losses, loss.name)(*args, reduction="none", **params), dtype=float)


@dataclass(frozen=True)
class LiveNote:
    """A text on a chart at (x, y), moved by the controls; with ``tail`` an arrow from the tail to
    (x, y). Each "{}" in ``text`` is filled with ``fmt`` of the next of ``numbers``. ``shift`` moves
    the text by pixels (expressions: say, along the arrow's direction); ``shown`` hides the note
    where it is not positive. ``style``: fixed annotation properties (font, arrowhead, ...)."""

    x: Expr
    y: Expr
    text: str = ""
    numbers: Sequence[Expr] = ()
    tail: tuple[Expr, Expr] | None = None
    shift: tuple[Expr | float, Expr | float] = (0.0, 0.0)
    shown: Expr | None = None
    style: Mapping = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"x": self.x.to_json(), "y": self.y.to_json(), "text": self.text,
                "numbers": [number.to_json() for number in self.numbers],
                "tail": None if self.tail is None else [end.to_json() for end in self.tail],
                "shift": [as_expr(part).to_json() for part in self.shift],
                "shown": None if self.shown is None else self.shown.to_json()}

    def annotation(self, values: Mapping[str, float]) -> dict:
        visible = self.shown is None or _positive(self.shown, values)
        note = {"name": NOTE, "x": _finite(self.x, values), "y": _finite(self.y, values), "xref": "x",
                "yref": "y", "text": _fill(self.text, [_shown(expr, values) for expr in self.numbers]),
                "showarrow": self.tail is not None, "visible": visible,
                "xshift": _finite(as_expr(self.shift[0]), values) if visible else 0.0,
                "yshift": _finite(as_expr(self.shift[1]), values) if visible else 0.0, **self.style}
        if self.tail is not None:
            note.update(ax=_finite(self.tail[0], values), ay=_finite(self.tail[1], values),
                        axref="x", ayref="y")
        return note


NOTE = "live-note"
"""The name of a ``LiveNote``'s annotation (ui/live_panel.js finds them by it)."""


def _fill(text: str, numbers: Sequence[str]) -> str:
    for number in numbers:
        text = text.replace("{}", number, 1)
    return text


def _finite(expr: Expr, values) -> float:
    """The value, or 0 where it is not a number (a direction of no length: 0 / 0)."""
    try:
        with np.errstate(divide="ignore", invalid="ignore"):
            value = float(expr.evaluate(values))
    except ValueError:
        return 0.0
    return value if math.isfinite(value) else 0.0


def _positive(expr: Expr, values) -> bool:
    try:
        return float(expr.evaluate(values)) > 0
    except ValueError:
        return False


def _with_notes_and_layout(figure: Figure, chart: LiveChart, values) -> Figure:
    for key, value in chart.layout.items():
        if isinstance(value, Mapping) and isinstance(figure.layout.get(key), dict):
            figure.layout[key].update(value)
        else:
            figure.layout[key] = value
    for note in chart.notes:
        figure.annotate(**note.annotation(values))
    return figure


def current_values(panel: Panel) -> dict[str, float]:
    """The controls' values before the panel is drawn: for a page whose panel's contents depend
    on them (a legend that names a parameter's value, a curve left out where it is undefined)."""
    _ensure_values(panel)
    return numeric_values(panel)


def _rtruediv(self: Expr, other) -> Expr:
    return Op("/", as_expr(other), self)


Expr.__rtruediv__ = _rtruediv  # 1 / expr, as expr / 1 already is
