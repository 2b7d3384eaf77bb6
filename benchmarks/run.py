"""Time azure_style_events against the stdlib floors and the peers, in one process.

    python benchmarks/run.py [--quick] [--json PATH] [--markdown]

Every number is the best of several ``timeit`` repeats, per call.  Ratios are
computed between numbers measured in this same run, so they compare like with like
on whatever machine runs it.  Peers (the Azure SDK's model base from
azure-ai-voicelive, pydantic, msgspec) come from the ``bench`` extra; a peer that
is not installed is left out.  ``--quick`` runs every workload a few times only, to
check that the benchmark works (CI does this); its timings mean nothing.
"""

from __future__ import annotations

import argparse
import gc
import json
import operator
import os
import platform
import sys
import timeit
import tracemalloc
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _subjects as subjects
import catalogs

NESTED_ITEMS = 2000
MEMORY_EVENTS = 10_000


class Clock:
    def __init__(self, quick: bool) -> None:
        self.quick = quick
        self.budget = 0.002 if quick else 0.02  # seconds per repeat
        self.repeats = 1 if quick else 15

    def per_call(self, stmt: str, names: Dict[str, Any]) -> float:
        """Best seconds per execution of ``stmt``."""
        timer = timeit.Timer(stmt, globals=names)
        number = 1
        while True:  # how many calls fill one repeat
            elapsed = timer.timeit(number)
            if elapsed >= self.budget / 4 or number >= 1_000_000:
                break
            number *= 4
        number = max(1, int(number * self.budget / max(elapsed, 1e-9)))
        gc.collect()
        return min(timer.repeat(repeat=self.repeats, number=number)) / number


# One workload: how each subject performs it, what the stdlib floor is.
# (key, label, floor label, floor statement, floor names, subject statement, names builder)
Names = Callable[[subjects.Subject], Optional[Dict[str, Any]]]


def _op_names(op: str, arg: Any) -> Names:
    def names(subject: subjects.Subject) -> Optional[Dict[str, Any]]:
        function = subject.ops.get(op)
        return None if function is None else {"f": function, "x": arg}

    return names


def _event_names(stmt_op: str) -> Names:
    def names(subject: subjects.Subject) -> Optional[Dict[str, Any]]:
        decode = subject.ops["decode"]
        assert decode is not None
        event = decode(subjects.EVENT_TEXT)
        function = subject.ops.get(stmt_op) if stmt_op else None
        if stmt_op and function is None:
            return None
        return {"ev": event, "f": function}

    return names


def _walk_names(text: str) -> Names:
    def names(subject: subjects.Subject) -> Optional[Dict[str, Any]]:
        decode, walk = subject.ops["nested_decode"], subject.ops["walk"]
        assert decode is not None and walk is not None
        return {"f": walk, "x": decode(text)}

    return names


def _construct_names(subject: subjects.Subject) -> Optional[Dict[str, Any]]:
    function = subject.ops.get("construct")
    return None if function is None else {"f": function}


