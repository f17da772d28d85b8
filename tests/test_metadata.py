"""Outputs carry no private metadata: a logo's EXIF (GPS, artist, camera), comments and text notes stay out.

A logo saved from a phone or a website can say where it was made, by whom and with
what. The deck, the PDFs and the HTML handout get its pixels only; `validate` says so
once. Every test reads the image bytes back out of the outputs.
"""

from __future__ import annotations

import base64
import io
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from facilitator.cli import cli
from facilitator.workshop.assets import clean_image, image_metadata
from tests.hostile import AGENDA, HEADER

# Bytes that would only be in an output if the logo's metadata leaked into it.
SECRETS = (b"Secret Artist 4711", b"SpyCam", b"GPS-beacon-comment", b"PNG-private", b"Exif\x00\x00")


def _exif():  # type: ignore[no-untyped-def]
    from PIL import Image

    exif = Image.Exif()
    exif[0x013B] = "Secret Artist 4711"  # Artist
    exif[0x010F] = "SpyCam"  # Make
    exif[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 0.0)}  # GPS position
    return exif


def _jpeg(path: Path) -> None:
    from PIL import Image

    Image.effect_noise((120, 60), 40).convert("RGB").save(
        path, "JPEG", exif=_exif(), comment=b"GPS-beacon-comment", quality=90
    )


def _png(path: Path) -> None:
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "PNG-private-author")  # tEXt
    info.add_itxt("Comment", "PNG-private-itxt")  # iTXt
    info.add_text("Note", "PNG-private-ztxt", zip=True)  # zTXt
    image = Image.effect_noise((120, 60), 40).convert("RGBA")
    image.save(path, "PNG", pnginfo=info, exif=_exif())


MAKERS = {"logo.jpg": _jpeg, "logo.png": _png}


def _streams(pdf: bytes) -> list[bytes]:
    """Return every stream of a PDF, decoded (images as their stored bytes, e.g. a JPEG)."""
    reader = PdfReader(io.BytesIO(pdf))
    found = []
    for number in sorted({int(n) for n in re.findall(rb"(\d+) 0 obj", pdf)}):
        obj = reader.get_object(number)
        if hasattr(obj, "get_data"):
            found.append(obj.get_data())
    return found


def _images_in(path: Path) -> list[bytes]:
    """Return the image bytes inside an output: deck media, PDF streams, HTML data URIs."""
    data = path.read_bytes()
    if path.suffix == ".pptx":
        with zipfile.ZipFile(path) as deck:
            return [deck.read(n) for n in deck.namelist() if n.startswith("ppt/media/")]
    if path.suffix == ".pdf":
        return _streams(data)
    if path.suffix == ".html":
        uris = re.findall(rb"data:image/[a-z]+;base64,([A-Za-z0-9+/=]+)", data)
        return [base64.b64decode(uri) for uri in uris]
    return [data]


@pytest.mark.parametrize("name", list(MAKERS))
def test_a_logos_metadata_never_reaches_the_outputs(tmp_path: Path, name: str) -> None:
    MAKERS[name](tmp_path / name)
    original = (tmp_path / name).read_bytes()
    assert any(secret in original for secret in SECRETS[:3])  # the file really carries them
    path = tmp_path / "workshop.yaml"
    path.write_text(HEADER + f"organisation: Riverside\ntheme:\n  logo: {name}\n" + AGENDA, encoding="utf-8")

    checked = CliRunner().invoke(cli, ["validate", str(path)])
    assert checked.exit_code == 0, checked.output
    notes = [line for line in checked.output.splitlines() if ": note: " in line]
    assert len(notes) == 1, checked.output
    assert "GPS position" in notes[0] and "artist" in notes[0] and "camera" in notes[0]
    assert notes[0].endswith("the deck and PDFs get its picture without it [asset.metadata]")
    assert CliRunner().invoke(cli, ["validate", "--strict", str(path)]).exit_code == 0  # a note never fails

    built = CliRunner().invoke(cli, ["build", str(path), "--out", str(tmp_path / "out")])
    assert built.exit_code == 0, built.output
    assert ": note: " not in built.output  # validate says it, once
    folder = tmp_path / "out" / "small-case"
    deck_images = _images_in(folder / "deck.pptx")
    handout_images = [s for s in _images_in(folder / "handout.pdf") if len(s) > 1000]
    html_images = _images_in(folder / "handout.html")
    assert deck_images and handout_images and html_images, "the logo is in every output that shows it"
    for output in sorted(folder.iterdir()):
        for blob in [output.read_bytes(), *_images_in(output)]:
            leaked = [secret for secret in SECRETS if secret in blob]
            assert not leaked, f"{output.name} carries {leaked}"


