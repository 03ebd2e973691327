"""A vial's GS1 DataMatrix as a wedge scanner types it: GTIN, expiry, lot and serial, and the
refusals of an expired vial or a product the protocol does not list."""

from __future__ import annotations

from datetime import date

import pytest

from nurse_monitor.domain.protocol_files import ProtocolFileError, load_protocol_library
from nurse_monitor.domain.vial_barcode import (
    GS,
    GS_SHOWN,
    BarcodeError,
    looks_like_gs1,
    parse_vial_barcode,
    vial_refusal,
)
from nurse_monitor.paths import resource

OCREVUS_GTIN = "00350242150019"  # NDC 50242-150-01: "003" + 5024215001 + check digit 9
SCAN = f"]d201{OCREVUS_GTIN}17270131" + f"10H0123B{GS}21SN0042"


def test_a_scan_gives_gtin_expiry_lot_and_serial() -> None:
    vial = parse_vial_barcode(SCAN)
    assert (vial.gtin, vial.expiry, vial.lot, vial.serial) == (
        OCREVUS_GTIN,
        date(2027, 1, 31),
        "H0123B",
        "SN0042",
    )
    # The same with GS kept visibly by the scan field, or a site's printable stand-in.
    assert parse_vial_barcode(SCAN.replace(GS, GS_SHOWN)) == vial
    assert parse_vial_barcode(SCAN.replace(GS, "|"), replacement="|") == vial
    assert looks_like_gs1(SCAN) and not looks_like_gs1("H0123B")


def test_a_damaged_code_is_refused_with_a_reason() -> None:
    with pytest.raises(BarcodeError, match="product number is damaged"):
        parse_vial_barcode(SCAN.replace(OCREVUS_GTIN, "00350242150018"))
    with pytest.raises(BarcodeError):
        parse_vial_barcode("]d2hello")


def test_expired_or_unlisted_product_is_refused_on_the_station_date() -> None:
    vial = parse_vial_barcode(SCAN)
    listed = (OCREVUS_GTIN,)
    assert vial_refusal(vial, "Ocrevus", listed, date(2027, 1, 31)) is None
    assert "expired on 31 Jan 2027" in str(vial_refusal(vial, "Ocrevus", listed, date(2027, 2, 1)))
    other = parse_vial_barcode(SCAN.replace(OCREVUS_GTIN, "00350242554015"))
    assert "is not an Ocrevus product this protocol lists" in str(
        vial_refusal(other, "Ocrevus", listed, date(2026, 12, 4))
    )
    assert "is not a Tysabri product this protocol lists" in str(
        vial_refusal(other, "Tysabri", listed, date(2026, 12, 4))
    )
    assert vial_refusal(other, "Rituximab", (), date(2026, 12, 4)) is None  # nothing to check


def test_the_ocrevus_iv_protocols_list_the_vial_gtin_and_others_none() -> None:
    library = load_protocol_library(resource("protocols"))
    for protocol in library.values():
        expected = (OCREVUS_GTIN,) if protocol.id.startswith("ocrevus-iv") else ()
        assert protocol.product_gtins == expected, protocol.id


def test_a_protocol_gtin_with_a_wrong_check_digit_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = resource("protocols/ocrevus-iv-initial.toml").read_text(encoding="utf-8")
    (tmp_path / "bad.toml").write_text(text.replace(OCREVUS_GTIN, "00350242150018"), "utf-8")
    with pytest.raises(ProtocolFileError, match="wrong GS1 check digit"):
        load_protocol_library(tmp_path)
