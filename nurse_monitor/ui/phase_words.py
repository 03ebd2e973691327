"""The infusion's phase as the screens name it (board, lock screen, workspace, handoff)."""

from __future__ import annotations

from nurse_monitor.domain.session_record import Phase
from nurse_monitor.services.record_words import phase_label as record_phase_label


def phase_label(phase: Phase | str) -> str:
    return record_phase_label(phase.value if isinstance(phase, Phase) else phase)
