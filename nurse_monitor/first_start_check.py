"""Before the window opens on Linux: are the system libraries Qt's xcb plugin loads present?

Qt's own message for a missing one ("Reinstalling the application may fix this problem") points
the wrong way: the fix is a system package. This check names the package and the exact
`apt-get install` line. Standard library only, so `make run` can call it with the system Python
before it spends minutes installing (`python3 -m nurse_monitor.first_start_check`).
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Iterable

# The shared libraries PySide6's libqxcb.so and libQt6XcbQpa.so.6 need (objdump -p, NEEDED) that
# a fresh Debian or Ubuntu desktop may lack, with the Debian package that carries each.
XCB_PLUGIN_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
}

EXIT_MISSING = 3


def loads(library: str) -> bool:
    """True when the dynamic loader finds `library` (the same search Qt's plugin load makes)."""
    try:
        ctypes.CDLL(library)
    except OSError:
        return False
    return True


def missing_packages(
    libraries: dict[str, str] = XCB_PLUGIN_LIBRARIES, found: Callable[[str], bool] = loads
) -> list[str]:
    """The packages to install, one per missing library, in a stable order without repeats."""
    return sorted({package for library, package in libraries.items() if not found(library)})


def install_line(packages: Iterable[str]) -> str:
    return "sudo apt-get install -y " + " ".join(packages)


def needs_xcb(platform: str = sys.platform, environ: dict[str, str] | None = None) -> bool:
    """Linux, and Qt will try the xcb plugin (no other platform was asked for)."""
    env = os.environ if environ is None else environ
    chosen = env.get("QT_QPA_PLATFORM", "")
    return platform.startswith("linux") and (chosen == "" or chosen.startswith("xcb"))


def message(packages: list[str]) -> str:
    return (
        "Nurse Monitor cannot open its window yet: the system libraries Qt needs to draw on this\n"
        "Linux desktop (its xcb plugin) are missing. Install them, then start again:\n\n"
        f"    {install_line(packages)}\n"
    )


def main(
    platform: str | None = None,
    environ: dict[str, str] | None = None,
    found: Callable[[str], bool] | None = None,
) -> int:
    """0 when the window can open (or this is not Linux on xcb); otherwise print the fix."""
    if not needs_xcb(platform or sys.platform, environ):
        return 0
    packages = missing_packages(found=found or loads)
    if not packages:
        return 0
    print(message(packages), file=sys.stderr)
    return EXIT_MISSING


if __name__ == "__main__":
    sys.exit(main())
