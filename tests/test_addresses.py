"""The web edition's addresses: one function for the site's folders and the printed
addresses, so a card's address is the page the site writes."""

from __future__ import annotations

from spacehacks.editions.addresses import DOWNLOADS, address, folder
from spacehacks.reading.model import Hack, Part, Section


def test_each_place_has_its_folder_and_address(tmp_path):
    hack = Hack(title="t", summary="s", tags=["a"], programs=["all"], slug="one-voice-leads",
                path=tmp_path / "one-voice-leads.md")
    part = Part(title="Prevention", kind="hacks", id="prevention", path=tmp_path / "part.md")
    section = Section(title="Words", id="words", part_id="immediate-response")
    assert folder(hack) == "hacks/one-voice-leads/"
    assert folder(part) == "parts/prevention/"
    assert folder(section) == "parts/immediate-response/words/"
    assert folder() == "" and folder(DOWNLOADS) == "downloads/"
    site = "https://spacehacks.example.org/"
    assert address(site, hack) == "https://spacehacks.example.org/hacks/one-voice-leads/"
    assert address(site.rstrip("/"), part) == "https://spacehacks.example.org/parts/prevention/"
    assert address(site) == site
    assert address(site, DOWNLOADS) == "https://spacehacks.example.org/downloads/"
    assert address(None, hack) is None and address("", hack) is None
