"""What generated Azure SDK code and its users do, beyond azure-ai-voicelive.

Grouped by what a user does: declare file fields, import the old base module, nest
discriminators on one key, change containers read through attributes, convert with
``type=``, reset a defaulted field, and log foreign models with ``SdkJSONEncoder``.
"""

from __future__ import annotations

import copy
import datetime
import io
import json
import pickle
from typing import IO, Any, Dict, List, Literal, Optional, Set, Tuple, Union

import pytest

from azure_style_events import Model, SdkJSONEncoder, ValidationError, rest_discriminator, rest_field

UTC = datetime.timezone.utc
T1 = datetime.datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
T2 = datetime.datetime(2026, 11, 21, 11, 30, tzinfo=UTC)

# What the TypeSpec emitter writes into a multipart SDK's _utils (facts: the shape of the alias).
FileContent = Union[str, bytes, IO[str], IO[bytes]]
FileType = Union[FileContent, Tuple[Optional[str], FileContent], Tuple[Optional[str], FileContent, Optional[str]]]


# -- file fields of multipart models ----------------------------------------------------------


class Upload(Model):
    file: FileType = rest_field(is_multipart_file_input=True)
    attachments: Optional[List[FileType]] = rest_field(is_multipart_file_input=True)
    raw: Optional[IO[bytes]] = rest_field()
    text: Optional[IO[str]] = rest_field()
    purpose: str = rest_field()


def test_file_fields_define_and_keep_what_was_given():
    stream = io.BytesIO(b"\x00\x01")
    named = ("a.png", io.BytesIO(b"png"), "image/png")
    text = io.StringIO("hello")
    upload = Upload(file=stream, attachments=[named, b"raw bytes"], raw=stream, text=text, purpose="fine-tune")
    assert upload.file is stream
    assert upload["file"] is stream
    assert upload.attachments[0] is named
    assert upload.attachments[1] == b"raw bytes"  # never turned into base64 text
    assert upload.raw is stream and upload.text is text
    assert upload.as_dict()["file"] is stream


def test_file_fields_take_bytes_and_tuples_from_the_mapping_form_too():
    upload = Upload({"file": ("notes.txt", b"abc", "text/plain"), "purpose": "x"})
    assert upload.file == ("notes.txt", b"abc", "text/plain")
    upload.validate()


def test_a_file_field_still_rejects_what_no_file_input_can_be():
    with pytest.raises(ValidationError, match="purpose"):
        Upload(file=b"x")  # the required purpose is missing: the rest of the class still checks


# -- the old base module ----------------------------------------------------------------------


def test_the_old_model_base_module_is_a_one_line_swap():
    from azure_style_events import _model_base

    source = (
        "from azure_style_events import _model_base\n"
        "class Thing(_model_base.Model):\n"
        "    name: str = _model_base.rest_field()\n"
        "    kind: str = _model_base.rest_discriminator(name='kind')\n"
        "    __mapping__ = {}\n"
    )
    namespace: Dict[str, Any] = {"__name__": "generated_old_style"}
    exec(compile(source, "<generated>", "exec"), namespace)  # noqa: S102 - generated-style source under test
    thing = namespace["Thing"]({"name": "n", "kind": "k"})
    assert thing.name == "n"
    assert _model_base.Model is Model
    assert _model_base.SdkJSONEncoder is SdkJSONEncoder
    assert json.dumps(thing, cls=_model_base.SdkJSONEncoder) == '{"name": "n", "kind": "k"}'


# -- discriminator levels on one key ---------------------------------------------------------


class Pet(Model):
    __mapping__: Dict[str, type] = {}
    kind: str = rest_discriminator(name="kind")
    name: Optional[str] = rest_field()


class Bird(Pet, discriminator="bird"):
    __mapping__: Dict[str, type] = {}
    kind: Literal["bird"] = rest_discriminator(name="kind")  # type: ignore[assignment]
    wingspan: Optional[int] = rest_field()


class Parrot(Bird, discriminator="parrot"):
    kind: Literal["parrot"] = rest_discriminator(name="kind")  # type: ignore[assignment]
    words: Optional[List[str]] = rest_field()


class Dog(Pet, discriminator="dog"):
    kind: Literal["dog"] = rest_discriminator(name="kind")  # type: ignore[assignment]


