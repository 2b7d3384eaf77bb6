"""Union aliases, named from the models as ``"_unions.Shape"``."""

from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from . import models as _models

Shape = Union["_models.Circle", "_models.Square"]
Paint = Union[str, "_models.Finish"]
