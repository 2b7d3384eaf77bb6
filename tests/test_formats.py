"""Wire formats: datetimes, dates, times, durations, decimals, bytes, int as text,
delimited lists and the other JSON-array containers, in both directions and
through validation."""

import collections.abc
import datetime
import decimal
import json
import sys
from typing import Dict, FrozenSet, List, Optional, Sequence, Set, Tuple, Union

import pytest
from sample_models import Color, Part

from azure_style_events import Model, SdkJSONEncoder, ValidationError, deserialize, rest_field

UTC = datetime.timezone.utc


class Stamps(Model):
    """A model with one field per format, all optional."""

    rfc3339: Optional[datetime.datetime] = rest_field()
    rfc7231: Optional[datetime.datetime] = rest_field(format="rfc7231")
    unix: Optional[datetime.datetime] = rest_field(format="unix-timestamp")
    day: Optional[datetime.date] = rest_field()
    clock: Optional[datetime.time] = rest_field()
    iso: Optional[datetime.timedelta] = rest_field()
    seconds: Optional[datetime.timedelta] = rest_field(format="duration-seconds-float")
    millis: Optional[datetime.timedelta] = rest_field(format="duration-milliseconds-int")
    price: Optional[decimal.Decimal] = rest_field()
    blob: Optional[bytes] = rest_field()
    token: Optional[bytes] = rest_field(format="base64url")
    big: Optional[int] = rest_field(format="str")
    commas: Optional[List[str]] = rest_field(format="commaDelimited")
    pipes: Optional[List[str]] = rest_field(format="pipeDelimited")
    spaces: Optional[List[str]] = rest_field(format="spaceDelimited")
    lines: Optional[List[str]] = rest_field(format="newlineDelimited")
    colors: Optional[List[Color]] = rest_field(format="commaDelimited")
    kinds: Optional[Set[str]] = rest_field()
    frozen: Optional[FrozenSet[int]] = rest_field()
    pair: Optional[Tuple[int, str]] = rest_field()
    many: Optional[Tuple[int, ...]] = rest_field()
    seq: Optional[Sequence[datetime.datetime]] = rest_field()
    by_name: Optional[Dict[str, datetime.date]] = rest_field()
    unix_list: Optional[List[datetime.datetime]] = rest_field(format="unix-timestamp")


# (field, wire value, typed value): the wire value reads as the typed one, and the
# typed value is stored as the wire one.
ROUND_TRIPS = [
    ("rfc3339", "2024-05-06T07:08:09Z", datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)),
    ("rfc3339", "2024-05-06T07:08:09.250000Z", datetime.datetime(2024, 5, 6, 7, 8, 9, 250000, tzinfo=UTC)),
    ("rfc7231", "Mon, 06 May 2024 07:08:09 GMT", datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)),
    ("unix", 1714979289, datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)),
    ("day", "2024-02-29", datetime.date(2024, 2, 29)),
    ("clock", "07:08:09.500000", datetime.time(7, 8, 9, 500000)),
    ("iso", "PT01M30S", datetime.timedelta(seconds=90)),
    ("iso", "P2DT03H00M00S", datetime.timedelta(days=2, hours=3)),
    ("iso", "PT00.5S", datetime.timedelta(milliseconds=500)),
    ("iso", "-PT01M30S", datetime.timedelta(seconds=-90)),
    ("iso", "PT00S", datetime.timedelta(0)),
    ("seconds", 1.5, datetime.timedelta(seconds=1.5)),
    ("millis", 1500, datetime.timedelta(seconds=1.5)),
    ("price", 12.5, decimal.Decimal("12.5")),
    ("price", "0.1000000000000000055511151231257827", decimal.Decimal("0.1000000000000000055511151231257827")),
    ("blob", "aGn/", b"hi\xff"),
    ("token", "__4", b"\xff\xfe"),
    ("big", "1180591620717411303424", 2**70),
    ("commas", "a,b,c", ["a", "b", "c"]),
    ("pipes", "a|b", ["a", "b"]),
    ("spaces", "a b", ["a", "b"]),
    ("lines", "a\nb", ["a", "b"]),
    ("commas", "", []),
    ("colors", "red,green", [Color.RED, Color.GREEN]),
    ("kinds", ["x"], {"x"}),
    ("frozen", [1], frozenset({1})),
    ("pair", [1, "a"], (1, "a")),
    ("many", [1, 2, 3], (1, 2, 3)),
    ("seq", ["2020-01-01T00:00:00Z"], [datetime.datetime(2020, 1, 1, tzinfo=UTC)]),
    ("by_name", {"a": "2020-01-01"}, {"a": datetime.date(2020, 1, 1)}),
    ("unix_list", [0], [datetime.datetime(1970, 1, 1, tzinfo=UTC)]),
]


