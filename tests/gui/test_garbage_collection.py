"""The cycle collector runs on the UI timer between events, with automatic collection off."""

from __future__ import annotations

import gc
import weakref

from nurse_monitor.ui.garbage_collection import CollectBetweenEvents


class Cycle:
    """An object that refers to itself: only the cycle collector can free it."""

    def __init__(self) -> None:
        self.me = self


def test_cycles_are_collected_on_the_timer_and_automatic_collection_comes_back(qapp) -> None:  # type: ignore[no-untyped-def]
    collector = CollectBetweenEvents()
    collector.start()
    try:
        assert not gc.isenabled() and collector.timer.isActive()
        # Twice the young generation's threshold, so that it is due whatever other threads
        # allocate or free meanwhile; nothing else here depends on the collector's counts.
        cycles = [weakref.ref(Cycle()) for _ in range(2 * collector.thresholds[0])]
        assert sum(ref() is not None for ref in cycles) == len(cycles)  # automatic: off
        assert collector.collect() >= len(cycles)
        assert [ref for ref in cycles if ref() is not None] == []  # every cycle freed
    finally:
        collector.stop()
    assert gc.isenabled() and not collector.timer.isActive()