@pytest.mark.parametrize("base", [Pet, Bird])
def test_dispatch_from_any_level_gives_the_most_specific_class(base):
    parrot = base.from_dict({"kind": "parrot", "words": ["hi"]})
    assert type(parrot) is Parrot and parrot.words == ["hi"]
    assert type(Pet({"kind": "parrot"})) is Pet  # the mapping form builds what it is called on
    assert type(base.from_json('{"kind": "bird"}')) is Bird


def test_same_key_levels_register_as_the_azure_base_does():
    assert Pet.__mapping__ == {"bird": Bird, "dog": Dog}
    assert Bird.__mapping__ == {"parrot": Parrot}
    assert Parrot().kind == "parrot" and Bird().kind == "bird"


def test_a_nested_same_key_field_dispatches_to_the_deepest_class():
    class Home(Model):
        pets: List[Pet] = rest_field()

    home = Home({"pets": [{"kind": "parrot"}, {"kind": "dog"}, {"kind": "cat"}]})
    assert [type(p) for p in home.pets] == [Parrot, Dog, Pet]


def test_a_discriminator_value_claimed_twice_across_same_key_levels_is_named():
    with pytest.raises(TypeError, match="'parrot' is already claimed by Parrot"):

        class Impostor(Bird, discriminator="parrot"):
            pass


# -- live containers --------------------------------------------------------------------------


class Log(Model):
    times: Optional[List[datetime.datetime]] = rest_field()
    stamps: Optional[Dict[str, datetime.datetime]] = rest_field()
    tags: Optional[Set[str]] = rest_field()
    names: Optional[List[str]] = rest_field(format="commaDelimited")
    pair: Optional[Tuple[int, ...]] = rest_field()
    pets: Optional[List[Pet]] = rest_field()
    by_name: Optional[Dict[str, Pet]] = rest_field()
    grid: Optional[List[List[datetime.datetime]]] = rest_field()
    counts: Optional[Dict[str, int]] = rest_field()


def _log() -> Log:
    return Log(
        {
            "times": ["2026-11-21T10:00:00Z"],
            "stamps": {"a": "2026-11-21T10:00:00Z"},
            "tags": ["x"],
            "names": "a,b",
            "pair": [1, 2],
            "pets": [{"kind": "dog"}],
            "by_name": {"rex": {"kind": "dog"}},
            "grid": [["2026-11-21T10:00:00Z"]],
            "counts": {"a": 1},
        }
    )


def test_a_list_of_datetimes_keeps_an_append_in_wire_form():
    log = _log()
    log.times.append(T2)
    assert log["times"] == ["2026-11-21T10:00:00Z", "2026-11-21T11:30:00Z"]
    assert log.times == [T1, T2]
    assert json.loads(json.dumps(log))["times"][1] == "2026-11-21T11:30:00Z"
    assert log.as_dict()["times"] == ["2026-11-21T10:00:00Z", "2026-11-21T11:30:00Z"]


def test_every_list_change_is_kept():
    log = _log()
    times = log.times
    times[0] = T2
    times.insert(0, T1)
    times.extend([T1])
    times += [T2]
    assert log.times == [T1, T2, T1, T2]
    times.remove(T1)
    del times[0]
    assert times.pop() == T2
    assert log["times"] == ["2026-11-21T10:00:00Z"]
    times.clear()
    assert log["times"] == []


def test_a_dict_of_datetimes_keeps_item_assignment():
    log = _log()
    log.stamps["b"] = T2
    log.stamps.update(c=T1)
    assert log["stamps"] == {"a": "2026-11-21T10:00:00Z", "b": "2026-11-21T11:30:00Z", "c": "2026-11-21T10:00:00Z"}
    del log.stamps["a"]
    assert log.stamps == {"b": T2, "c": T1}
    assert log.stamps.pop("c") == T1
    assert list(log["stamps"]) == ["b"]


def test_a_set_keeps_add_and_discard():
    log = _log()
    log.tags.add("y")
    log.tags.add("x")  # already there: no duplicate on the wire
    assert sorted(log["tags"]) == ["x", "y"]
    log.tags.discard("x")
    assert log["tags"] == ["y"] and log.tags == {"y"}
    log.tags |= {"z"}
    assert sorted(log["tags"]) == ["y", "z"]


def test_a_delimited_list_keeps_changes_in_its_text():
    log = _log()
    log.names.append("c")
    assert log["names"] == "a,b,c"
    log.names[0] = "z"
    assert log["names"] == "z,b,c" and log.names == ["z", "b", "c"]


