"""Declaring models: field metadata, definition-time errors, defaults, forward references, NULL."""

import enum
import json
from typing import Any, ClassVar, Dict, List, Optional, Type

import pytest
from sample_models import Color, Conversation, Item, Message, Part, UserMessage
from typing_extensions import Literal

from azure_style_events import (
    NULL,
    Model,
    RestField,
    ServerEventConversationItemTruncated,
    ValidationError,
    fields,
    rest_discriminator,
    rest_field,
)


class TestFieldDescriptions:
    def test_class_attribute_is_the_field_description(self):
        """Cls.field describes the field: names, annotation, required, read-only, default."""
        field = ServerEventConversationItemTruncated.audio_end_ms
        assert isinstance(field, RestField)
        assert (field.name, field.wire_name, field.annotation, field.required, field.readonly) == (
            "audio_end_ms",
            "audio_end_ms",
            int,
            True,
            False,
        )
        assert field.has_default is False and field.default is None

    def test_renamed_readonly_field(self):
        """name= sets the wire key; visibility ["read"] marks read-only."""
        field = Conversation.conversation_id
        assert field.wire_name == "id" and field.readonly
        assert Conversation({"id": "x"}).conversation_id == "x"

    def test_fields_function_on_class_and_instance(self):
        """fields() gives a read-only mapping in declaration order, inherited first."""
        names = list(fields(ServerEventConversationItemTruncated))
        assert names == ["type", "event_id", "item_id", "content_index", "audio_end_ms"]
        event = ServerEventConversationItemTruncated(item_id="i", content_index=0, audio_end_ms=1)
        assert fields(event) == fields(ServerEventConversationItemTruncated)
        with pytest.raises(TypeError):
            fields(event)["x"] = None  # type: ignore[index]
        with pytest.raises(TypeError, match="Model class or instance"):
            fields(dict)

    def test_optional_and_default_fields_are_not_required(self):
        """Optional annotations and defaults make a field optional."""
        table = fields(Part)
        assert table["text"].required and not table["kind"].required
        assert not fields(Item)["id"].required

    def test_inherited_fields_are_not_mutated(self):
        """A subclass redeclaring a field leaves the base's description alone."""
        assert fields(Message)["type"] is not fields(Item)["type"]
        assert fields(Item)["type"].annotation is str and fields(Item)["type"].owner is Item


class TestFieldRecord:
    def test_a_bound_field_is_one_read_only_record(self):
        """What a field knows is fixed when its class is built: its description cannot drift."""
        field = fields(Part)["text"]
        assert field.spec.name == field.name == "text" and field.spec.owner is Part
        assert field.spec._fields[:3] == ("owner", "name", "wire_name")
        for attribute in ("required", "wire_name", "adapter", "default"):
            with pytest.raises(AttributeError):
                setattr(field, attribute, None)
        with pytest.raises(AttributeError):
            field.spec.required = False  # type: ignore[misc]

    def test_an_unbound_declaration_describes_what_it_was_given(self):
        declared = rest_field(name="wire", visibility=["read"], default=3)
        assert (declared.owner, declared.wire_name, declared.readonly, declared.default) == (None, "wire", True, 3)
        assert declared.visibility == ["read"] and declared.visibility is not declared.visibility


class TestClassPlan:
    def test_each_class_keeps_one_read_only_plan(self):
        """All per-class tables live in one object per class, which nobody can change."""
        plan = ServerEventConversationItemTruncated.__asev_plan__
        assert plan is not ServerEventConversationItemTruncated.__mro__[1].__asev_plan__
        assert list(plan.fields)[-3:] == ["item_id", "content_index", "audio_end_ms"]
        assert dict(plan.disc) == {"type": "conversation.item.truncated"}
        with pytest.raises(AttributeError, match="read-only"):
            plan.defaults = ()
        with pytest.raises(AttributeError):
            plan.publish("fields", {})
        with pytest.raises(TypeError):
            plan.fields["x"] = None  # type: ignore[index]

    def test_the_plan_is_the_only_state_a_class_gets(self):
        own = [name for name in vars(ServerEventConversationItemTruncated) if "asev" in name]
        assert own == ["__asev_plan__"]


