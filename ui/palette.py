"""Colours: the Okabe-Ito palette, distinguishable with every common colour-vision deficiency."""

BLUE = "#0072B2"
ORANGE = "#E69F00"
GREEN = "#009E73"
VERMILION = "#D55E00"
SKY = "#56B4E9"
PURPLE = "#CC79A7"
YELLOW = "#F0E442"
BLACK = "#000000"
GREY = "#7F7F7F"

SERIES = (BLUE, VERMILION, GREEN, ORANGE, PURPLE, SKY, BLACK)
"""The order in which curves take their colours."""

ZONE_FILL = "rgba(86, 180, 233, 0.15)"
ZONE_FILL_ALT = "rgba(230, 159, 0, 0.12)"

TITLE_TEXT = "#1B1F24"
"""Chart titles and legends: the app's text colour."""
AXIS_TEXT = "#555867"
"""Axis ticks and titles: 7:1 against white, legible on a projector."""
GRID_LINE = "#E6EAF1"
