"""Hostile inputs made at test time: each function writes one case into an empty folder.

Every maker takes the folder and returns the workshop file to run `validate` or
`build` on. The bad-input tests (`tests/test_bad_input.py`) and the budget
benchmark (`benchmarks/hostile.py`) share them, so what is measured is what is
tested. None of these is committed: some are megabytes, and all are quicker to
make than to read.
"""

from __future__ import annotations

import io
import json
import random
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
FONTS = PROJECT / "assets" / "fonts"
# A small valid workshop, in two parts so that keys can go between them (5 + 7 lines).
HEADER = """id: small-case
title: Small case
date: 2027-01-15
start: "10:00"
duration: 30m
"""
AGENDA = """agenda:
  - opening: Welcome
    minutes: 10
  - primer: what-is-allyship
    minutes: 10
  - closing: Close
    minutes: 10
"""

Maker = Callable[[Path], Path]


def write_workshop(folder: Path, text: str, name: str = "workshop.yaml") -> Path:
    """Write `text` as `folder/name` and return its path."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def workshop(text: str, files: dict[str, Callable[[Path], object]] | None = None) -> Maker:
    """Return a maker writing `workshop.yaml` with `text`, beside files made by `files` (name -> maker)."""

    def make(folder: Path) -> Path:
        for name, maker in (files or {}).items():
            maker(folder / name)
        return write_workshop(folder, text)

    return make


def data_workshop(data: dict) -> Maker:
    """Return a maker writing a workshop from plain data (as JSON, which YAML reads)."""
    return workshop(json.dumps(data, indent=1))


def small_data(**keys: object) -> dict:
    """Return the small valid workshop as data, with `keys` added or replaced."""
    data: dict = {
        "id": "small-case",
        "title": "Small case",
        "date": "2027-01-15",
        "start": "10:00",
        "duration": "30m",
        "agenda": [
            {"opening": "Welcome", "minutes": 10},
            {"primer": "what-is-allyship", "minutes": 10},
            {"closing": "Close", "minutes": 10},
        ],
    }
    return {**data, **keys}


# ---------------------------------------------------------------------------
# Images


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """Return the (kind, body) chunks of a PNG file."""
    chunks, at = [], 8
    while at < len(data):
        length = struct.unpack_from(">I", data, at)[0]
        chunks.append((data[at + 4 : at + 8], data[at + 8 : at + 8 + length]))
        at += 12 + length
    return chunks


def png_from_chunks(chunks: list[tuple[bytes, bytes]]) -> bytes:
    """Return a PNG file of `chunks`, each with a correct checksum."""
    out = b"\x89PNG\r\n\x1a\n"
    for kind, body in chunks:
        out += struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    return out


def png_with_corrupt_data(path: Path) -> None:
    """Write a 64 × 64 PNG whose compressed pixels are damaged, with every chunk checksum valid."""
    from PIL import Image

    buffer = io.BytesIO()
    pixels = random.Random(17).randbytes(64 * 64 * 3)  # the same damage, and message, every time
    Image.frombytes("RGB", (64, 64), pixels).save(buffer, "PNG")
    chunks = []
    for kind, body in png_chunks(buffer.getvalue()):
        if kind == b"IDAT":
            damaged = bytearray(body)
            for i in range(len(damaged) // 3, len(damaged) // 3 + 40):
                damaged[i] ^= 0x5A
            body = bytes(damaged)
        chunks.append((kind, body))
    path.write_bytes(png_from_chunks(chunks))


def png_header_only_cheap(path: Path, width: int, height: int) -> None:
    """Write a valid 1-bit greyscale PNG of width × height, all black, streaming its rows."""
    row = b"\x00" * (1 + (width + 7) // 8)
    packer = zlib.compressobj(9)
    body = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    path.write_bytes(png_from_chunks([(b"IHDR", ihdr), (b"IDAT", body), (b"IEND", b"")]))


# ---------------------------------------------------------------------------
# Templates


def zip_bomb(path: Path) -> None:
    """Write a .pptx-shaped zip whose one media file inflates 1000-fold (64 MB from ~64 KB)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<p:presentation/>")
        with archive.open("ppt/media/image1.png", "w", force_zip64=True) as member:
            block = b"\x00" * (1024 * 1024)
            for _ in range(64):
                member.write(block)


# ---------------------------------------------------------------------------
# Fonts


def ttf_tables(data: bytes) -> dict[bytes, bytes]:
    """Return a TrueType file's tables by tag."""
    count = struct.unpack_from(">H", data, 4)[0]
    tables = {}
    for i in range(count):
        tag, _checksum, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        tables[tag] = data[offset : offset + length]
    return tables