def workloads() -> List[Tuple[str, str, str, str, Dict[str, Any], str, Names]]:
    event, text = subjects.EVENT, subjects.EVENT_TEXT
    nested_text = json.dumps(subjects.transcript(NESTED_ITEMS))
    plain_nested = json.loads(nested_text)
    loads, dumps = json.loads, json.dumps
    fields = ("item_id", "content_index", "audio_end_ms", "event_id")
    return [
        ("decode", "from_json, concrete class", "json.loads", "f(x)", {"f": loads, "x": text}, "f(x)", _op_names("decode", text)),
        (
            "dispatch",
            "from_json through ServerEvent",
            "json.loads",
            "f(x)",
            {"f": loads, "x": text},
            "f(x)",
            _op_names("dispatch", text),
        ),
        (
            "wrap",
            "mapping to event, trusting",
            "dict(mapping)",
            "f(x)",
            {"f": dict, "x": event},
            "f(x)",
            _op_names("wrap", event),
        ),
        (
            "validate",
            "mapping to event, validating",
            "dict(mapping)",
            "f(x)",
            {"f": dict, "x": event},
            "f(x)",
            _op_names("validate", event),
        ),
        (
            "construct",
            "keyword construction",
            "dict(**fields)",
            "f(**x)",
            {"f": dict, "x": {name: event[name] for name in fields}},
            "f()",
            _construct_names,
        ),
        (
            "reads",
            "3 attribute reads",
            "3 dict lookups",
            "ev['item_id']; ev['content_index']; ev['audio_end_ms']",
            {"ev": event},
            "ev.item_id; ev.content_index; ev.audio_end_ms",
            _event_names(""),
        ),
        ("as_dict", "as_dict()", "dict(d)", "f(x)", {"f": dict, "x": event}, "f(ev)", _event_names("as_dict")),
        ("to_json", "to_json()", "json.dumps(dict)", "f(x)", {"f": dumps, "x": event}, "f(ev)", _event_names("to_json")),
        (
            "nested_decode",
            f"decode {NESTED_ITEMS:,}-item transcript",
            "json.loads",
            "f(x)",
            {"f": loads, "x": nested_text},
            "f(x)",
            _op_names("nested_decode", nested_text),
        ),
        (
            "walk",
            f"walk {NESTED_ITEMS:,}-item transcript",
            "walk plain dicts",
            "f(x)",
            {"f": _walk_dicts, "x": plain_nested},
            "f(x)",
            _walk_names(nested_text),
        ),
    ]


def _walk_dicts(conversation: Dict[str, Any]) -> int:
    total = 0
    for item in conversation["entries"]:
        if item["type"] == "message":
            total += len(item["role"])
            for part in item["content"]:
                total += len(part["text"])
        else:
            total += len(item["name"]) + len(item["arguments"])
    return total


class _BareReads(dict):  # type: ignore[type-arg]
    """A bare dict subclass whose three fields are properties over ``operator.itemgetter``: what a
    field read here is, with nothing else (up to 3.11 the cheapest typed read over a dict's own
    storage; from 3.12 a plain ``property`` with a Python getter runs inline, which a
    ``property`` subclass such as the field descriptor cannot use: docs/performance.md)."""

    __slots__ = ()
    item_id = property(operator.itemgetter("item_id"))
    content_index = property(operator.itemgetter("content_index"))
    audio_end_ms = property(operator.itemgetter("audio_end_ms"))


def descriptor_floor(clock: Clock) -> float:
    """The "3 attribute reads" workload on :class:`_BareReads`: the floor of any one-storage design."""
    return clock.per_call("ev.item_id; ev.content_index; ev.audio_end_ms", {"ev": _BareReads(subjects.EVENT)})


def memory(decode: Callable[[str], Any]) -> int:
    """Bytes held by MEMORY_EVENTS events decoded with ``decode``."""
    texts = [subjects.EVENT_TEXT.replace("2718", f"{index:04}") for index in range(MEMORY_EVENTS)]
    gc.collect()
    tracemalloc.start()
    events = [decode(text) for text in texts]
    held = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del events
    return held


def scaling(clock: Clock) -> Dict[str, Dict[str, float]]:
    """Is decoding linear in payload size and in nesting depth?

    Times at 1x, 10x and 100x a payload give two marginal costs per unit (from 1x to
    10x, and from 10x to 100x); linear growth keeps them equal, so the figure is
    their ratio, 1.0 when linear.  ``json.loads``' own ratio is given alongside: the
    parser under us slows a little on big inputs too (memory traffic).
    """
    out: Dict[str, Dict[str, float]] = {}
    for label, build, decode, sizes in (
        ("items", subjects.transcript, subjects.Transcript.from_json, (200, 2000, 20000)),
        ("depth", subjects.chain, subjects.Node.from_json, (1, 10, 100)),
    ):
        row: Dict[str, float] = {}
        for name, function in (("ours", decode), ("json.loads", json.loads)):
            times = [clock.per_call("f(x)", {"f": function, "x": json.dumps(build(size))}) for size in sizes]
            low = (times[1] - times[0]) / (sizes[1] - sizes[0])
            high = (times[2] - times[1]) / (sizes[2] - sizes[1])
            row[name] = high / low
        out[label] = row
    return out