class TestDefaults:
    def test_default_is_written_into_the_data(self):
        """A default fills the absent key in every construction form, in wire form."""
        assert Part(text="a")["kind"] == "red"
        assert Part({"text": "a"})["kind"] == "red"
        assert Part.from_dict({"text": "a"})["kind"] == "red"
        assert type(Part(text="a")["kind"]) is str

    def test_each_field_gets_its_own_default_on_every_path(self):
        """Several defaults after a field without one: each absent key gets its own field's default."""

        class Voice(Model):
            name: Optional[str] = rest_field()
            speed: Optional[str] = rest_field(default="normal")
            pitch: Optional[str] = rest_field(default="low")
            tags: List[str] = rest_field(default=["x"])

        expected = {"speed": "normal", "pitch": "low", "tags": ["x"]}
        for _ in range(2):  # the first call compiles the generated constructors; the second runs them
            assert Voice() == expected
            assert Voice({}) == expected
            assert Voice.from_dict({}) == expected
            assert Voice.from_json("{}") == expected

    def test_mutable_default_is_not_shared(self):
        """A list default is copied for each instance."""

        class Tags(Model):
            tags: List[str] = rest_field(default=["a"])

        first, second = Tags(), Tags()
        first.tags.append("b")
        assert second.tags == ["a"]

    def test_invalid_default_is_a_definition_error(self):
        """A default that does not fit its annotation fails when the class is defined."""
        with pytest.raises(TypeError, match=r"default 'x' does not fit the annotation .*expected `int`"):

            class Bad(Model):
                n: int = rest_field(default="x")


class TestDefinitionErrors:
    def test_field_without_annotation(self):
        """A rest_field with no annotation names the fix."""
        with pytest.raises(TypeError, match=r"Bad.x has no annotation: write `x: <type> = rest_field"):

            class Bad(Model):
                x = rest_field()

    @pytest.mark.parametrize("name", ["items", "keys", "copy", "get", "update", "values", "pop", "as_dict"])
    def test_name_hiding_a_mapping_method(self, name):
        """A field named like a mapping method is rejected with the rename to use."""
        with pytest.raises(TypeError, match=rf"name the attribute {name}_property and keep the key"):
            type("Bad", (Model,), {"__annotations__": {name: int}, name: rest_field()})

    def test_two_classes_claiming_one_discriminator(self):
        """A discriminator value can belong to one class only."""

        class Base(Model):
            __mapping__: ClassVar[Dict[str, Type[Model]]] = {}
            kind: str = rest_discriminator(name="kind")

        class First(Base, discriminator="a"):
            pass

        with pytest.raises(TypeError, match="'a' is already claimed by .*First in .*Base.__mapping__"):

            class Second(Base, discriminator="a"):
                pass

        assert Base.__mapping__ == {"a": First}

    def test_annotation_without_field(self):
        """A public annotated attribute must be a field or a ClassVar."""
        with pytest.raises(TypeError, match="annotated but is not a field"):

            class Bad(Model):
                x: int

        class Fine(Model):
            limit: ClassVar[int] = 3

        assert fields(Fine) == {}

    def test_two_fields_one_wire_key(self):
        """Two attributes cannot share a JSON key."""
        with pytest.raises(TypeError, match="both use the JSON key 'k'"):

            class Bad(Model):
                a: int = rest_field(name="k")
                b: int = rest_field(name="k")

    def test_reused_field_object(self):
        """One rest_field() object cannot serve two attributes."""
        shared = rest_field()
        with pytest.raises(TypeError, match="call rest_field\\(\\) once per field"):

            class Bad(Model):
                a: int = shared
                b: int = shared

    def test_discriminator_without_registry(self):
        """discriminator= needs a base that declares __mapping__."""
        with pytest.raises(TypeError, match="needs a base class that declares"):

            class Bad(Model, discriminator="x"):
                pass

    def test_unsupported_annotation(self):
        """An annotation the package cannot check fails at definition with the supported list."""
        with pytest.raises(TypeError, match=r"Bad.x: unsupported annotation .*complex"):

            class Bad(Model):
                x: complex = rest_field()

    def test_underscore_field(self):
        """Private names cannot be fields."""
        with pytest.raises(TypeError, match="may not start with an underscore"):

            class Bad(Model):
                _x: int = rest_field()