def ttf_from_tables(tables: dict[bytes, bytes]) -> bytes:
    """Return a TrueType file holding `tables` (checksums computed, tables 4-byte aligned)."""
    tags = sorted(tables)
    offset = 12 + 16 * len(tags)
    directory, body = b"", b""
    for tag in tags:
        table = tables[tag]
        padded = table + b"\x00" * (-len(table) % 4)
        checksum = sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF
        directory += struct.pack(">4sIII", tag, checksum, offset + len(body), len(table))
        body += padded
    return struct.pack(">IHHHH", 0x00010000, len(tags), 0, 0, 0) + directory + body


def cmap_format12(groups: list[tuple[int, int, int]]) -> bytes:
    """Return a cmap table with one Windows Unicode (3, 10) subtable of format 12 holding `groups`."""
    subtable = struct.pack(">HHIII", 12, 0, 16 + 12 * len(groups), 0, len(groups))
    subtable += b"".join(struct.pack(">III", *group) for group in groups)
    return struct.pack(">HHHHI", 0, 1, 3, 10, 12) + subtable


def font_with_cmap(cmap: bytes, source: Path = FONTS / "DejaVuSans.ttf") -> Callable[[Path], None]:
    """Return a maker of a copy of `source` whose character map is `cmap`."""

    def make(path: Path) -> None:
        tables = ttf_tables(source.read_bytes())
        tables[b"cmap"] = cmap
        path.write_bytes(ttf_from_tables(tables))

    return make


def truncated_font(path: Path, keep: float = 0.6) -> None:
    """Write DejaVu Sans cut short after `keep` of its bytes (a download that stopped)."""
    data = (FONTS / "DejaVuSans.ttf").read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])


def print_fonts_workshop(font_file: str, files: dict[str, Callable[[Path], object]]) -> Maker:
    """Return a maker of the small workshop whose print font is `font_file` in every style."""
    fonts = "".join(f"      {style}: {font_file}\n" for style in ("regular", "bold", "italic", "bold_italic"))
    theme = "theme:\n  fonts:\n    print:\n      name: Odd Sans\n" + fonts
    return workshop(HEADER + theme + AGENDA, files)


# ---------------------------------------------------------------------------
# Derived workshops


def extends_file(parent_text: str) -> Maker:
    """Return a maker of a workshop extending `parent.yaml`, whose text is `parent_text`."""

    def make(folder: Path) -> Path:
        write_workshop(folder, parent_text, "parent.yaml")
        return write_workshop(folder, "extends: ./parent.yaml\ntitle: Child\n")

    return make


def extends_chain(length: int) -> Maker:
    """Return a maker of a workshop at the head of `length` files, each extending the next."""

    def make(folder: Path) -> Path:
        write_workshop(folder, HEADER + AGENDA, f"w{length}.yaml")
        for i in range(length - 1, 0, -1):
            write_workshop(folder, f"extends: ./w{i + 1}.yaml\ntitle: Link {i}\n", f"w{i}.yaml")
        return write_workshop(folder, "extends: ./w1.yaml\ntitle: Head of the chain\n")

    return make


def many_segments(count: int, prefix: str = "s") -> list[dict]:
    """Return `count` one-minute activities with ids `<prefix>1`, `<prefix>2`, …"""
    return [{"activity": f"Round {i}", "id": f"{prefix}{i}", "minutes": 1} for i in range(1, count + 1)]


def day_long_parent(folder: Path, segments: int) -> None:
    """Write `parent.yaml`: a day-long workshop of `segments` segments (a minute each; the last fills up)."""
    agenda = many_segments(segments)
    agenda[-1]["minutes"] = 24 * 60 - (segments - 1)
    write_workshop(
        folder, json.dumps(small_data(id="long-parent", duration="24h", agenda=agenda)), "parent.yaml"
    )


def agenda_inserts(base_segments: int, edits: int, per_edit: int) -> Maker:
    """Return a maker of a workshop that inserts `edits` × `per_edit` segments into a long parent."""

    def make(folder: Path) -> Path:
        day_long_parent(folder, base_segments)
        child = {
            "extends": "./parent.yaml",
            "agenda_edits": [
                {"insert_after": "s1", "segment": many_segments(per_edit, prefix=f"e{j}-")}
                for j in range(edits)
            ],
        }
        return write_workshop(folder, json.dumps(child))

    return make


