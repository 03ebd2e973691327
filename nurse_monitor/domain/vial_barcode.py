"""A GS1 DataMatrix on a vial or bag, as a keyboard-wedge scanner types it, read with biip.

The scanner sends the symbology prefix `]d2`, then application identifiers: 01 GTIN, 17 expiry
(YYMMDD), 10 lot, 21 serial, with the GS character (0x1D) ending each variable-length field. A
field that dropped GS cannot tell where the lot ends; the scan field keeps it (see
ui/scan_field.py), or a site configures its scanners to send a printable replacement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from biip import ParseConfig, ParseError, parse

GS = "\x1d"
# What the scan field puts in place of GS, so it survives a QLineEdit (U+241D, the visible
# "symbol for group separator").
GS_SHOWN = "\u241d"


class BarcodeError(ValueError):
    """The text is not a GS1 vial code this program can read."""


@dataclass(frozen=True)
class VialBarcode:
    gtin: str
    expiry: date | None
    lot: str | None
    serial: str | None


def looks_like_gs1(text: str) -> bool:
    """A scan rather than a typed lot: the DataMatrix prefix, a GS, or AI 01 with 14 digits."""
    body = text.strip()
    return (
        body.startswith("]d2")
        or GS in body
        or GS_SHOWN in body
        or (body.startswith("01") and len(body) >= 16 and body[2:16].isdigit())
    )


def parse_vial_barcode(text: str, replacement: str = "") -> VialBarcode:
    """The GTIN, expiry, lot and serial in a scanned GS1 code.

    Args:
        text: what the scanner typed, GS kept (or shown as U+241D).
        replacement: a printable character the site's scanners send instead of GS, if any.

    Raises:
        BarcodeError: not a GS1 code with a valid GTIN (AI 01).
    """
    value = text.strip().replace(GS_SHOWN, GS)
    if replacement:
        value = value.replace(replacement, GS)
    try:
        result = parse(value, config=ParseConfig(separator_chars=[GS]))
    except ParseError as exc:
        raise BarcodeError(f"not a GS1 code this program can read ({exc})") from None
    message = result.gs1_message
    if message is None:
        raise BarcodeError("not a GS1 code: no application identifiers found")
    found = {element.ai.ai: element for element in message.element_strings}
    gtin = found.get("01")
    if gtin is None:
        raise BarcodeError("the code has no product number (GTIN, AI 01)")
    if gtin.gtin_error:
        raise BarcodeError(f"the product number is damaged: {gtin.gtin_error}")
    expiry = found.get("17")
    lot = found.get("10")
    serial = found.get("21")
    return VialBarcode(
        gtin=gtin.value,
        expiry=expiry.date if expiry is not None else None,
        lot=lot.value if lot is not None else None,
        serial=serial.value if serial is not None else None,
    )


def vial_refusal(
    vial: VialBarcode, brand: str, listed_gtins: tuple[str, ...], today: date
) -> str | None:
    """Why this vial must not be used, in the nurse's words; None if nothing stops it.

    `today` is the station's local date. A protocol that lists no product codes cannot check the
    product: the caller says so, and the nurse reads the product name off the label.
    """
    if vial.expiry is not None and vial.expiry < today:
        return f"this vial expired on {vial.expiry:%d %b %Y}: do not use it"
    if listed_gtins and vial.gtin not in listed_gtins:
        return (
            f"product code {vial.gtin} is not {_a(brand)} {brand} product this protocol lists "
            f"({', '.join(listed_gtins)}): check that this is the right drug"
        )
    return None


def _a(word: str) -> str:
    """ "an Ocrevus", "a Tysabri": the article before a product name."""
    return "an" if word[:1].lower() in "aeiou" else "a"
