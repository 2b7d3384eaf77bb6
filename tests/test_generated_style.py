"""Generated-style code (tests/genpkg, laid out as the TypeSpec emitter lays out a package)
runs unchanged on this base: sibling references, aliases, dispatch, inheritance, overloads."""

import datetime
import json

import pytest
from genpkg import models
from genpkg.models import Canvas, Circle, Drawing, Finish, Layer, Palette, Shape, ShapeKind, Square, StampedCircle

from azure_style_events import ValidationError, deserialize, fields

WIRE = {
    "canvas": {
        "width": "640",
        "title": "t",
        "created": "2024-01-01T00:00:00Z",
        "shapes": [
            {"kind": "circle", "radius": 1.5, "stampKind": "dated", "stampedAt": 86400},
            {"kind": "square", "side": 2},
            {"kind": "hexagon", "sides": 6},
        ],
        "featured": {"kind": "square", "side": 3},
        "paint": "gloss",
        "kinds": "circle,square,oval",
        "palette": {"colours": {"wall": "matte", "door": "gloss"}, "thumbnail": "__4", "vendor": {"any": [1]}},
    },
    "layers": [{"shapes": []}],
}
# The same without the shape of a kind the models do not know, which the validating path reports.
KNOWN = {**WIRE, "canvas": {**WIRE["canvas"], "shapes": WIRE["canvas"]["shapes"][:2]}}


class TestReferences:
    def test_models_reference_resolves_through_the_package(self):
        """ "_models.Shape" names the models package, imported only under TYPE_CHECKING."""
        shapes = Drawing(WIRE).canvas.shapes
        assert [type(shape) for shape in shapes] == [StampedCircle, Square, Shape]

    def test_a_nested_kind_nobody_registered_is_kept_and_reported_by_validation(self):
        """Cls(mapping) keeps the unknown shape as the base; from_dict names its tag and the known kinds."""
        assert type(Drawing(WIRE).canvas.shapes[2]) is Shape
        with pytest.raises(ValidationError) as caught:
            Drawing.from_dict(WIRE)
        assert [str(error) for error in caught.value.errors] == [
            "$.canvas.shapes[2].kind: expected `'circle' | 'square'`, got `str` 'hexagon'"
        ]

    def test_union_alias_from_a_sibling_module(self):
        """ "_unions.Shape" (a union of two models) picks the model the discriminator names."""
        canvas = Drawing(WIRE).canvas
        assert type(canvas.featured) is Square and canvas.featured.side == 3
        assert Drawing.from_dict(KNOWN).canvas.featured == {"kind": "square", "side": 3}
        assert canvas.paint is Finish.GLOSS
        assert Canvas.from_dict({**KNOWN["canvas"], "paint": "glitter"}).paint == "glitter"

    def test_unresolvable_reference_is_any(self):
        """A reference to a module nobody can import is treated as Any, never an error."""
        palette = Drawing.from_dict(KNOWN).canvas.palette
        assert palette.vendor == {"any": [1]}
        assert Palette.from_dict({"colours": {}, "vendor": 5}).vendor == 5

    def test_enum_values_and_formats_through_references(self):
        """Enum dicts, base64url bytes, int-as-text and delimited enum lists read typed."""
        canvas = Drawing(WIRE).canvas
        assert canvas.width == 640
        assert canvas.kinds == [ShapeKind.CIRCLE, ShapeKind.SQUARE, "oval"]
        assert canvas.palette.colours == {"wall": Finish.MATTE, "door": Finish.GLOSS}
        assert Palette({"colours": {"door": "satin"}}).colours == {"door": "satin"}  # trusted, read as sent
        assert canvas.palette.thumbnail == b"\xff\xfe"


class TestDispatch:
    def test_two_levels(self):
        """Shape dispatches on "kind", then Circle on "stampKind"."""
        data = WIRE["canvas"]["shapes"][0]
        for event in (deserialize(Shape, data), Shape.from_dict(data), Shape.from_json(json.dumps(data))):
            assert type(event) is StampedCircle
            assert event.stamped_at == datetime.datetime(1970, 1, 2, tzinfo=datetime.timezone.utc)
        assert type(Circle.from_dict({"kind": "circle", "radius": 1})) is Circle

    def test_leaf_with_an_empty_registry(self):
        """A leaf declaring an empty __mapping__ on a key already used is where dispatch stops."""
        assert type(Shape.from_dict({"kind": "square", "side": 1})) is Square
        assert type(Square.from_dict({"kind": "square", "side": 1})) is Square
        assert Square.__mapping__ == {}


class TestInheritance:
    def test_multiple_model_bases(self):
        """Fields of every base come first, in MRO order, then the class's own."""
        assert list(fields(Layer)) == ["created", "title", "shapes", "featured", "paint", "kinds"]
        assert list(fields(Canvas))[-2:] == ["width", "palette"]
        assert Drawing(WIRE).canvas.created == datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)

    def test_read_only_from_a_mixin_is_excluded(self):
        """visibility=["read"] on a mixin's field is dropped by as_dict(exclude_readonly=True)."""
        assert "created" not in Drawing(WIRE).canvas.as_dict(exclude_readonly=True)
        assert "stampedAt" not in StampedCircle(radius=1, stamped_at=datetime.datetime(2000, 1, 1)).as_dict(exclude_readonly=True)


class TestGeneratedInit:
    def test_overloaded_init_sets_the_discriminator(self):
        """The generated __init__ fills the discriminators after the base's __init__."""
        circle = StampedCircle(radius=1, stamped_at=datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc))
        assert circle.as_dict() == {"kind": "circle", "radius": 1, "stampKind": "dated", "stampedAt": 946684800}
        assert Square({"side": 2}) == {"side": 2, "kind": "square"}

    def test_keywords_are_checked_with_paths(self):
        """Typed keywords are checked and converted; a bad nested value names its path."""
        canvas = Canvas(width=5, shapes=[Square(side=1)], kinds=[ShapeKind.CIRCLE, "oval"])
        assert canvas.as_dict() == {"width": "5", "shapes": [{"kind": "square", "side": 1}], "kinds": "circle,oval"}
        with pytest.raises(ValidationError) as info:
            Drawing.from_dict({"canvas": {"width": "wide", "shapes": [{"kind": "square", "side": "big"}]}})
        # Inherited fields come first, so their problems do too.
        assert [e.path for e in info.value.errors] == ["$.canvas.shapes[0].side", "$.canvas.width"]

    def test_models_namespace_exports(self):
        """The generated package re-exports what the references name."""
        assert models.Shape is Shape
