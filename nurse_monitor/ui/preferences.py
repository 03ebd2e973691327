"""UI preferences in a typed wrapper over QSettings (tests pass a temporary INI file).

Clinical configuration (protocols, limits) is data with provenance in resources/; what lives
here is how this station shows things. Values marked "ours" are design defaults, not clinical
numbers, and the preferences dialog says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import QByteArray, QSettings

THEMES = ("light", "dark", "high_contrast")
DATE_FORMATS = ("%d %b %Y", "%Y-%m-%d", "%m/%d/%Y", "%d/%m/%Y")
PAGE_SIZES = ("A4", "Letter")


@dataclass(frozen=True)
class Limits:
    low: int
    high: int


LIMITS = {
    "chime_volume": Limits(0, 100),
    "alarm_repeat_seconds": Limits(15, 600),
    "overdue_after_minutes": Limits(1, 30),
    "idle_lock_minutes": Limits(1, 120),
}
DEFAULTS: dict[str, object] = {
    "temperature_unit": "C",
    "date_format": DATE_FORMATS[0],
    "chime_volume": 70,
    "alarm_repeat_seconds": 60,  # ours: how often an overdue alarm chimes again
    "overdue_after_minutes": 5,  # ours: a due item turns from amber to red after this
    "idle_lock_minutes": 10,  # ours
    "facility_name": "Infusion Center",
    "theme": "light",
    "page_size": "A4",
    "scanner_gs_stand_in": "",  # none: the scan field keeps the GS itself
}


ZOOM_LIMITS = (80, 200)  # design default (ours)


class Preferences:
    """This station's preferences. Every setter checks its value and names what is allowed."""

    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    @classmethod
    def for_station(cls) -> Preferences:
        return cls(QSettings())

    def _get(self, key: str) -> object:
        return self._settings.value(key, DEFAULTS[key])

    def _int(self, key: str) -> int:
        value = self._get(key)
        try:
            number = int(str(value))
        except ValueError:
            return int(str(DEFAULTS[key]))
        limits = LIMITS[key]
        return number if limits.low <= number <= limits.high else int(str(DEFAULTS[key]))

    def _set_int(self, key: str, value: int, label: str) -> None:
        limits = LIMITS[key]
        if not limits.low <= value <= limits.high:
            raise ValueError(f"{label}: {limits.low} to {limits.high}")
        self._settings.setValue(key, value)

    def _choice(self, key: str, allowed: tuple[str, ...]) -> str:
        value = str(self._get(key))
        return value if value in allowed else str(DEFAULTS[key])

    def _set_choice(self, key: str, value: str, allowed: tuple[str, ...], label: str) -> None:
        if value not in allowed:
            raise ValueError(f"{label}: one of {', '.join(allowed)}")
        self._settings.setValue(key, value)

    @property
    def temperature_unit(self) -> str:
        return self._choice("temperature_unit", ("C", "F"))

    @temperature_unit.setter
    def temperature_unit(self, value: str) -> None:
        self._set_choice("temperature_unit", value, ("C", "F"), "Temperature unit")

    @property
    def date_format(self) -> str:
        return self._choice("date_format", DATE_FORMATS)

    @date_format.setter
    def date_format(self, value: str) -> None:
        self._set_choice("date_format", value, DATE_FORMATS, "Date format")

    @property
    def chime_volume(self) -> int:
        return self._int("chime_volume")

    @chime_volume.setter
    def chime_volume(self, value: int) -> None:
        self._set_int("chime_volume", value, "Chime volume")

    @property
    def alarm_repeat_seconds(self) -> int:
        return self._int("alarm_repeat_seconds")

    @alarm_repeat_seconds.setter
    def alarm_repeat_seconds(self, value: int) -> None:
        self._set_int("alarm_repeat_seconds", value, "Alarm repeat interval (s)")

    @property
    def overdue_after_minutes(self) -> int:
        return self._int("overdue_after_minutes")

    @overdue_after_minutes.setter
    def overdue_after_minutes(self, value: int) -> None:
        self._set_int("overdue_after_minutes", value, "Overdue after (min)")

    @property
    def idle_lock_minutes(self) -> int:
        return self._int("idle_lock_minutes")

    @idle_lock_minutes.setter
    def idle_lock_minutes(self, value: int) -> None:
        self._set_int("idle_lock_minutes", value, "Idle lock (min)")

    @property
    def scanner_gs_stand_in(self) -> str:
        """A printable character this site's scanners send in place of GS (0x1D), if any."""
        value = str(self._get("scanner_gs_stand_in"))
        return value if len(value) == 1 and value.isprintable() and not value.isalnum() else ""

    @scanner_gs_stand_in.setter
    def scanner_gs_stand_in(self, value: str) -> None:
        if value and (len(value) != 1 or not value.isprintable() or value.isalnum()):
            raise ValueError(
                "Scanner stand-in for GS: empty, or one printable character that is not a "
                "letter or digit (such as ^ or |)"
            )
        self._settings.setValue("scanner_gs_stand_in", value)

    @property
    def facility_name(self) -> str:
        return str(self._get("facility_name")).strip() or str(DEFAULTS["facility_name"])

    @facility_name.setter
    def facility_name(self, value: str) -> None:
        if not value.strip() or len(value) > 120:
            raise ValueError("Facility name: 1 to 120 characters")
        self._settings.setValue("facility_name", value.strip())

    @property
    def theme(self) -> str:
        return self._choice("theme", THEMES)

    @theme.setter
    def theme(self, value: str) -> None:
        self._set_choice("theme", value, THEMES, "Theme")

    @property
    def page_size(self) -> str:
        return self._choice("page_size", PAGE_SIZES)

    @page_size.setter
    def page_size(self, value: str) -> None:
        self._set_choice("page_size", value, PAGE_SIZES, "Page size")

    @property
    def mute_until(self) -> datetime | None:
        """This station's sound is muted until this time (UTC), if set."""
        text = str(self._settings.value("mute_until", "") or "")
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

    @mute_until.setter
    def mute_until(self, value: datetime | None) -> None:
        self._settings.setValue("mute_until", value.isoformat() if value else "")

    @property
    def window_geometry(self) -> QByteArray | None:
        """The main window's size and place when it last closed (Qt's saveGeometry)."""
        value = self._settings.value("window_geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @window_geometry.setter
    def window_geometry(self, value: QByteArray) -> None:
        self._settings.setValue("window_geometry", value)

    @property
    def zoom_percent(self) -> int:
        """Text size on this station, 80 to 200 % of the system's (Ctrl+ and Ctrl-)."""
        try:
            value = int(str(self._settings.value("zoom_percent", 100)))
        except ValueError:
            return 100
        return min(max(value, ZOOM_LIMITS[0]), ZOOM_LIMITS[1])

    @zoom_percent.setter
    def zoom_percent(self, value: int) -> None:
        self._settings.setValue("zoom_percent", min(max(value, ZOOM_LIMITS[0]), ZOOM_LIMITS[1]))

    def sync(self) -> None:
        self._settings.sync()
