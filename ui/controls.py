"""Widgets the lessons share. Every widget has an explicit, page-prefixed key, and every
lesson control is bound to the URL so a shared link opens on the same view."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import streamlit as st

from losses import LossSpec, Param


@dataclass(frozen=True)
class Preset:
    """A named set of widget values (by key) that a button loads, e.g. a worked example."""

    label: str
    values: Mapping[str, object]
    help: str = ""
    icon: str | None = None


@dataclass(frozen=True)
class SliderSpec:
    """A slider: its label, key, range, default and step."""

    label: str
    key: str
    low: float
    high: float
    default: float
    step: float
    help: str | None = None
    format: str | None = None


def slider(spec: SliderSpec, *, disabled: bool = False) -> float:
    """A float slider bound to the URL (query parameter = its key)."""
    return _bound_number(st.slider, spec, disabled=disabled)


def number_box(spec: SliderSpec) -> float:
    """A number input bound to the URL, for exact values a slider cannot reach easily (1010)."""
    return _bound_number(st.number_input, spec)


def _bound_number(widget, spec: SliderSpec, *, disabled: bool = False) -> float:
    return widget(
        spec.label,
        min_value=float(spec.low),
        max_value=float(spec.high),
        value=float(spec.default),
        step=float(spec.step),
        key=spec.key,
        help=spec.help,
        format=spec.format,
        disabled=disabled,
        bind="query-params",
    )


def int_slider(label: str, key: str, low: int, high: int, default: int, help: str | None = None, *,
               drawn: bool = True) -> int:
    """An integer slider bound to the URL. Not ``drawn``: no slider this run, and the value it will
    show once drawn (``value_before_drawn``)."""
    if not drawn:
        return value_before_drawn(key, default, lambda text: _whole_number(text, low, high))
    return st.slider(label, min_value=low, max_value=high, value=default, step=1, key=key, help=help,
                     bind="query-params")


def toggle(label: str, key: str, default: bool = False, help: str | None = None, *,
           drawn: bool = True) -> bool:
    """An on/off switch bound to the URL. Not ``drawn``: no switch this run, and the value it will
    show once drawn (``value_before_drawn``)."""
    if not drawn:
        return value_before_drawn(key, default, _switch_position)
    return st.toggle(label, value=default, key=key, help=help, bind="query-params")


def value_before_drawn(key: str, default, parse: Callable[[str], object | None]):
    """The value a URL-bound widget not drawn yet will show: its state (a preset may have set it),
    else what the address says, if ``parse`` makes a valid value of it (None if not), else the
    default. For a control that shapes a live panel from below it: a tab's first panel comes alone
    (ui.live_panel.panel_sent_alone), without the control's code to wait for, and the control
    comes a moment later with the rest of the page."""
    if key in st.session_state:
        return st.session_state[key]
    text = st.query_params.get(key)
    value = None if text is None else parse(text)
    return default if value is None else value


def _whole_number(text: str, low: int, high: int) -> int | None:
    try:
        number = int(text)
    except ValueError:
        return None
    return number if low <= number <= high else None


def _switch_position(text: str) -> bool | None:
    # As Streamlit writes a switch in the address.
    return {"true": True, "false": False}.get(text.strip().lower())


def param_controls(spec: LossSpec, prefix: str, *, only: Sequence[str] | None = None) -> dict:
    """One control per parameter of a loss (sliders for numbers, a toggle for a flag).

    An optional weight such as focal's alpha gets a switch to turn it on. Keys are
    ``<prefix>_<param name>``. Returns the keyword arguments to pass to the loss.
    """
    values = {}
    for param in spec.params:
        if only is not None and param.name not in only:
            continue
        values[param.name] = _param_control(param, prefix)
    return values


def param_slider(spec: LossSpec, name: str, prefix: str) -> SliderSpec:
    """The slider of one numeric parameter of a loss (its range, step and default from the
    catalogue), keyed ``<prefix>_<name>``."""
    param = next(param for param in spec.params if param.name == name)
    label = f"{param.name} ({param.symbol})" if param.symbol else param.name
    return SliderSpec(label, f"{prefix}_{param.name}", param.low, param.high, param.default, param.step,
                      help=param.description)


def _param_control(param: Param, prefix: str):
    key = f"{prefix}_{param.name}"
    label = f"{param.name} ({param.symbol})" if param.symbol else param.name
    if isinstance(param.default, bool):
        return toggle(param.description.capitalize(), key, param.default)
    if param.default is None:
        use = toggle(f"Weight the classes with {label}", f"{key}_on", False, help=param.description)
        value = slider(SliderSpec(label, key, param.low, param.high, 0.25, param.step,
                                  help=param.description), disabled=not use)
        return value if use else None
    return slider(SliderSpec(label, key, param.low, param.high, param.default, param.step,
                             help=param.description))


def preset_buttons(presets: Sequence[Preset], key_prefix: str) -> None:
    """A row of buttons, each loading a preset into the widgets through ``session_state``.

    A keyed widget ignores a changed ``value=``, so the values are written by the button's
    callback, before the widgets are drawn on the next run.
    """
    # One row container rather than a column per button: fewer elements to redraw on a move.
    row = st.container(horizontal=True, gap="small")
    for index, preset in enumerate(presets):
        row.button(
            preset.label,
            key=f"{key_prefix}_preset_{index}",
            help=preset.help or None,
            icon=preset.icon,
            on_click=load_preset,
            args=(dict(preset.values),),
            width="stretch",
        )


def load_preset(values: Mapping[str, object]) -> None:
    """Write a preset's values into the widgets' state."""
    for key, value in values.items():
        st.session_state[key] = value


def choice(label: str, options, key: str, default=None, *, kind: str = "segmented",
           help: str | None = None, format_func=str, drawn: bool = True):
    """Pick one of a few options, bound to the URL: a segmented control, a radio or a select box.
    Not ``drawn``: no widget this run, and the option it will show once drawn
    (``value_before_drawn``; the address names an option as ``format_func`` writes it)."""
    index = 0 if default is None else list(options).index(default)
    if not drawn:
        named = {str(format_func(option)): option for option in options}
        return value_before_drawn(key, list(options)[index], named.get)
    if kind == "segmented":
        return st.segmented_control(label, options, default=options[index], key=key, help=help,
                                    format_func=format_func, required=True, bind="query-params")
    if kind == "radio":
        return st.radio(label, options, index=index, key=key, help=help, format_func=format_func,
                        horizontal=True, bind="query-params")
    return st.selectbox(label, options, index=index, key=key, help=help, format_func=format_func,
                        bind="query-params")


def option_slider(label: str, key: str, options: Sequence, default, *, help: str | None = None,
                  format_func=str):
    """A slider over a few chosen values (say 1,000 / 10,000 / 100,000), bound to the URL."""
    return st.select_slider(label, options=list(options), value=default, key=key, help=help,
                            format_func=format_func, bind="query-params")
