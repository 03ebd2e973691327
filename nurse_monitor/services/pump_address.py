"""The address a station's pump listener listens on: the defaults and the checks of what a
nurse types for it. Apart so that the station's preferences (read at every start) name the
defaults without importing the listener, its asyncio server and the HL7 library.
"""

from __future__ import annotations

import ipaddress

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 2575  # IANA: HL7 over MLLP


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def clean_listen_host(host: str) -> str:
    """The address to listen on: an IP address (127.0.0.1: this computer only; 0.0.0.0: every
    network interface) or `localhost`; anything else refused naming the field."""
    text = host.strip()
    if text.lower() == "localhost":
        return "localhost"
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        raise ValueError(
            "Pump link address: an IP address of this computer, such as 127.0.0.1 (this "
            "computer only) or 0.0.0.0 (every network interface)"
        ) from None


def clean_listen_port(port: str | int) -> int:
    """The port to listen on, 1 to 65535 (2575 is the one registered for HL7 over MLLP)."""
    text = str(port).strip()
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise ValueError("Pump link port: a whole number from 1 to 65535 (HL7 over MLLP: 2575)")
    return int(text)