def bad_removes(base_segments: int, edits: int) -> Maker:
    """Return a maker of a workshop with `edits` `remove:` edits naming segments that do not exist."""

    def make(folder: Path) -> Path:
        day_long_parent(folder, base_segments)
        child = {"extends": "./parent.yaml", "agenda_edits": [{"remove": f"nope-{j}"} for j in range(edits)]}
        return write_workshop(folder, json.dumps(child))

    return make


# ---------------------------------------------------------------------------
# Budgets of the workshop file itself


def unknown_keys(count: int) -> Maker:
    """Return a maker of the small workshop with `count` unknown top-level keys."""
    return workshop(HEADER + "".join(f"k{i}: 1\n" for i in range(count)) + AGENDA)


def many_facilitators(count: int) -> Maker:
    """Return a maker of the small workshop run by `count` facilitators."""
    return workshop(HEADER + "facilitators:\n" + "".join(f"  - Person {i}\n" for i in range(count)) + AGENDA)


def variable_blowup(repeats: int, value_chars: int) -> Maker:
    """Return a maker of a workshop whose objective repeats `{{v}}` over a long variable."""
    variables = f"variables:\n  v: {'w' * value_chars}\n"
    return workshop(HEADER + variables + 'objectives:\n  - "' + "{{v}}" * repeats + '"\n' + AGENDA)


def backtracking_minutes(count: int, spaces: int = 19_990) -> Maker:
    """Return a maker of a workshop whose segments' minutes are `"1h"`, many spaces and `x`."""
    bad = '"1h' + " " * spaces + 'x"'
    agenda = "agenda:\n" + "".join(f"  - activity: Round {i}\n    minutes: {bad}\n" for i in range(count))
    return workshop(HEADER + agenda)


def unbreakable_title(chars: int) -> Maker:
    """Return a maker of the small workshop whose title is one word of `chars` letters."""
    return workshop(HEADER.replace("title: Small case", "title: " + "W" * chars) + AGENDA)


def legit_day(folder: Path) -> Path:
    """Write a file just under 1 MB that is a real, valid workshop: 1,440 one-minute segments with notes."""
    agenda = [
        {
            "activity": f"Round {i}",
            "minutes": 1,
            "notes": "Invite the quieter voices first, then the rest of the room. " * 8,
            "prompts": ["What did you notice?", "What would you try next time?"],
        }
        for i in range(1, 1_441)
    ]
    return data_workshop(small_data(duration="24h", agenda=agenda))(folder)


# The inputs of issue 17 that exhausted the machine, and their neighbours: each must be checked
# within 5 s and 500 MB, ending with exit 0 or 2 (tests/test_budgets.py, benchmarks/hostile.py).
BUDGET_CASES: dict[str, Maker] = {
    "cmap: one range over 0–0xFFFFFFFF": print_fonts_workshop(
        "odd.ttf", {"odd.ttf": font_with_cmap(cmap_format12([(0, 2**32 - 1, 1)]))}
    ),
    "cmap: 1,000,000 ranges": print_fonts_workshop(
        "odd.ttf", {"odd.ttf": font_with_cmap(cmap_format12([(2 * i, 2 * i, 1) for i in range(1_000_000)]))}
    ),
    "cmap: all of Unicode, to glyphs the font has": print_fonts_workshop(
        "odd.ttf",
        {"odd.ttf": font_with_cmap(cmap_format12([(k, k + 0xFFF, 1) for k in range(0, 0x110000, 0x1000)]))},
    ),
    "font cut short": print_fonts_workshop("cut.ttf", {"cut.ttf": truncated_font}),
    "{{v}} × 3,990 over a 20,000-character variable": variable_blowup(3_990, 20_000),
    "minutes '1h' + 19,990 spaces + 'x'": backtracking_minutes(1),
    "minutes '1h' + 19,990 spaces + 'x', × 48 (1 MB)": backtracking_minutes(48),
    "200 inserts × 50 segments onto 1,000": agenda_inserts(1_000, 200, 50),
    "5,000 bad remove: edits": bad_removes(1_000, 5_000),
    "1,400 bad remove: edits": bad_removes(1_000, 1_400),
    "400,000 unknown keys": unknown_keys(400_000),
    "40,000 unknown keys": unknown_keys(40_000),
    "100,000 facilitators": many_facilitators(100_000),
    "1,200 chained extends": extends_chain(1_200),
    "extends a list": extends_file("- a\n- b\n"),
    "PNG with damaged data, valid checksums": workshop(
        HEADER + "theme:\n  logo: bad.png\n" + AGENDA, {"bad.png": png_with_corrupt_data}
    ),
    "a 20,000-letter title": unbreakable_title(20_000),
    "a valid day of 1,440 segments (1 MB)": legit_day,
}
