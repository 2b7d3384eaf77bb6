"""Many threads using fresh classes, and one event, at the same time."""

import threading
from typing import Any, List

from azure_style_events import ServerEventConversationItemTruncated

THREADS = 32


def run_together(target, count=THREADS):
    barrier = threading.Barrier(count)
    results: List[Any] = [None] * count
    errors: List[BaseException] = []

    def worker(index):
        try:
            barrier.wait()
            results[index] = target(index)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


def fresh_classes(make_module):
    """Classes with forward references that nobody has used yet."""
    return make_module(
        "from typing import ClassVar, Dict, List, Optional, Type\n"
        "from typing_extensions import Literal\n"
        "from azure_style_events import Model, rest_field, rest_discriminator\n"
        "class Base(Model):\n"
        "    __mapping__: ClassVar[Dict[str, Type[Model]]] = {}\n"
        "    kind: str = rest_discriminator(name='kind')\n"
        "class Tree(Base, discriminator='tree'):\n"
        "    kind: Literal['tree'] = rest_discriminator(name='kind')\n"
        "    leaves: List['Leaf'] = rest_field()\n"
        "    parent: Optional['Tree'] = rest_field(default=None)\n"
        "class Leaf(Model):\n"
        "    weight: int = rest_field()\n"
    ).__dict__


def test_first_use_of_fresh_classes_from_many_threads(make_module):
    """32 threads using never-used classes at once all get correct, equal results."""
    for _ in range(5):
        ns = fresh_classes(make_module)
        wire = {"kind": "tree", "leaves": [{"weight": 1}, {"weight": 2}], "parent": {"kind": "tree", "leaves": []}}

        def use(index, ns=ns, wire=wire):
            tree = ns["Base"].from_dict(wire)
            return (
                type(tree).__name__,
                type(tree.leaves[1]).__name__,
                tree.leaves[1].weight,
                type(tree.parent).__name__,
                tree.as_dict(),
            )

        results = run_together(use)
        assert all(result == ("Tree", "Leaf", 2, "Tree", wire) for result in results)


def test_many_threads_reading_and_writing_one_event():
    """Concurrent attribute writes and reads never corrupt the event."""
    event = ServerEventConversationItemTruncated(item_id="i", content_index=0, audio_end_ms=0)

    def hammer(index):
        for step in range(2000):
            event.audio_end_ms = index * 10000 + step
            value = event.audio_end_ms
            assert isinstance(value, int)
            assert event["item_id"] == "i"
        return True

    assert all(run_together(hammer, 16))
    event.validate()
    assert list(event) == ["type", "item_id", "content_index", "audio_end_ms"]


def test_concurrent_first_resolution_publishes_one_adapter(make_module):
    """Threads resolving one forward reference at once all get the same adapter object."""
    ns = fresh_classes(make_module)
    reference = ns["Tree"].leaves.adapter.item  # the List['Leaf'] element, not yet resolved
    adapters = run_together(lambda index: reference.resolve())
    assert all(adapter is adapters[0] for adapter in adapters)
    assert adapters[0].expected == "Leaf"


def test_first_keyword_construction_and_from_dict_from_many_threads(make_module):
    """32 threads building never-used classes by keywords and from_dict at once, while they are generated."""
    for _ in range(5):
        ns = fresh_classes(make_module)

        def use(index, ns=ns):
            leaf = ns["Leaf"](weight=index)
            tree = ns["Tree"](leaves=[leaf, {"weight": 1}])
            again = ns["Tree"].from_dict({"kind": "tree", "leaves": [{"weight": index}]})
            return (leaf.weight, type(tree.leaves[1]).__name__, tree.kind, again.leaves[0].weight)

        assert run_together(use) == [(index, "Leaf", "tree", index) for index in range(THREADS)]