def test_a_plain_dict_put_in_a_list_of_models_reads_as_the_model():
    log = _log()
    log.pets.append({"kind": "parrot", "words": ["hi"]})
    assert type(log.pets[1]) is Parrot
    assert log.pets[1].words == ["hi"]
    log.pets[1].words.append("bye")
    assert log["pets"][1]["words"] == ["hi", "bye"]
    log.by_name["polly"] = {"kind": "parrot"}
    assert type(log.by_name["polly"]) is Parrot


def _pets_built_every_way() -> List[Log]:
    wire = {"pets": [{"kind": "dog"}]}
    return [
        Log(wire),
        Log.from_dict(wire),
        Log.from_json(json.dumps(wire)),
        Log.from_json(json.dumps(wire), validate=False),
        Log(pets=[Dog()]),
    ]


@pytest.mark.parametrize("log", _pets_built_every_way(), ids=["mapping", "from_dict", "from_json", "receiving", "keywords"])
def test_every_way_of_adding_a_plain_dict_to_a_list_of_models_reads_as_models(log):
    parrot = {"kind": "parrot"}
    log.pets.append(dict(parrot))
    log["pets"].insert(0, dict(parrot))
    log.pets.extend([dict(parrot)])
    log.pets += [dict(parrot)]
    log.pets[0] = dict(parrot)
    log["pets"][2:3] = [dict(parrot), dict(parrot)]
    assert [type(pet).__name__ for pet in log.pets] == ["Parrot", "Dog"] + ["Parrot"] * 4
    assert all(type(pet) is not dict for pet in log["pets"])
    assert json.loads(json.dumps(log))["pets"][1] == {"kind": "dog"}
    plain = log.as_dict()["pets"]
    assert type(plain) is list and type(plain[0]) is dict


def test_a_list_of_models_is_a_list_that_copies_and_pickles():
    log = Log.from_json('{"pets": [{"kind": "parrot", "words": ["hi"]}]}')
    assert isinstance(log.pets, list) and log.pets == [{"kind": "parrot", "words": ["hi"]}]
    for again in (pickle.loads(pickle.dumps(log)), copy.deepcopy(log), copy.copy(log)):
        again.pets.append({"kind": "dog"})
        assert again == log | {"pets": [{"kind": "parrot", "words": ["hi"]}, {"kind": "dog"}]}
        assert type(again.pets[1]) is Dog
    assert pickle.loads(pickle.dumps(log.pets)) == log.pets
    assert copy.copy(log.pets) == log.pets and log.pets.copy() == log.pets


def test_nested_containers_of_converted_values_are_live_at_every_depth():
    log = _log()
    log.grid[0].append(T2)
    log.grid.append([T1])
    assert log["grid"] == [["2026-11-21T10:00:00Z", "2026-11-21T11:30:00Z"], ["2026-11-21T10:00:00Z"]]


@pytest.mark.parametrize("name", ["times", "stamps", "tags", "names", "pets", "by_name", "grid", "counts"])
def test_two_reads_return_the_same_object(name):
    log = _log()
    assert getattr(log, name) is getattr(log, name)


def test_a_tuple_reads_as_a_tuple_equal_on_every_read():
    log = _log()
    assert log.pair == (1, 2) and isinstance(log.pair, tuple)


def test_a_rejected_element_leaves_the_data_unchanged_and_names_the_path():
    log = _log()
    with pytest.raises(ValidationError) as caught:
        log.times.append("not a time")
    assert caught.value.errors[0].path == "$.times[1]"
    assert log["times"] == ["2026-11-21T10:00:00Z"]
    with pytest.raises(ValidationError, match=r"\$\.stamps\.b"):
        log.stamps["b"] = 5


def test_a_wire_view_change_shows_through_a_live_container_already_read():
    log = _log()
    times = log.times
    log["times"].append("2026-11-21T11:30:00Z")
    assert times == [T1, T2]


def test_a_live_container_replaced_by_an_attribute_write_is_detached_like_a_list():
    log = _log()
    old = log.times
    log.times = [T2]
    old.append(T1)
    assert log.times == [T2]


