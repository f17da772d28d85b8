"""Bad and hostile input: every case gives one clear positioned message, exit 2, and writes nothing.

The small cases are files in `tests/roots/bad/` (each says in its first line
what it tests); the huge ones — a file over the size cap, a 1,000,000-character
value, nesting 10,000 deep, a 20,000 × 20,000 image and a zip bomb — are made
in `tmp_path` at test time rather than committed.
"""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from facilitator.cli import cli
from facilitator.errors import display_path
from tests.conftest import AGENDA, HEADER

PROJECT = Path(__file__).resolve().parent.parent
BAD = PROJECT / "tests" / "roots" / "bad"


# Corpus file -> (diagnostic code, line of the fault or 0 for a whole-file problem, words the message holds).
CASES: dict[str, tuple[str, int, tuple[str, ...]]] = {
    "empty.yaml": ("schema.top-level", 0, ("empty",)),
    "only-comments.yaml": ("schema.top-level", 0, ("empty",)),
    "top-level-list.yaml": ("schema.top-level", 0, ("mapping", "list")),
    "not-utf8.yaml": ("source.encoding", 3, ("UTF-8",)),
    "tab-indent.yaml": ("source.syntax", 8, ("tab",)),
    "syntax-error.yaml": ("source.syntax", 14, ("never closed",)),
    "duplicate-keys.yaml": ("source.duplicate-key", 7, ("title", "line 3")),
    "alias-bomb.yaml": ("source.alias", 2, ("aliases",)),
    "python-object-tag.yaml": ("source.tag", 14, ("!!python/object",)),
    "minutes-zero.yaml": ("schema.too-small", 9, ("at least 1",)),
    "minutes-negative.yaml": ("schema.too-small", 9, ("at least 1",)),
    "minutes-absurd.yaml": ("schema.too-big", 9, ("at most 480",)),
    "start-25.yaml": ("schema.value", 5, ("25:00", "time of day")),
    "date-feb-30.yaml": ("schema.date", 4, ("2026-02-30",)),
    "unknown-kind.yaml": ("schema.segment-kind", 10, ("primr", "did you mean 'primer'")),
    "unknown-library-id.yaml": ("ref.unknown", 10, ("what-is-alyship", "did you mean")),
    "control-chars.yaml": ("source.control-char", 14, ("U+0007",)),
    "logo-missing.yaml": ("asset.logo", 8, ("does not exist",)),
    "logo-not-image.yaml": ("asset.logo", 8, ("not an image", "PNG, JPEG or GIF")),
    "logo-svg.yaml": ("asset.logo", 8, ("SVG", "PNG, JPEG or GIF")),
    "template-not-zip.yaml": ("asset.template", 8, ("not a PowerPoint file",)),
}


def _png_header_only_cheap(path: Path, width: int, height: int) -> None:
    """Write a valid 1-bit greyscale PNG of width × height, all black, streaming its rows."""
    row = b"\x00" * (1 + (width + 7) // 8)
    packer = zlib.compressobj(9)
    body = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body) + chunk(b"IEND", b""))