def test_the_deck_gets_the_same_pixels(tmp_path: Path) -> None:
    from PIL import Image

    _png(tmp_path / "logo.png")
    clean = Image.open(io.BytesIO(clean_image(tmp_path / "logo.png")))
    original = Image.open(tmp_path / "logo.png")
    assert clean.size == original.size and clean.mode == original.mode
    assert clean.tobytes() == original.tobytes()  # a PNG is re-encoded losslessly
    assert sorted(image_metadata(tmp_path / "logo.png")) == ["GPS position", "artist", "camera", "text notes"]


def test_a_logo_without_metadata_gets_no_note(tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (40, 20), "#1B3A5C").save(tmp_path / "logo.png")
    path = tmp_path / "workshop.yaml"
    path.write_text(HEADER + "theme:\n  logo: logo.png\n" + AGENDA, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0 and result.output == f"{path}: ok\n", result.output


def test_an_image_in_notes_is_a_link_in_the_guides(tmp_path: Path) -> None:
    """`![ ](https://…/beacon.png)` in a note: a Markdown viewer would fetch it (and tell the server)."""
    from markdown_it import MarkdownIt

    beacon = "https://tracker.example/beacon.png"
    agenda = AGENDA.replace(
        "minutes: 10\n  - primer",
        f'minutes: 10\n    notes: "Look: ![ ]({beacon}) and ![logo]({beacon}?2)"\n  - primer',
        1,
    )
    path = tmp_path / "workshop.yaml"
    path.write_text(HEADER + agenda, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(path), "--out", str(tmp_path / "out"), "--only", "guide"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out" / "small-case"
    markdown = (folder / "guide.md").read_text(encoding="utf-8")
    tokens = [t for block in MarkdownIt("commonmark").parse(markdown) for t in (block.children or [])]
    assert [t for t in tokens if t.type == "image"] == []
    links = [t.attrs["href"] for t in tokens if t.type == "link_open"]
    assert beacon in links and f"{beacon}?2" in links
    assert f"[{beacon}]({beacon})" in markdown.replace("\\", "")  # a link with no text shows its address
    html = (folder / "guide.html").read_text(encoding="utf-8")
    assert "<img" not in html.replace('<img src="data:', "")
    assert f'<a href="{beacon}">{beacon}</a>' in html


def test_an_image_in_text_is_its_description_without_a_stray_mark(tmp_path: Path) -> None:
    """`![our chart](chart.png)` reads "our chart" everywhere, not "!our chart"; a web image links to it."""
    from pptx import Presentation

    agenda = AGENDA.replace(
        "minutes: 10\n  - primer",
        'minutes: 10\n    notes: "See ![our chart](chart.png), then ![the map](https://maps.example/m.png)."'
        "\n  - primer",
        1,
    )
    path = tmp_path / "workshop.yaml"
    path.write_text(HEADER + agenda, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["build", str(path), "--out", str(out), "--only", "guide", "--only", "deck"]
    )
    assert result.exit_code == 0, result.output
    markdown = (out / "small-case" / "guide.md").read_text(encoding="utf-8")
    assert "See our chart, then [the map](https://maps.example/m.png)." in markdown
    html = (out / "small-case" / "guide.html").read_text(encoding="utf-8")
    assert 'See our chart, then <a href="https://maps.example/m.png">the map</a>.' in html
    prs = Presentation(str(out / "small-case" / "deck.pptx"))
    notes = [s.notes_slide.notes_text_frame.text for s in prs.slides if s.has_notes_slide]
    assert any("See our chart, then the map." in n for n in notes), notes
    assert not any("!" in n for n in notes)