def test_live_containers_copy_pickle_and_compare_as_their_plain_kind():
    log = _log()
    assert log.times.copy() == [T1] and type(log.times.copy()) is list
    assert pickle.loads(pickle.dumps(log.times)) == [T1]
    assert copy.deepcopy(log.stamps) == {"a": T1}
    assert log.tags == {"x"} and log.stamps == {"a": T1} and log.times != [T2]
    assert repr(log.times) == repr([T1])
    model_copy = copy.deepcopy(log)
    assert model_copy == log and pickle.loads(pickle.dumps(log)) == log


def test_plain_json_containers_are_the_stored_objects_themselves():
    log = _log()
    assert log.counts is log["counts"]
    assert log.pets is log["pets"]


# -- type= and deserializer= ----------------------------------------------------------------


class Reading(Model):
    level: int = rest_field(type=int)
    when: Optional[datetime.datetime] = rest_field(deserializer=lambda text: datetime.datetime.fromisoformat(text))


def test_type_callback_keywords_are_wire_values():
    reading = Reading(level="7", when="2026-11-21T10:00:00+00:00")
    assert reading["level"] == "7" and reading.level == 7
    assert reading.when == T1
    reading.level = "8"
    assert reading["level"] == "8" and reading.level == 8


def test_type_callback_writes_must_still_be_json():
    with pytest.raises(ValidationError, match=r"\$\.level"):
        Reading(level=object())
    reading = Reading(level="1")
    with pytest.raises(ValidationError):
        reading.level = {1, 2}
    assert reading["level"] == "1"


# -- defaults ---------------------------------------------------------------------------------


class Session(Model):
    voice: Optional[str] = rest_field(default="alloy")
    tools: Optional[List[str]] = rest_field(default=None)


def test_a_default_is_written_at_construction_and_a_reset_reads_none():
    session = Session()
    assert session["voice"] == "alloy" and session.voice == "alloy"
    session.voice = None
    assert "voice" not in session and session.voice is None
    assert Session({"voice": "echo"}).voice == "echo"
    session.voice = "echo"
    del session["voice"]
    assert session.voice is None


# -- SdkJSONEncoder and foreign models ---------------------------------------------------------


class _Foreign:
    def __init__(self, data: Dict[str, Any]) -> None:
        self._data = data

    def as_dict(self, *, exclude_readonly: bool = False) -> Dict[str, Any]:
        return dict(self._data)


def test_the_encoder_writes_any_object_with_as_dict():
    assert json.dumps({"x": _Foreign({"a": 1})}, cls=SdkJSONEncoder) == '{"x": {"a": 1}}'


def test_the_encoder_writes_an_azure_sdk_model():
    models = pytest.importorskip("azure.ai.voicelive.models")
    event = models.ServerEventConversationItemTruncated(item_id="i", content_index=0, audio_end_ms=5)
    mixed = {"theirs": event, "ours": Pet(kind="dog")}
    assert json.loads(json.dumps(mixed, cls=SdkJSONEncoder)) == {
        "theirs": {"type": "conversation.item.truncated", "item_id": "i", "content_index": 0, "audio_end_ms": 5},
        "ours": {"kind": "dog"},
    }


# -- enum formatting (the catalogs' enums) ------------------------------------------------------


def test_enum_members_format_as_their_value():
    from azure_style_events import ServerEventType

    member = ServerEventType.CONVERSATION_ITEM_TRUNCATED
    assert f"{member}" == str(member) == "%s" % member == "conversation.item.truncated"


def test_file_field_is_never_validated_as_text():
    upload = Upload(file=io.BytesIO(b"x"), purpose="p")
    upload.validate()


# -- discriminator writes in generated __init__ chains (Animal -> AnotherPet "pet" -> AnotherDog "dog") --------


class Animal(Model):
    __mapping__: Dict[str, Model] = {}
    kind: str = rest_discriminator(name="kind")
    name: str = rest_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class AnotherPet(Animal, discriminator="pet"):
    __mapping__: Dict[str, Model] = {}
    kind: Literal["pet"] = rest_discriminator(name="kind")
    trained: bool = rest_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind: Literal["pet"] = "pet"  # as the emitter writes it


class AnotherDog(AnotherPet, discriminator="dog"):
    kind: Literal["dog"] = rest_discriminator(name="kind")
    breed: str = rest_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind: Literal["dog"] = "dog"


DOG = {"kind": "dog", "name": "Rex", "trained": True, "breed": "lab"}