# Containers of converted values read as live views (docs/design.md): the abstract kind they are.
_TYPED_FACE = {list: collections.abc.MutableSequence, dict: collections.abc.MutableMapping, set: collections.abc.MutableSet}


@pytest.mark.parametrize(("field", "wire", "typed"), ROUND_TRIPS)
class TestBothDirections:
    def test_wire_reads_typed(self, field, wire, typed):
        """Wire data, trusted or checked, reads back as the typed value and stays wire in the data."""
        for event in (Stamps({field: wire}), Stamps.from_dict({field: wire}), Stamps.from_json(json.dumps({field: wire}))):
            assert getattr(event, field) == typed
            assert isinstance(getattr(event, field), _TYPED_FACE.get(type(typed), type(typed)))
            assert event[field] == wire

    def test_typed_is_stored_as_wire(self, field, wire, typed):
        """A typed value given by keyword, attribute, or in a mapping is stored in wire form."""
        by_keyword = Stamps(**{field: typed})
        by_attribute = Stamps()
        setattr(by_attribute, field, typed)
        events = [by_keyword, by_attribute]
        if not isinstance(typed, int):
            # Cls(mapping) keeps JSON scalars as they are, so an int stays an int there.
            events.append(Stamps({field: typed}))
        for event in events:
            assert event.as_dict() == {field: wire}
            assert json.loads(json.dumps(event)) == {field: wire}
            assert getattr(event, field) == typed

    def test_deserialize_and_encoder_agree(self, field, wire, typed):
        """deserialize() with the field's annotation and format reads the same typed value."""
        descriptor = getattr(Stamps, field)
        assert deserialize(descriptor.annotation, wire, format=descriptor.format) == typed


class TestDatetimeText:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2024-05-06T07:08:09Z", datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)),
            ("2024-05-06t07:08:09z", datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)),
            (
                "2024-05-06T07:08:09+05:30",
                datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.timezone(datetime.timedelta(hours=5, minutes=30))),
            ),
            (
                "2024-05-06T07:08:09-0800",
                datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.timezone(datetime.timedelta(hours=-8))),
            ),
            ("2024-05-06T07:08:09.1Z", datetime.datetime(2024, 5, 6, 7, 8, 9, 100000, tzinfo=UTC)),
            ("2024-05-06T07:08:09.123456789Z", datetime.datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=UTC)),
            ("2024-05-06 07:08:09", datetime.datetime(2024, 5, 6, 7, 8, 9)),
        ],
    )
    def test_rfc3339_variants(self, text, expected):
        """Z (also on 3.9), offsets, 1 to 9 fractional digits and naive text all parse."""
        value = Stamps({"rfc3339": text}).rfc3339
        assert value == expected and value.utcoffset() == expected.utcoffset()

    def test_offsets_are_written_in_utc(self):
        """An aware datetime in another zone, and a naive one, are written as UTC with Z."""
        plus_two = datetime.timezone(datetime.timedelta(hours=2))
        assert Stamps(rfc3339=datetime.datetime(2024, 1, 1, 2, tzinfo=plus_two))["rfc3339"] == "2024-01-01T00:00:00Z"
        assert Stamps(rfc3339=datetime.datetime(2024, 1, 1))["rfc3339"] == "2024-01-01T00:00:00Z"
        assert Stamps(rfc7231=datetime.datetime(2024, 1, 1, 2, tzinfo=plus_two))["rfc7231"] == ("Mon, 01 Jan 2024 00:00:00 GMT")

    def test_float_timestamps_read(self):
        """A unix timestamp with a fraction keeps its microseconds."""
        assert Stamps.from_dict({"unix": 1.25}).unix == datetime.datetime(1970, 1, 1, 0, 0, 1, 250000, tzinfo=UTC)

    def test_python_39_has_no_z_in_fromisoformat(self):
        """The parser never relies on fromisoformat, which rejects Z before 3.11."""
        value = Stamps.from_json('{"rfc3339": "2024-05-06T07:08:09.5Z"}').rfc3339
        assert value == datetime.datetime(2024, 5, 6, 7, 8, 9, 500000, tzinfo=UTC)
        if sys.version_info < (3, 11):
            with pytest.raises(ValueError):
                datetime.datetime.fromisoformat("2024-05-06T07:08:09Z")


