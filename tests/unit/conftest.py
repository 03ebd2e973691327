"""Fixtures for the domain tests: the protocol library; Hypothesis writes no example database."""

from __future__ import annotations

import pytest
from hypothesis import settings

from nurse_monitor.domain.protocol_files import load_protocol_library
from nurse_monitor.domain.protocols import Protocol
from tests.unit.nurse import PROTOCOLS_DIR

settings.register_profile("unit", database=None)
settings.load_profile("unit")


@pytest.fixture(scope="session")
def library() -> dict[str, Protocol]:
    return load_protocol_library(PROTOCOLS_DIR)
