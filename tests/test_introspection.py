"""What help(), pydoc, inspect and tracebacks show of a model class."""

import inspect
import pydoc
import traceback
from typing import Any, List, Optional

import pytest
from sample_models import Conversation

from azure_style_events import Model, RestField, ServerEventConversationItemTruncated, ValidationError, rest_field

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

    @pytest.mark.parametrize("method", ["__init__", "from_dict"])
    def test_the_constructors_are_generated_per_class_and_debuggable(self, method):
        """__init__ and from_dict are compiled per class on first use, with a name and source of their own."""

        class Meter(Model):
            level: int = rest_field()
            history: Optional[List[int]] = rest_field()

        assert Meter(level=1) == {"level": 1} and Meter.from_dict({"level": 2}) == {"level": 2}
        function = getattr(Meter.__dict__[method], "__func__", Meter.__dict__[method])
        assert function.__qualname__ == f"{Meter.__qualname__}.{method}"
        assert function.__module__ == __name__
        assert f"def {method}(" in inspect.getsource(function)

    @pytest.mark.parametrize(
        "build",
        [
            lambda cls, history: cls(level=1, history=history),
            lambda cls, history: cls.from_dict({"level": 1, "history": history}),
        ],
    )
    def test_a_traceback_through_a_generated_constructor_shows_its_line(self, build):
        """An exception raised under a generated constructor passes through a frame with its source line."""

        class Meter(Model):
            level: int = rest_field()
            history: Optional[List[int]] = rest_field()

        class Exploding(list):  # not a list the field stores as it is: the checker converts it
            def __iter__(self) -> Any:
                raise RuntimeError("boom")

        with pytest.raises(RuntimeError) as caught:
            build(Meter, Exploding([1]))
        frames = [frame for frame in traceback.extract_tb(caught.tb) if frame.filename.startswith("<azure_style_events")]
        assert frames and all(frame.line for frame in frames)


class TestGeneratedConstructorsAndSubclasses:
    """A generated constructor is one class's; subclasses and hand-written __init__ keep working."""

    def test_a_subclass_gets_its_own_after_the_base_was_used(self):
        class Base(Model):
            a: int = rest_field()

        class Sub(Base):
            b: str = rest_field()

        assert Base(a=1) == {"a": 1} and Base.from_dict({"a": 1}) == {"a": 1}
        assert Sub(a=1, b="x") == {"a": 1, "b": "x"} and Sub.from_dict({"a": 1, "b": "x"}) == {"a": 1, "b": "x"}
        with pytest.raises(ValidationError):
            Sub(a=1)
        with pytest.raises(ValidationError):
            Sub.from_dict({"a": 1})

    def test_a_hand_written_init_runs_every_time(self):
        """An __init__ a class writes itself (as generated Azure SDKs do) is never bypassed."""
        calls: List[Any] = []

        class Base(Model):
            a: int = rest_field()

            def __init__(self, *args: Any, **kwargs: Any) -> None:
                calls.append(kwargs)
                super().__init__(*args, **kwargs)

        class Sub(Base):
            b: str = rest_field()

        for _ in range(3):
            assert Sub(a=1, b="x") == {"a": 1, "b": "x"}
        assert calls == [{"a": 1, "b": "x"}] * 3

    def test_super_init_with_a_subclass_field_reaches_the_right_checks(self):
        """A subclass __init__ passing its own fields up through a base with a generated __init__."""

        class Base(Model):
            a: int = rest_field()

        class Sub(Base):
            b: str = rest_field()

            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)

        Base(a=0)  # the base's own constructor is generated now
        for _ in range(2):
            assert Sub(a=1, b="x") == {"a": 1, "b": "x"}
            with pytest.raises(ValidationError, match=r"\$\.b"):
                Sub(a=1, b=2)
            with pytest.raises(TypeError, match="unexpected keyword argument 'c'"):
                Sub(a=1, b="x", c=3)

    def test_a_subclass_overriding_from_dict_is_kept(self):
        class Base(Model):
            a: int = rest_field()

            @classmethod
            def from_dict(cls, data: Any, *, validate: bool = True) -> Any:
                return super().from_dict({**data, "a": data["a"] + 1}, validate=validate)

        class Sub(Base):
            b: str = rest_field()

        assert Sub.from_dict({"a": 1, "b": "x"}) == {"a": 2, "b": "x"}
        assert Sub.from_dict({"a": 1, "b": "x"}) == {"a": 2, "b": "x"}

    def test_fields_named_like_builtins_the_generated_code_uses(self):
        """Field names such as len, type or RecursionError are parameters of the generated __init__."""

        class Odd(Model):
            len: int = rest_field()
            type: str = rest_field()
            RecursionError: Optional[int] = rest_field()

        for _ in range(2):
            assert Odd(len=1, type="t", RecursionError=2) == {"len": 1, "type": "t", "RecursionError": 2}
            assert Odd({"len": 1}) == {"len": 1}
            assert Odd.from_dict({"len": 1, "type": "t"}).len == 1
            with pytest.raises(ValidationError, match=r"\$\.len"):
                Odd(len="x", type="t")

    def test_a_from_dict_taken_before_first_use_runs_the_generated_code_afterwards(self):
        """`parse = Cls.from_dict` kept in a table before the class was used still reaches the generated code."""

        class Meter(Model):
            level: int = rest_field()
            history: Optional[List[int]] = rest_field()

        class Exploding(list):
            def __iter__(self) -> Any:
                raise RuntimeError("boom")

        parse = Meter.from_dict  # still the stand-in
        assert parse({"level": 1}) == {"level": 1}  # compiles the real one
        with pytest.raises(RuntimeError) as caught:
            parse({"level": 1, "history": Exploding([1])})
        names = [frame.filename for frame in traceback.extract_tb(caught.tb)]
        assert f"<azure_style_events {__name__}.{Meter.__qualname__}.from_dict>" in names


def test_two_classes_of_one_qualified_name_keep_their_own_generated_source():
    """Classes made by one function share a qualified name; each one's source stays its own."""

    def make(with_b):
        if with_b:

            class Ev(Model):
                a: int = rest_field()
                b: int = rest_field()

        else:

            class Ev(Model):
                a: int = rest_field()

        return Ev

    first, second = make(False), make(True)
    first(a=1)
    second(a=1, b=2)
    assert first.__init__.__code__.co_filename != second.__init__.__code__.co_filename
    assert "b=None" not in inspect.getsource(first.__init__)
    assert "b=None" in inspect.getsource(second.__init__)