class TestMultiLevelDispatch:
    def test_two_levels(self):
        """Item -> Message (type) -> UserMessage (role), from both the base and the middle."""
        wire = {"type": "message", "role": "user", "content": [{"text": "hi"}]}
        assert type(Item.from_dict(wire)) is UserMessage
        assert type(Message.from_dict(wire)) is UserMessage
        assert type(Item(wire)) is Item  # the constructor builds the class it is called on

    def test_unknown_second_level_stays_at_middle(self):
        """An unknown role gives the middle class with all data."""
        msg = Item.from_dict({"type": "message", "role": "system", "content": []})
        assert type(msg) is Message and msg["role"] == "system"

    def test_subclass_fills_every_discriminator(self):
        """Keyword construction fills type and role."""
        assert UserMessage(content=[]) == {"type": "message", "role": "user", "content": []}


class TestForwardReferences:
    def test_string_reference_resolved_on_use(self, make_module):
        """A string annotation naming a class defined later resolves at first use."""
        ns = make_module(
            "from typing import List, Optional\n"
            "from azure_style_events import Model, rest_field\n"
            "class Node(Model):\n"
            "    name: str = rest_field()\n"
            "    children: Optional[List['Node']] = rest_field(default=None)\n"
            "    leaf: Optional['Leaf'] = rest_field(default=None)\n"
            "class Leaf(Model):\n"
            "    value: int = rest_field()\n"
        ).__dict__
        node = ns["Node"].from_dict({"name": "a", "children": [{"name": "b", "leaf": {"value": 1}}]})
        assert type(node.children[0].leaf) is ns["Leaf"]
        with pytest.raises(ValidationError, match=r"\$.children\[0\].leaf.value: expected `int`"):
            ns["Node"].from_dict({"name": "a", "children": [{"name": "b", "leaf": {"value": "x"}}]})

    def test_unresolvable_reference_is_any(self):
        """A reference that names nothing importable accepts anything."""

        class Loose(Model):
            thing: "_nowhere.Missing" = rest_field()  # type: ignore[name-defined]  # noqa: F821

        assert Loose.from_dict({"thing": {"a": 1}}).thing == {"a": 1}


class TestNull:
    def test_null_sends_json_null(self):
        """NULL stores None so the key is sent as null; None removes the key."""
        event = ServerEventConversationItemTruncated(item_id="i", content_index=0, audio_end_ms=1, event_id=NULL)
        assert "event_id" in event and event["event_id"] is None
        assert json.loads(event.to_json())["event_id"] is None
        event.event_id = "e"
        event.event_id = NULL
        assert event["event_id"] is None
        event.event_id = None
        assert "event_id" not in event
        assert repr(NULL) == "NULL" and not NULL