# (workload, what is compared, target ratio): ours / reference must be <= target.
TARGETS = [
    ("decode", "floor", 1.3),
    ("dispatch", "floor", 1.3),
    ("reads", "floor", 2.5),
    ("to_json", "floor", 1.3),
    ("nested_decode", "floor", 2.5),
    ("decode", "Azure base", 0.1),
    ("dispatch", "Azure base", 0.1),
    ("as_dict", "Azure base", 0.1),
    ("reads", "Azure base", 1 / 30),
    ("validate", "pydantic", 0.6),
    ("construct", "pydantic", 0.7),
    ("as_dict", "pydantic", 0.5),
]


def run(quick: bool) -> Dict[str, Any]:
    clock = Clock(quick)
    everyone = [subjects.OURS, *subjects.PEERS]
    results: Dict[str, Dict[str, Any]] = {}
    for key, label, floor_label, floor_stmt, floor_names, stmt, names_for in workloads():
        row: Dict[str, Any] = {"label": label, "floor_label": floor_label}
        row["floor"] = clock.per_call(floor_stmt, floor_names)
        for subject in everyone:
            names = names_for(subject)
            row[subject.name] = None if names is None else clock.per_call(stmt, names)
        results[key] = row
    results["reads"]["descriptor floor"] = descriptor_floor(clock)
    mem = {"plain dicts": memory(json.loads)}
    for subject in everyone:
        decode = subject.ops["decode"]
        assert decode is not None
        mem[subject.name] = memory(decode)
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.system()}",
        "processor": platform.processor() or platform.machine(),
        "quick": quick,
        "peers": [subject.name for subject in subjects.PEERS],
        "results": results,
        "memory_bytes": mem,
        "scaling": scaling(clock),
        "catalogs": catalogs.run_catalogs(clock, quick),
        "testkit": _testkit(quick),
    }


def _testkit(quick: bool) -> Optional[Dict[str, float]]:
    """Starting and stopping a ReplayServer, and a whole replay (``None`` without the testing extra)."""
    try:
        import testkit
    except ImportError:
        return None
    return testkit.measure(quick)


def _peer_key(report: Dict[str, Any], prefix: str) -> Optional[str]:
    return next((name for name in report["peers"] if name.startswith(prefix)), None)


def targets(report: Dict[str, Any]) -> List[Dict[str, Any]]:
    ours = subjects.OURS.name
    out = []
    kit = report.get("testkit")
    if kit:
        out.append(
            {
                "workload": "ReplayServer start + stop (ms)",
                "against": "50 ms",
                "target": 1.0,
                "measured": kit["start_stop_ms"] / 50,
                "met": kit["start_stop_ms"] <= 50,
            }
        )
    for key, against, target in TARGETS:
        row = report["results"][key]
        reference_key = "floor" if against == "floor" else _peer_key(report, against)
        reference = row.get(reference_key) if reference_key else None
        measured = None if reference in (None, 0) else row[ours] / reference
        label = row["floor_label"] if against == "floor" else against
        out.append(
            {
                "workload": row["label"],
                "against": label,
                "target": target,
                "measured": measured,
                "met": None if measured is None else measured <= target,
            }
        )
    mem = report["memory_bytes"]
    ratio = mem[ours] / mem["plain dicts"]
    out.append(
        {
            "workload": f"memory of {MEMORY_EVENTS:,} events",
            "against": "plain dicts",
            "target": 1.1,
            "measured": ratio,
            "met": ratio <= 1.1,
        }
    )
    for label, row in report["scaling"].items():
        # Compared with the parser's own figure: deep recursion slows json.loads too.
        measured = row["ours"] / row["json.loads"]
        out.append(
            {
                "workload": f"growth of decode cost per unit, 1x-10x to 10x-100x {label}",
                "against": "json.loads'",
                "target": 1.25,
                "measured": measured,
                "met": measured <= 1.25,
            }
        )
    return out + catalogs.catalog_targets(report["catalogs"])