class TestDurationText:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("P1W", datetime.timedelta(weeks=1)),
            ("P1DT12H", datetime.timedelta(days=1, hours=12)),
            ("PT0.000001S", datetime.timedelta(microseconds=1)),
            ("PT1,5S", datetime.timedelta(seconds=1.5)),
            ("PT36H", datetime.timedelta(hours=36)),
            ("-P1D", datetime.timedelta(days=-1)),
            ("+PT5M", datetime.timedelta(minutes=5)),
            ("P0Y0M1D", datetime.timedelta(days=1)),
        ],
    )
    def test_iso_durations_parse(self, text, expected):
        """Weeks, days, fractions (with . or ,), signs and zero years all parse."""
        assert Stamps.from_dict({"iso": text}).iso == expected

    @pytest.mark.parametrize(
        ("value", "text"),
        [
            (datetime.timedelta(microseconds=1), "PT00.000001S"),
            (datetime.timedelta(days=1), "P1D"),
            (datetime.timedelta(days=1, seconds=1), "P1DT00H00M01S"),
            (datetime.timedelta(hours=-1, minutes=-1), "-PT01H01M00S"),
            (datetime.timedelta(days=-1, microseconds=-500000), "-P1DT00H00M00.5S"),
        ],
    )
    def test_iso_durations_format(self, value, text):
        """Fractional and negative durations are written exactly and read back equal."""
        event = Stamps(iso=value)
        assert event["iso"] == text
        assert Stamps.from_dict(event).iso == value

    @pytest.mark.parametrize("text", ["P1Y", "P2M", "P", "PT", "P1DT", "1D", "PT1.S", "P-1D"])
    def test_bad_durations_are_rejected(self, text):
        """Years, months, empty and malformed durations fail with the field's path."""
        with pytest.raises(ValidationError) as info:
            Stamps.from_dict({"iso": text})
        assert info.value.errors[0].path == "$.iso"
        assert info.value.errors[0].expected == "timedelta as ISO 8601 duration | None"

    def test_numeric_durations_take_the_unit_of_their_format(self):
        """duration-milliseconds-int stores whole milliseconds; seconds-float keeps fractions."""
        event = Stamps(millis=datetime.timedelta(seconds=-2.0015), seconds=datetime.timedelta(milliseconds=-250))
        assert event.as_dict() == {"millis": -2001, "seconds": -0.25}
        with pytest.raises(ValidationError, match=r"\$\.millis: expected `timedelta as duration-milliseconds-int"):
            Stamps.from_dict({"millis": 1.5})


class TestBytesText:
    def test_base64url_without_padding(self):
        """base64url is written without padding and read with or without it."""
        for length in range(6):
            data = bytes(range(250, 250 + length))
            text = Stamps(token=data)["token"]
            assert "=" not in text and "+" not in text and "/" not in text
            assert Stamps.from_dict({"token": text}).token == data
            assert Stamps.from_dict({"token": text + "=" * (-len(text) % 4)}).token == data

    def test_standard_base64_keeps_padding_and_accepts_none(self):
        """Standard base64 is written padded; unpadded text is accepted too."""
        assert Stamps(blob=b"a")["blob"] == "YQ=="
        assert Stamps.from_dict({"blob": "YQ"}).blob == b"a"
        assert Stamps(blob=bytearray(b"ab")).blob == b"ab"

    @pytest.mark.parametrize(("field", "text"), [("blob", "a-b_"), ("token", "a+b/"), ("blob", "abcde"), ("blob", "a b")])
    def test_wrong_alphabet_or_length_is_rejected(self, field, text):
        """Characters of the other alphabet and impossible lengths are errors, not guesses."""
        with pytest.raises(ValidationError, match=rf"\$\.{field}: expected `bytes as base64"):
            Stamps.from_dict({field: text})