def _zip_bomb(path: Path) -> None:
    """Write a .pptx-shaped zip whose one media file inflates 1000-fold (64 MB from ~64 KB)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<p:presentation/>")
        with archive.open("ppt/media/image1.png", "w", force_zip64=True) as member:
            block = b"\x00" * (1024 * 1024)
            for _ in range(64):
                member.write(block)


def _generated(tmp_path: Path) -> dict[str, tuple[Path, str, int, tuple[str, ...]]]:
    """Make the huge cases in tmp_path; return name -> (workshop file, code, line, words)."""
    cases: dict[str, tuple[Path, str, int, tuple[str, ...]]] = {}

    def add(name: str, text: str, code: str, line: int, words: tuple[str, ...]) -> None:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        cases[name] = (path, code, line, words)

    padding = "# " + "x" * 98 + "\n"
    add("too-big.yaml", HEADER + AGENDA + padding * 53_000, "source.too-big", 0, ("at most 5 MB",))
    add("long-value.yaml", HEADER + AGENDA + "subtitle: " + "w" * 1_000_000 + "\n", "source.too-long", 13, ())
    deep = "objectives: " + "[" * 10_000 + "]" * 10_000 + "\n"
    add("deep-nesting.yaml", HEADER + deep, "source.depth", 6, ())
    _png_header_only_cheap(tmp_path / "huge.png", 20_000, 20_000)
    add(
        "logo-huge.yaml",
        HEADER + "theme:\n  logo: huge.png\n" + AGENDA,
        "asset.logo",
        7,
        ("20,000 × 20,000", "scale it down"),
    )
    _zip_bomb(tmp_path / "bomb.pptx")
    add(
        "template-zip-bomb.yaml",
        HEADER + "theme:\n  template: bomb.pptx\n" + AGENDA,
        "asset.template",
        7,
        ("zip bomb",),
    )
    return cases


Case = tuple[str, Path, str, int, tuple[str, ...]]


@pytest.fixture(scope="module")
def all_cases(tmp_path_factory: pytest.TempPathFactory) -> list[Case]:
    """Every case: (name, workshop file, code, line, words), the huge ones made once per module."""
    cases: list[Case] = [(name, BAD / name, *expected) for name, expected in CASES.items()]
    cases += [(name, *rest) for name, rest in _generated(tmp_path_factory.mktemp("huge")).items()]
    return cases


def _assert_one_clear_message(stderr: str, path: Path, code: str, line: int, words: tuple[str, ...]) -> None:
    lines = [x for x in stderr.splitlines() if x.strip()]
    assert len(lines) == 1, f"expected exactly one message, got:\n{stderr}"
    message = lines[0]
    assert "Traceback" not in stderr and "internal error" not in stderr
    where = re.escape(display_path(path))
    position = rf"{where}:{line}:\d+: " if line else rf"{where}: "
    assert re.match(position + "error: ", message), f"not positioned at line {line}: {message}"
    assert message.endswith(f"[{code}]"), message
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"
    assert "pydantic" not in message and "errors.pydantic.dev" not in message


def test_the_corpus_has_a_file_per_case() -> None:
    """Every committed case is listed, and every listed case exists (bom-ok.yaml must build)."""
    on_disk = {p.name for p in BAD.glob("*.yaml")} - {"bom-ok.yaml"}
    assert on_disk == set(CASES)
    for name in CASES:
        text = (BAD / name).read_bytes()
        assert name == "empty.yaml" or text.startswith(b"# "), f"{name} lacks a comment header"


@pytest.mark.parametrize("command", ["validate", "build"])
def test_every_bad_case_gives_one_clear_message_and_writes_nothing(
    tmp_path: Path, all_cases: list[Case], command: str
) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    for name, path, code, line, words in all_cases:
        args = [command, str(path)] + (["--out", str(out)] if command == "build" else [])
        result = runner.invoke(cli, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), (name, result.exception)
        assert result.exit_code == 2, f"{name}: exit {result.exit_code}\n{result.output}"
        _assert_one_clear_message(result.stderr, path, code, line, words)
        assert result.stdout == "", f"{name}: {result.stdout}"
        assert not out.exists() or not any(out.rglob("*")), f"{name} wrote {list(out.rglob('*'))}"


def test_a_real_process_shows_no_traceback(tmp_path: Path, all_cases: list[Case]) -> None:
    """Run the real command line once per command on every case: one line per file, exit 2."""
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    for command in ("validate", "build"):
        extra = ["--out", str(out)] if command == "build" else []
        proc = subprocess.run(
            [sys.executable, "-m", "facilitator", command, *(str(c[1]) for c in all_cases), *extra],
            capture_output=True,
            text=True,
            cwd=PROJECT,
            env=env,
            timeout=120,
        )
        assert proc.returncode == 2, f"{command}: {proc.returncode}\n{proc.stderr}"
        assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
        lines = proc.stderr.splitlines()
        for _name, path, code, line, words in all_cases:
            mine = [x for x in lines if x.startswith(display_path(path) + ":")]
            _assert_one_clear_message("\n".join(mine), path, code, line, words)
        assert len(lines) == len(all_cases), proc.stderr
    assert not out.exists() or not any(out.rglob("*"))


def test_a_utf8_byte_order_mark_works() -> None:
    result = CliRunner().invoke(cli, ["validate", str(BAD / "bom-ok.yaml")])
    assert result.exit_code == 0, result.output
    assert "ok" in result.stdout


@pytest.mark.parametrize(
    ("maker", "words"),
    [
        (lambda p: p.write_bytes(b"PK\x03\x04 truncated"), ("not a PowerPoint file",)),
        (lambda p: zipfile.ZipFile(p, "w").writestr("hello.txt", "hi"), ("not a PowerPoint presentation",)),
    ],
)
def test_other_broken_templates_are_refused(
    tmp_path: Path, maker: Callable[[Path], object], words: tuple[str, ...]
) -> None:
    maker(tmp_path / "t.pptx")
    path = tmp_path / "w.yaml"
    path.write_text(HEADER + "theme:\n  template: t.pptx\n" + AGENDA, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    _assert_one_clear_message(result.stderr, path, "asset.template", 7, words)


def test_a_good_logo_passes(tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (40, 20), "#1B3A5C").save(tmp_path / "logo.png")
    path = tmp_path / "w.yaml"
    path.write_text(HEADER + "theme:\n  logo: logo.png\n" + AGENDA, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0, result.output