def test_a_generated_init_chain_constructs_from_keywords_and_a_mapping():
    """The parent's __init__ writes its own tag first; the instance keeps the most specific one."""
    assert AnotherDog(name="Rex", trained=True, breed="lab") == DOG
    assert AnotherDog({"name": "Rex", "trained": True, "breed": "lab"}) == DOG
    assert AnotherPet(name="Tom", trained=False) == {"kind": "pet", "name": "Tom", "trained": False}


def test_an_init_chain_dispatches_from_every_level():
    for level in (Animal, AnotherPet, AnotherDog):
        assert type(level.from_dict(DOG)) is AnotherDog
        assert type(level.from_dict(DOG, validate=False)) is AnotherDog
    assert type(Animal.from_dict({"kind": "pet", "name": "Tom", "trained": False})) is AnotherPet


def test_a_users_wrong_tag_after_construction_is_still_refused():
    dog = AnotherDog(name="Rex", trained=True, breed="lab")
    with pytest.raises(ValidationError):
        dog.kind = "pet"
    assert dog["kind"] == "dog"


# -- binary file objects in bytes fields -----------------------------------------------------------------------


class BytesModel(Model):
    property: bytes = rest_field()
    encoded: Optional[bytes] = rest_field(format="base64url", default=None)


def test_a_binary_file_in_a_bytes_field_is_kept_as_given(tmp_path):
    """The emitter's suite passes open(..., "rb") to a bytes field: stored and returned as given, never read."""
    image = tmp_path / "image.jpg"
    image.write_bytes(b"\xff\xd8\xff")
    with open(image, "rb") as handle:
        for model in (BytesModel(property=handle), BytesModel({"property": handle})):
            assert model["property"] is handle and model.property is handle
        stream = io.BytesIO(b"abc")
        model.encoded = stream
        assert model.encoded is stream and model["encoded"] is stream
        assert handle.tell() == 0  # nothing was read


def test_a_text_file_in_a_bytes_field_is_refused(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hi", encoding="utf-8")
    with open(text, encoding="utf-8") as handle, pytest.raises(ValidationError):
        BytesModel(property=handle)


# -- set fields: set's whole API, live ---------------------------------------------------------------------------


class Tagged(Model):
    my_set: Optional[Set[int]] = rest_field(default=None)
    pair: Optional[Tuple[int, ...]] = rest_field(default=None)


def test_a_set_view_has_sets_api_and_every_change_is_in_the_data():
    model = Tagged(my_set={1, 2})
    view = model.my_set
    view.update({5, 6}, [7])
    assert sorted(model["my_set"]) == [1, 2, 5, 6, 7] and view == {1, 2, 5, 6, 7}
    view |= {8}
    view -= {1}
    view.difference_update([2])
    assert sorted(model["my_set"]) == [5, 6, 7, 8]
    view &= {5, 6, 9}
    assert sorted(model["my_set"]) == [5, 6]
    view ^= {6, 10}
    assert sorted(model["my_set"]) == [5, 10]
    view.intersection_update({5, 10, 11})
    view.symmetric_difference_update({11})
    assert sorted(model["my_set"]) == [5, 10, 11]
    assert view.union({1}) == {1, 5, 10, 11} and view.intersection({5}) == {5} and view.difference({5}) == {10, 11}
    assert view.symmetric_difference({5, 2}) == {2, 10, 11} and view.issubset(range(20)) and view.issuperset({5})
    assert isinstance(view.union(), set) and model.my_set is view
    assert json.loads(model.to_json()) == {"my_set": model["my_set"]}


def test_set_operators_on_a_view_give_plain_sets():
    model = Tagged(my_set={1, 2})
    view = model.my_set
    assert view | {3} == {1, 2, 3} and {3} | view == {1, 2, 3}
    assert view & {2} == {2} and view - {1} == {2} and view ^ {2, 4} == {1, 4}
    assert type(view | {3}) is set and model["my_set"] == [1, 2]


def test_a_refused_value_leaves_the_set_unchanged():
    model = Tagged(my_set={1})
    with pytest.raises(ValidationError):
        model.my_set.update({2, "x"})
    with pytest.raises(ValidationError):
        model.my_set |= {"y"}
    assert model["my_set"] == [1]


def test_a_tuple_field_reads_as_a_tuple():
    model = Tagged(pair=(1, 2, 2))
    assert model.pair == (1, 2, 2) and model.pair.count(2) == 2 and model["pair"] == [1, 2, 2]
