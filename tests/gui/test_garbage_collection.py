"""The cycle collector runs on the UI timer between events, with automatic collection off."""

from __future__ import annotations

import gc

from nurse_monitor.ui.garbage_collection import CollectBetweenEvents


def test_cycles_are_collected_on_the_timer_and_automatic_collection_comes_back(qapp) -> None:  # type: ignore[no-untyped-def]
    collector = CollectBetweenEvents()
    collector.start()
    try:
        assert not gc.isenabled() and collector.timer.isActive()
        for _ in range(collector.thresholds[0] + 1):  # cycles only the collector can free
            node: list[object] = []
            node.append(node)
        assert collector.collect() >= 1
        # The young generation emptied: nothing due from it until it fills again. (An older
        # generation may come due next, depending on what earlier tests left: not asserted.)
        assert gc.get_count()[0] < collector.thresholds[0]
    finally:
        collector.stop()
    assert gc.isenabled() and not collector.timer.isActive()
