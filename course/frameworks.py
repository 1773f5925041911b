"""What the frameworks compute where they differ from the formula in 64-bit floats.

Loss Lab computes in float64; Keras computes in float32, where the clip's upper end 1 − 10⁻⁷
rounds to the nearest float32 (0.99999988...), so a certain and wrong prediction costs a
little less in Keras than on the page. These helpers redo Keras's steps in float32.
"""

from __future__ import annotations

import numpy as np

from losses import EPSILON

_ONE = np.float32(1.0)
_EPSILON32 = np.float32(EPSILON)


def keras_clip_top() -> float:
    """1 − 10⁻⁷ as Keras holds it: computed in float32."""
    return float(_ONE - _EPSILON32)


def keras_binary_cross_entropy(y: float, p: float) -> float:
    """Keras's BinaryCrossentropy of one sample in float32: clip p to [ε, 1 − ε], then
    −(y ln p + (1 − y) ln(1 − p))."""
    p32 = np.clip(np.float32(p), _EPSILON32, _ONE - _EPSILON32)
    y32 = np.float32(y)
    return float(-(y32 * np.log(p32) + (_ONE - y32) * np.log(_ONE - p32)))
