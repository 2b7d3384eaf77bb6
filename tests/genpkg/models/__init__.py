"""The models package: re-exports the classes and enums, as generated packages do."""

from ._enums import Finish, ShapeKind
from ._models import (
    Canvas,
    Circle,
    Drawing,
    Labelled,
    Layer,
    Palette,
    Shape,
    Square,
    Stamped,
    StampedCircle,
)

__all__ = [
    "Canvas",
    "Circle",
    "Drawing",
    "Finish",
    "Labelled",
    "Layer",
    "Palette",
    "Shape",
    "ShapeKind",
    "Square",
    "Stamped",
    "StampedCircle",
]