class TestOtherFormats:
    def test_decimal_keeps_every_digit(self):
        """A Decimal a float cannot hold is stored as text, not rounded; others as a number."""
        exact = decimal.Decimal("1.1")
        precise = decimal.Decimal("3.14159265358979323846264338327950288")
        assert Stamps(price=exact)["price"] == 1.1
        assert Stamps(price=precise)["price"] == str(precise)
        assert Stamps.from_json(Stamps(price=precise).to_json()).price == precise
        assert Stamps.from_dict({"price": 3}).price == decimal.Decimal(3)

    def test_int_as_text(self):
        """int with format="str" takes digits with a sign, not spaces, underscores or floats."""
        assert Stamps({"big": 5}).big == 5  # Cls(mapping) trusts and keeps the JSON number
        assert Stamps.from_dict({"big": "-12"}).big == -12
        for bad in ("1_000", " 1", "1.0", True, 1.5):
            with pytest.raises(ValidationError, match=r"\$\.big: expected `int as str"):
                Stamps.from_dict({"big": bad})

    def test_delimited_items_must_not_contain_the_delimiter(self):
        """An item with the delimiter inside would read back as two, so it is refused with its index."""
        with pytest.raises(ValidationError) as info:
            Stamps(commas=["a", "b,c", 3])
        assert [(e.path, e.expected) for e in info.value.errors] == [
            ("$.commas[1]", "str without ','"),
            ("$.commas[2]", "str"),
        ]

    def test_delimited_accepts_the_typed_list_from_json(self):
        """A JSON array where a delimited string is expected is taken as the typed form."""
        assert Stamps.from_dict({"pipes": ["a", "b"]})["pipes"] == "a|b"

    def test_sets_only_where_the_annotation_says_set(self):
        """A set fills a set field; a list field refuses it, since a set has no order."""
        assert Stamps(kinds={"a"}).as_dict() == {"kinds": ["a"]}

        class Ordered(Model):
            names: List[str] = rest_field()

        with pytest.raises(ValidationError, match=r"\$\.names: expected `list\[str\]`, got `set`"):
            Ordered(names={"a"})

    def test_tuple_length_is_checked(self):
        """A fixed tuple takes exactly its length, each position checked on its own."""
        with pytest.raises(ValidationError) as info:
            Stamps.from_dict({"pair": [1, 2]})
        assert [(e.path, e.expected) for e in info.value.errors] == [("$.pair[1]", "str")]
        with pytest.raises(ValidationError, match=r"\$\.pair: expected `tuple\[int, str\]`"):
            Stamps.from_dict({"pair": [1, "a", 3]})

    def test_date_refuses_a_datetime(self):
        """A datetime in a date field would lose its time of day, so it is an error."""
        with pytest.raises(ValidationError, match=r"\$\.day: expected `date \| None`, got `datetime`"):
            Stamps(day=datetime.datetime(2024, 1, 1, 12))

    def test_reading_does_not_change_the_wire_view(self):
        """Reading a typed container gives a new typed copy; the event keeps its wire form."""
        event = Stamps.from_dict({"by_name": {"a": "2020-01-01"}, "seq": ["2020-01-01T00:00:00Z"]})
        assert event.by_name == {"a": datetime.date(2020, 1, 1)}
        assert event.seq == [datetime.datetime(2020, 1, 1, tzinfo=UTC)]
        assert event == {"by_name": {"a": "2020-01-01"}, "seq": ["2020-01-01T00:00:00Z"]}
        assert json.loads(json.dumps(event)) == event

    def test_unparseable_trusted_text_reads_as_itself(self):
        """Cls(mapping) trusts; a stored value that does not parse reads back unchanged."""
        event = Stamps({"rfc3339": "not a date", "blob": 5})
        assert event.rfc3339 == "not a date" and event.blob == 5
        with pytest.raises(ValidationError) as info:
            event.validate()
        assert [e.path for e in info.value.errors] == ["$.rfc3339", "$.blob"]

    def test_every_problem_is_reported_at_once(self):
        """Bad values of several formats are reported together, each with its path."""
        with pytest.raises(ValidationError) as info:
            Stamps.from_json(
                '{"rfc3339": "2024-13-01T00:00:00Z", "rfc7231": "yesterday", "unix": true, "day": "2024-02-30",'
                ' "clock": "25:00", "price": "abc", "seq": [5]}'
            )
        assert [e.path for e in info.value.errors] == [
            "$.rfc3339",
            "$.rfc7231",
            "$.unix",
            "$.day",
            "$.clock",
            "$.price",
            "$.seq[0]",
        ]
        assert str(info.value).splitlines()[1] == (
            "  $.rfc3339: expected `datetime as rfc3339 | None`, got `str` '2024-13-01T00:00:00Z'"
        )


class TestOverrides:
    def test_type_callable_builds_the_read_value(self):
        """rest_field(type=...) decides what a read returns: a model, an enum member or a call."""

        class Holder(Model):
            part: Optional[Dict[str, str]] = rest_field(type=Part)
            color: Optional[str] = rest_field(type=Color)
            count: Optional[str] = rest_field(type=int)

        event = Holder({"part": {"text": "t"}, "color": "red", "count": "7"})
        assert type(event.part) is Part and event.part.text == "t"
        assert event.color is Color.RED and Holder({"color": "mauve"}).color == "mauve"
        assert event.count == 7

    def test_deserializer_callable(self):
        """rest_field(deserializer=...) is called on the stored value at each read."""

        class Holder(Model):
            shout: Optional[str] = rest_field(deserializer=str.upper)

        assert Holder({"shout": "hi"}).shout == "HI"


