"""The module older generated SDKs import the base as: ``from .. import _model_base``.

Their ``_models.py`` writes ``_model_base.Model``, ``_model_base.rest_field`` and so on;
pointing that one import line here (``from azure_style_events import _model_base``)
is the whole change.  This module only re-exports.
"""

from ._core._codec import SdkJSONEncoder
from ._core._enums import CaseInsensitiveEnumMeta
from ._core._fields import rest_discriminator, rest_field
from ._core._model import Model

__all__ = ["CaseInsensitiveEnumMeta", "Model", "SdkJSONEncoder", "rest_discriminator", "rest_field"]
