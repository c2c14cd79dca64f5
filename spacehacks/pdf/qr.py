"""QR codes for the way back from paper: a printed web address also as a QR code, drawn
as vector shapes. segno writes each code as one SVG path, made here in memory; the
templates point an <img> at it (with the address as its alternative text, so the
picture is tagged) and the fetcher serves it from here, never from a file or the
network."""

from __future__ import annotations

import hashlib
import io

import segno

SCHEME = "drawn:"  # the URLs of pictures made here


class Drawn:
    """The QR codes an edition prints, by URL."""

    def __init__(self):
        self.pictures: dict[str, bytes] = {}

    def qr(self, address: str) -> str:
        """The URL of the QR code of `address`, made once."""
        url = f"{SCHEME}qr-{hashlib.sha256(address.encode()).hexdigest()[:16]}.svg"
        if url not in self.pictures:
            self.pictures[url] = qr_svg(address)
        return url


def qr_svg(address: str) -> bytes:
    """The QR code of an address, as SVG: error correction level M (a code still reads
    with about a sixth of it smudged or torn), the quiet zone of four modules around it
    that readers need, and a viewBox so it prints at any size."""
    code = segno.make(address, error="m", micro=False, boost_error=False)
    out = io.BytesIO()
    code.save(out, kind="svg", xmldecl=False, border=4, omitsize=True, dark="#000000",
              nl=False)
    return out.getvalue()
