"""What help(), pydoc, inspect and tracebacks show of a model class."""

import inspect
import pydoc
import traceback
from typing import Any, List, Optional

import pytest

from azure_style_events import Model, RestField, ServerEventConversationItemTruncated, rest_field
from sample_models import Conversation

Truncated = ServerEventConversationItemTruncated


def _help(cls: Any) -> str:
    return pydoc.render_doc(cls, renderer=pydoc.plaintext)


class TestSignature:
    def test_the_signature_lists_the_keyword_fields(self):
        """inspect.signature() gives the keywords the constructor takes, with types and defaults."""
        signature = inspect.signature(Truncated)
        parameters = signature.parameters
        assert list(parameters) == ["event_id", "item_id", "content_index", "audio_end_ms"]
        assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters.values())
        assert parameters["audio_end_ms"].annotation is int
        assert parameters["audio_end_ms"].default is inspect.Parameter.empty
        assert parameters["event_id"].default is None

    def test_the_signature_binds_what_the_constructor_accepts(self):
        signature = inspect.signature(Truncated)
        bound = signature.bind(item_id="i", content_index=0, audio_end_ms=5)
        assert Truncated(**bound.kwargs).audio_end_ms == 5
        with pytest.raises(TypeError):
            signature.bind(item_id="i")  # the required ones are required here too

    def test_defaults_and_python_names(self):
        """Renamed fields appear under their attribute name; a default is shown as given."""
        parameters = inspect.signature(Conversation).parameters
        assert "conversation_id" in parameters and "id" not in parameters
        assert parameters["items_property"].default is None

    def test_help_shows_the_signature(self):
        assert "audio_end_ms: int" in _help(Truncated).split("Method resolution order")[0]


class TestFieldDocs:
    def test_a_field_doc_says_type_key_and_whether_required(self):
        doc = Truncated.audio_end_ms.__doc__
        assert doc is not None
        assert "int" in doc and "required" in doc and "'audio_end_ms'" in doc

    def test_renamed_read_only_and_default_fields_say_so(self):
        assert "'id'" in Conversation.conversation_id.__doc__ and "read-only" in Conversation.conversation_id.__doc__
        assert "default None" in Conversation.items_property.__doc__
        assert "list[Item]" in Conversation.items_property.__doc__

    def test_the_discriminator_doc_gives_the_class_value(self):
        assert "'conversation.item.truncated'" in Truncated.type.__doc__

    def test_help_lists_each_field_with_its_type(self):
        text = _help(Truncated)
        own = text.split("Data descriptors defined here:")[1].split("-----")[0]
        lines = [line.strip(" |") for line in own.splitlines()]
        assert lines[lines.index("audio_end_ms") + 1].startswith("int")
        assert "event_id" in text.split("Data descriptors inherited from ServerEvent:")[1]

    def test_the_field_class_keeps_its_own_docstring(self):
        assert RestField.__doc__ is not None and RestField.__doc__.startswith("A declared field")

    def test_a_field_declared_before_its_type_exists_is_described_once_it_does(self, make_module):
        module = make_module(
            "from typing import List\n"
            "from azure_style_events import Model, rest_field\n"
            "class Tree(Model):\n"
            "    leaves: List['Leaf'] = rest_field()\n"
            "class Leaf(Model):\n"
            "    name: str = rest_field()\n"
        )
        assert "list[Leaf]" in module.Tree.leaves.__doc__


class Gauge(Model):
    level: int = rest_field()
    history: Optional[List[int]] = rest_field()


class TestGeneratedCode:
    def test_a_traceback_through_the_generated_checker_shows_its_source(self):
        """The checker is compiled under its own file name, registered with linecache."""
        problems: List[Any] = []
        Gauge.__asev_plan__.check({"level": 1}, problems, None)  # compiled on first use
        check = Gauge.__asev_plan__.check
        assert check.__qualname__ == "Gauge.__asev_plan__.check" and check.__module__ == __name__
        assert "def check(data, problems, into):" in inspect.getsource(check)

        class Exploding(dict):
            def get(self, key: Any, default: Any = None) -> Any:
                raise RuntimeError("boom")

        with pytest.raises(RuntimeError) as caught:
            check(Exploding(), problems, None)
        frame = traceback.extract_tb(caught.tb)[1]  # the checker's own frame
        assert frame.name == "check" and frame.filename.startswith("<azure_style_events")
        assert frame.line == "v = get('level', _M)"