class TestUserModelsWithLiterals:
    def test_literal_of_ints_rejects_bool(self):
        """Literal[1] does not accept True."""

        class Version(Model):
            v: Literal[1, 2] = rest_field()

        assert Version(v=2).v == 2
        with pytest.raises(ValidationError, match="expected `1 | 2`, got `bool` True"):
            Version(v=True)

    def test_int_enum_field(self):
        """An int enum field stores the number and reads the member."""

        class Level(enum.IntEnum):
            LOW = 1
            HIGH = 2

        class Gauge(Model):
            level: Level = rest_field()

        gauge = Gauge(level=Level.HIGH)
        assert type(gauge["level"]) is int and gauge.level is Level.HIGH
        assert Gauge.from_dict({"level": 1}).level is Level.LOW

    def test_str_enum_color_reads_member(self):
        """A str enum field reads members."""
        assert Part.from_dict({"text": "x", "kind": "green"}).kind is Color.GREEN

    def test_any_and_bare_containers(self):
        """Any accepts anything; bare list and dict accept any elements."""

        class Bag(Model):
            anything: Any = rest_field()
            seq: list = rest_field(default=None)  # type: ignore[type-arg]
            mapping: dict = rest_field(default=None)  # type: ignore[type-arg]
            maybe: Optional[None] = rest_field(default=None)

        bag = Bag.from_dict({"anything": [1, "a"], "seq": [None], "mapping": {"k": []}})
        assert bag.anything == [1, "a"] and bag.seq == [None]
        with pytest.raises(ValidationError):
            Bag.from_dict({"anything": 1, "seq": {}})


class TestAnnotationSpellings:
    def test_literal_and_annotated_from_typing_and_typing_extensions(self):
        """typing.Literal and typing_extensions.Literal (different objects on 3.9) both work."""
        import typing

        import typing_extensions

        class Both(Model):
            a: typing.Literal["x"] = rest_field(default="x")
            b: typing_extensions.Literal[Color.RED] = rest_field(default=Color.RED)
            c: typing.Annotated[int, "meta"] = rest_field(default=1)
            d: typing_extensions.Annotated[str, "meta"] = rest_field(default="s")

        assert Both().as_dict() == {"a": "x", "b": "red", "c": 1, "d": "s"}
        with pytest.raises(ValidationError, match=r"\$\.a: expected `'x'`"):
            Both(a="y")


class TestClassVarAnnotations:
    """ClassVar is told by the object the annotation names, not by how its text starts."""

    def test_a_type_whose_name_starts_with_classvar_is_no_classvar(self):
        with pytest.raises(TypeError, match="annotated but is not a field"):
            exec(  # noqa: S102 - a class body under PEP 563, as generated code writes them
                "from __future__ import annotations\n"
                "class ClassVariance(float): pass\n"
                "class Weighted(Model):\n"
                "    weight: ClassVariance\n",
                {"Model": Model, "__name__": __name__},
            )

    def test_classvar_from_typing_extensions_and_typing(self):
        namespace = {"Model": Model, "__name__": __name__}
        exec(  # noqa: S102
            "from __future__ import annotations\n"
            "import typing\n"
            "import typing_extensions\n"
            "class Counted(Model):\n"
            "    total: typing_extensions.ClassVar[int] = 3\n"
            "    other: typing.ClassVar[int] = 4\n",
            namespace,
        )
        assert namespace["Counted"].total == 3 and namespace["Counted"].other == 4


class TestSharedAdapters:
    """Fields with one annotation share its adapter, which must not mix up what differs."""

    def test_union_order_is_kept_per_annotation(self):
        from typing import Union

        from azure_style_events import Model, ValidationError, rest_field

        class IntFirst(Model):
            value: Union[int, str] = rest_field()

        class StrFirst(Model):
            value: Union[str, int] = rest_field()

        for cls, expected in ((IntFirst, "`int | str`"), (StrFirst, "`str | int`")):
            try:
                cls.from_dict({"value": 1.5})
            except ValidationError as err:
                assert expected in str(err), str(err)
            else:
                raise AssertionError("1.5 is neither")

    def test_a_forward_reference_means_its_own_class(self):
        from typing import List, Optional

        from azure_style_events import Model, rest_field

        made = []
        for label in ("first", "second"):

            class Node(Model):
                label_: Optional[str] = rest_field(name="label")
                children: Optional[List["Node"]] = rest_field()

            made.append((label, Node))
        for label, node in made:
            tree = node.from_dict({"label": label, "children": [{"label": "leaf"}]})
            assert type(tree.children[0]) is node