class TestDeclaration:
    @pytest.mark.parametrize(
        ("annotation", "fmt"),
        [(datetime.datetime, "iso"), (bytes, "hex"), (datetime.timedelta, "duration-hours-int")],
    )
    def test_unknown_format_fails_at_definition(self, annotation, fmt):
        """A format the type has no codec for is a TypeError naming the formats it has."""
        with pytest.raises(TypeError, match=rf"Bad\.value: format='{fmt}' does not apply to .*: use one of"):

            class Bad(Model):
                value: annotation = rest_field(format=fmt)  # type: ignore[valid-type]

    def test_typed_defaults_are_stored_in_wire_form(self):
        """A datetime default fills the key with its text."""

        class Scheduled(Model):
            at: datetime.datetime = rest_field(default=datetime.datetime(2000, 1, 1, tzinfo=UTC))

        assert Scheduled().as_dict() == {"at": "2000-01-01T00:00:00Z"}
        assert Scheduled().at == datetime.datetime(2000, 1, 1, tzinfo=UTC)


class TestEncoderFormats:
    def test_typed_values_outside_models(self):
        """SdkJSONEncoder writes every typed value as its field would store it."""
        value = {
            "at": datetime.datetime(2024, 1, 1, tzinfo=UTC),
            "span": datetime.timedelta(seconds=-90),
            "price": decimal.Decimal("0.5"),
            "raw": b"\xff",
            "day": datetime.date(2024, 1, 1),
        }
        assert json.loads(json.dumps(value, cls=SdkJSONEncoder)) == {
            "at": "2024-01-01T00:00:00Z",
            "span": "-PT01M30S",
            "price": 0.5,
            "raw": "/w==",
            "day": "2024-01-01",
        }
        assert json.dumps(value["at"], cls=SdkJSONEncoder, format="unix-timestamp") == "1704067200"
        assert json.dumps(b"\xff", cls=SdkJSONEncoder, format="base64url") == '"_w"'

    def test_deserialize_union_of_formats(self):
        """deserialize() reads through Optional and unions of formatted types."""
        assert deserialize(Optional[datetime.date], "2024-01-01") == datetime.date(2024, 1, 1)
        assert deserialize(List[Optional[bytes]], ["YQ==", None]) == [b"a", None]
        assert deserialize(Union[int, str], "x") == "x"


def test_the_checking_test_of_bytes_text_agrees_with_decoding() -> None:
    """The checking path tests base64 text without decoding it; it must take exactly what decoding takes."""
    import itertools
    import random

    from azure_style_events._core import _formats

    rng = random.Random(7)
    pieces = ["A", "z", "0", "+", "/", "-", "_", "=", "==", "===", " ", "\n", "é", "\x00", "QUJD", "YQ"]
    samples = ["", "=", "QQ==", "QQ=", "QQ", "Q", "QUJD", "QUJDRA==", "QUJDRA", "QUJDR", "QU=JD", "QUJD\n"]
    samples += ["".join(rng.choice(pieces) for _ in range(rng.randrange(1, 9))) for _ in range(3000)]
    for text, fmt in itertools.product(samples, (None, "base64", "base64url")):
        try:
            _formats.decode_bytes(text, fmt)
            decodes = True
        except ValueError:
            decodes = False
        assert _formats.is_bytes_text(text, fmt) is decodes, (text, fmt)


def test_bytes_coding_agrees_with_the_base64_module() -> None:
    """Encoding and decoding go through binascii; they must give what the base64 module gives."""
    import base64
    import random

    from azure_style_events._core import _formats

    rng = random.Random(11)
    for size in list(range(0, 12)) + [rng.randrange(12, 4000) for _ in range(200)]:
        raw = bytes(rng.randrange(256) for _ in range(size))
        standard = base64.b64encode(raw).decode("ascii")
        urlsafe = base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")
        assert _formats.encode_bytes(raw) == standard
        assert _formats.encode_bytes(bytearray(raw), "base64url") == urlsafe
        assert _formats.decode_bytes(standard) == raw
        assert _formats.decode_bytes(standard.rstrip("=")) == raw
        assert _formats.decode_bytes(urlsafe, "base64url") == raw
        assert _formats.decode_bytes(urlsafe + "=" * (-len(urlsafe) % 4), "base64url") == raw
