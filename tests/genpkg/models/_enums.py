"""Enums of the generated-style package."""

from enum import Enum

from azure_style_events import CaseInsensitiveEnumMeta


class ShapeKind(str, Enum, metaclass=CaseInsensitiveEnumMeta):
    """What a shape is."""

    CIRCLE = "circle"
    SQUARE = "square"


class Finish(str, Enum, metaclass=CaseInsensitiveEnumMeta):
    """How paint dries."""

    MATTE = "matte"
    GLOSS = "gloss"
