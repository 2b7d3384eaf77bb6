"""Models written the way the TypeSpec Python emitter writes them (not copied from it)."""

import datetime
from typing import TYPE_CHECKING, Any, Literal, Mapping, Optional, Union, overload

from azure_style_events import Model as _Model
from azure_style_events import rest_discriminator, rest_field

from ._enums import ShapeKind

if TYPE_CHECKING:
    from .. import _unions
    from .. import models as _models


class Shape(_Model):
    """A shape; the ``kind`` key picks the subclass.

    :ivar kind: Required. Known values are: "circle" and "square".
    :vartype kind: str or ~genpkg.models.ShapeKind
    """

    __mapping__: dict[str, _Model] = {}
    kind: str = rest_discriminator(name="kind", visibility=["read", "create"])
    """Required."""
    label: Optional[str] = rest_field(visibility=["read", "create"])

    @overload
    def __init__(self, *, kind: str, label: Optional[str] = None) -> None: ...

    @overload
    def __init__(self, mapping: Mapping[str, Any]) -> None: ...

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class Circle(Shape, discriminator="circle"):
    """A circle."""

    __mapping__: dict[str, _Model] = {}
    kind: Literal[ShapeKind.CIRCLE] = rest_discriminator(name="kind", visibility=["read", "create"])
    radius: float = rest_field(visibility=["read", "create"])
    stamp_kind: Optional[str] = rest_discriminator(name="stampKind", visibility=["read", "create"])

    @overload
    def __init__(self, *, radius: float, label: Optional[str] = None, stamp_kind: Optional[str] = None) -> None: ...

    @overload
    def __init__(self, mapping: Mapping[str, Any]) -> None: ...

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = ShapeKind.CIRCLE  # pyright: ignore[reportIncompatibleVariableOverride]


class StampedCircle(Circle, discriminator="dated"):
    """A circle with a date: the second level of dispatch, on ``stampKind``."""

    stamp_kind: Literal["dated"] = rest_discriminator(name="stampKind", visibility=["read", "create"])
    stamped_at: datetime.datetime = rest_field(name="stampedAt", visibility=["read"], format="unix-timestamp")

    @overload
    def __init__(self, *, radius: float, stamped_at: datetime.datetime, label: Optional[str] = None) -> None: ...

    @overload
    def __init__(self, mapping: Mapping[str, Any]) -> None: ...

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stamp_kind: Literal["dated"] = "dated"  # pyright: ignore[reportIncompatibleVariableOverride]


class Square(Shape, discriminator="square"):
    """A square; a leaf that still declares a registry, as generated leaves can."""

    __mapping__: dict[str, _Model] = {}
    kind: Literal[ShapeKind.SQUARE] = rest_discriminator(name="kind", visibility=["read", "create"])
    side: float = rest_field(visibility=["read", "create"])

    @overload
    def __init__(self, *, side: float, label: Optional[str] = None) -> None: ...

    @overload
    def __init__(self, mapping: Mapping[str, Any]) -> None: ...

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = ShapeKind.SQUARE  # pyright: ignore[reportIncompatibleVariableOverride]


class Labelled(_Model):
    """A mixin model: a title."""

    title: Optional[str] = rest_field(visibility=["read", "create"])


class Stamped(_Model):
    """A mixin model: when it was made."""

    created: Optional[datetime.datetime] = rest_field(visibility=["read"])


class Layer(Labelled, Stamped):
    """Two model bases at once."""

    shapes: list["_models.Shape"] = rest_field(visibility=["read", "create"])
    featured: Optional["_unions.Shape"] = rest_field(visibility=["read", "create"])
    paint: Optional["_unions.Paint"] = rest_field(visibility=["read", "create"])
    kinds: Optional[list[Union[str, "_models.ShapeKind"]]] = rest_field(visibility=["read", "create"], format="commaDelimited")

    @overload
    def __init__(
        self,
        *,
        shapes: list["_models.Shape"],
        featured: Optional["_unions.Shape"] = None,
        paint: Optional["_unions.Paint"] = None,
        kinds: Optional[list[Union[str, "_models.ShapeKind"]]] = None,
        title: Optional[str] = None,
    ) -> None: ...

    @overload
    def __init__(self, mapping: Mapping[str, Any]) -> None: ...

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class Palette(_Model):
    """Colours by name, a thumbnail and a reference nobody can import."""

    colours: dict[str, "_models.Finish"] = rest_field(visibility=["read", "create"])
    thumbnail: Optional[bytes] = rest_field(visibility=["read", "create"], format="base64url")
    vendor: Optional["_vendor.Extra"] = rest_field(visibility=["read", "create"])  # type: ignore[name-defined]  # noqa: F821


class Canvas(Layer):
    """Three levels down: Canvas -> Layer -> (Labelled, Stamped)."""

    width: int = rest_field(visibility=["read", "create"], format="str")
    palette: Optional["_models.Palette"] = rest_field(visibility=["read", "create"])


class Drawing(_Model):
    """The top: a canvas and its layers."""

    canvas: "_models.Canvas" = rest_field(visibility=["read", "create"])
    layers: Optional[list["_models.Layer"]] = rest_field(visibility=["read", "create"])