def _time(seconds: Optional[float]) -> str:
    if seconds is None:
        return "n/a"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    if seconds >= 1e-6:
        return f"{seconds * 1e6:.2f} µs"
    return f"{seconds * 1e9:.0f} ns"


def _ratio(value: Optional[float]) -> str:
    if value is None:
        return "n/a"
    return f"{value:.2f}×" if value >= 0.1 else f"1/{1 / value:.0f}"


def markdown(report: Dict[str, Any]) -> str:
    ours = subjects.OURS.name
    peers = report["peers"]
    lines = [
        f"CPython {report['python']} on {report['machine']} ({report['processor']}); "
        f"best of {1 if report['quick'] else 15} `timeit` repeats, per call.",
        "",
        "| workload | floor | ours | ours / floor | " + " | ".join(f"{peer} (ours / it)" for peer in peers) + " |",
        "| --- | --- | --- | --- | " + " | ".join("---" for _ in peers) + " |",
    ]
    for row in report["results"].values():
        cells = [
            row["label"],
            f"{row['floor_label']}: {_time(row['floor'])}",
            _time(row[ours]),
            _ratio(row[ours] / row["floor"]),
        ]
        for peer in peers:
            theirs = row.get(peer)
            cells.append("n/a" if theirs is None else f"{_time(theirs)} ({_ratio(row[ours] / theirs)})")
        lines.append("| " + " | ".join(cells) + " |")
    mem = report["memory_bytes"]
    lines.append(
        f"| memory of {MEMORY_EVENTS:,} events | plain dicts: {mem['plain dicts'] / 1e6:.2f} MB | "
        f"{mem[ours] / 1e6:.2f} MB | {_ratio(mem[ours] / mem['plain dicts'])} | "
        + " | ".join(f"{mem[peer] / 1e6:.2f} MB ({_ratio(mem[ours] / mem[peer])})" for peer in peers)
        + " |"
    )
    reads = report["results"]["reads"]
    lines += [
        "",
        "3 attribute reads on a bare dict subclass whose fields are `property(operator.itemgetter(key))` "
        f"(a field read here, with nothing else): {_time(reads['descriptor floor'])}; "
        f"ours ÷ it: {_ratio(reads[ours] / reads['descriptor floor'])}, "
        f"it ÷ 3 dict lookups: {_ratio(reads['descriptor floor'] / reads['floor'])}.",
    ]
    lines += ["", "| target | measured | met |", "| --- | --- | --- |"]
    for row in targets(report):
        met = "n/a" if row["met"] is None else ("yes" if row["met"] else "**no**")
        lines.append(
            f"| {row['workload']}: ours / {row['against']} ≤ {_ratio(row['target'])} | {_ratio(row['measured'])} | {met} |"
        )
    scaling_cells = "; ".join(
        f"{label}: ours {_ratio(row['ours'])} (json.loads {_ratio(row['json.loads'])})"
        for label, row in report["scaling"].items()
    )
    lines += [
        "",
        "Scaling (decode cost per unit from 10× to 100× a payload, over the cost from 1× to 10×; "
        f"1.00× is linear): {scaling_cells}.",
    ]
    lines.append(catalogs.catalog_markdown(report["catalogs"], _time, _ratio))
    kit = report.get("testkit")
    if kit:
        lines += [
            "",
            f"`ReplayServer` start + stop: {kit['start_stop_ms']:.2f} ms (bound 50 ms); a whole replay of the "
            f"bundled sample with a `websockets` client, start to stop: {kit['replay_sample_ms']:.1f} ms.",
        ]
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="run each workload briefly (checks it works)")
    parser.add_argument("--json", metavar="PATH", help="also write the report as JSON")
    args = parser.parse_args(argv)
    if not subjects.PEERS:
        print("no peers installed (pip install -e '.[bench]'): timing ours against the floors only")
    report = run(args.quick)
    report["targets"] = targets(report)
    print(markdown(report))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
