"""Bad and hostile input: every case gives one clear positioned message, exit 2, and writes nothing.

Each case is its own test (`Case` below): the small ones are files in
`tests/roots/bad/` (each says in its first line what it tests); the huge or
binary ones — a file over the size cap, a 1,000,000-character value, nesting
10,000 deep, a 20,000 × 20,000 image, a zip bomb — are made in a temporary
folder at test time by the case's `make` function rather than committed.
To add a case, add a `Case` to `CASES`: both commands, in-process and in a
real process, then check it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from facilitator.cli import cli
from facilitator.errors import display_path
from tests import hostile, hostile_templates
from tests.hostile import AGENDA, HEADER, workshop

PROJECT = Path(__file__).resolve().parent.parent
BAD = PROJECT / "tests" / "roots" / "bad"
COMMANDS = ("validate", "build")
# What a terminal would act on: C0/C1 controls, DEL, bidi controls, line separators.
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Case:
    """One bad input and the one message it must give.

    `line` is the line of the fault, 0 for a whole-file problem; `words` are
    phrases the message must hold. `make` writes a generated case into an empty
    folder and returns its workshop file; without it the case is the committed
    file `tests/roots/bad/<name>`.
    """

    name: str
    code: str
    line: int
    words: tuple[str, ...] = ()
    make: Callable[[Path], Path] | None = None


PADDING = "# " + "x" * 98 + "\n"
WITH_TEMPLATE = HEADER + "theme:\n  template: t.pptx\n" + AGENDA

CASES: list[Case] = [
    Case("empty.yaml", "schema.top-level", 0, ("empty",)),
    Case("only-comments.yaml", "schema.top-level", 0, ("empty",)),
    Case("top-level-list.yaml", "schema.top-level", 0, ("mapping", "list")),
    Case("not-utf8.yaml", "source.encoding", 3, ("UTF-8",)),
    Case("tab-indent.yaml", "source.syntax", 8, ("tab",)),
    Case("syntax-error.yaml", "source.syntax", 14, ("never closed",)),
    Case("duplicate-keys.yaml", "source.duplicate-key", 7, ("title", "line 3")),
    Case("alias-bomb.yaml", "source.alias", 2, ("aliases",)),
    Case("python-object-tag.yaml", "source.tag", 14, ("!!python/object",)),
    Case("minutes-zero.yaml", "schema.too-small", 9, ("at least 1",)),
    Case("minutes-negative.yaml", "schema.too-small", 9, ("at least 1",)),
    Case("minutes-absurd.yaml", "schema.too-big", 9, ("at most 480",)),
    Case("start-25.yaml", "schema.value", 5, ("25:00", "time of day")),
    Case("date-feb-30.yaml", "schema.date", 4, ("2026-02-30",)),
    Case("unknown-kind.yaml", "schema.segment-kind", 10, ("primr", "did you mean 'primer'")),
    Case("unknown-library-id.yaml", "ref.unknown", 10, ("what-is-alyship", "did you mean")),
    Case("control-chars.yaml", "source.control-char", 14, ("U+0007",)),
    Case("logo-missing.yaml", "asset.logo", 8, ("does not exist",)),
    Case("logo-not-image.yaml", "asset.logo", 8, ("not an image", "PNG, JPEG or GIF")),
    Case("logo-svg.yaml", "asset.logo", 8, ("SVG", "PNG, JPEG or GIF")),
    Case("template-not-zip.yaml", "asset.template", 8, ("not a PowerPoint file",)),
    # Made at test time: too big to commit.
    Case(
        "too-big.yaml",
        "source.too-big",
        0,
        ("at most 5 MB",),
        make=workshop(HEADER + AGENDA + PADDING * 53_000),
    ),
    Case(
        "long-value.yaml",
        "source.too-long",
        13,
        make=workshop(HEADER + AGENDA + "subtitle: " + "w" * 1_000_000 + "\n"),
    ),
    Case(
        "deep-nesting.yaml",
        "source.depth",
        6,
        make=workshop(HEADER + "objectives: " + "[" * 10_000 + "]" * 10_000 + "\n"),
    ),
    Case(
        "logo-huge.yaml",
        "asset.logo",
        7,
        ("20,000 × 20,000", "scale it down"),
        make=workshop(
            HEADER + "theme:\n  logo: huge.png\n" + AGENDA,
            {"huge.png": lambda p: hostile.png_header_only_cheap(p, 20_000, 20_000)},
        ),
    ),
    Case(
        "template-zip-bomb.yaml",
        "asset.template",
        7,
        ("zip bomb",),
        make=workshop(HEADER + "theme:\n  template: bomb.pptx\n" + AGENDA, {"bomb.pptx": hostile.zip_bomb}),
    ),
    # Hostile templates (tests/hostile_templates.py): refused, naming the part and the reason.
    Case(
        "template-dtd.yaml",
        "asset.template",
        7,
        ("t.pptx: ppt/theme/theme1.xml declares a DTD",),
        make=workshop(WITH_TEMPLATE, {"t.pptx": hostile_templates.dtd_in_theme}),
    ),
    Case(
        "template-entity.yaml",
        "asset.template",
        7,
        ("ppt/slideMasters/slideMaster1.xml is not well-formed XML", "Entity 'brand' not defined"),
        make=workshop(WITH_TEMPLATE, {"t.pptx": hostile_templates.entity_in_master}),
    ),
    Case(
        "template-no-layouts.yaml",
        "asset.template",
        7,
        ("t.pptx has no slide layouts",),
        make=workshop(WITH_TEMPLATE, {"t.pptx": hostile_templates.no_layouts}),
    ),
    Case(
        "template-colour.yaml",
        "asset.template",
        7,
        ("t.pptx: ppt/theme/theme1.xml: colour dk2 is 'red;}b', not a colour",),
        make=workshop(WITH_TEMPLATE, {"t.pptx": hostile_templates.bad_colour}),
    ),
    Case(  # 195 layouts of exactly 1 MiB, 530 KB zipped: was 57 s and 6.8 GB to build
        "template-huge-layouts.yaml",
        "asset.template",
        7,
        ("holds 195.2 MB of XML; a template may hold at most 8 MB",),
        make=workshop(WITH_TEMPLATE, {"t.pptx": hostile_templates.huge_layouts}),
    ),
    Case(
        "template-many-layouts.yaml",
        "asset.template",
        7,
        ("has 311 layouts; a template may have at most 256",),
        make=workshop(WITH_TEMPLATE, {"t.pptx": lambda p: hostile_templates.huge_layouts(p, 300, 4096)}),
    ),
    # Hostile files of issue 17: each ends with exit 2 and one line, within the budget.
    Case(
        "escape-sequence-in-a-key.yaml",
        "schema.unknown-key",
        6,
        ("unknown key '\\x1b]0;pwned\\x07\\x1b[2J\\u202eevil'",),
        make=workshop(HEADER + '"\\e]0;pwned\\a\\e[2J\\u202eevil": 1\n' + AGENDA),
    ),
    Case(
        "title-20000-letters.yaml",
        "schema.too-long",
        2,
        ("title: is 20,000 characters long; at most 300",),
        make=hostile.unbreakable_title(20_000),
    ),
    Case(
        "facilitators-21.yaml",
        "schema.too-long",
        7,
        ("facilitators: has 21 items; at most 20",),
        make=hostile.many_facilitators(21),
    ),
    Case(
        "facilitators-100000.yaml",
        "source.too-many",
        99_994,
        ("more than 100,000 keys, items and texts",),
        make=hostile.many_facilitators(100_000),
    ),
    Case(
        "unknown-keys-400000.yaml",
        "source.too-many",
        50_000,
        ("more than 100,000 keys, items and texts",),
        make=hostile.unknown_keys(400_000),
    ),
    Case(
        "extends-a-list.yaml",
        "derive.extends",
        1,
        ("parent.yaml is not a workshop file: it holds a list, not keys such as `id:`",),
        make=hostile.extends_file("- a\n- b\n"),
    ),
    Case(
        "extends-a-string.yaml",
        "derive.extends",
        1,
        ("parent.yaml is not a workshop file: it holds the text 'just some words'",),
        make=hostile.extends_file("just some words\n"),
    ),
    Case(
        "extends-an-empty-file.yaml",
        "derive.extends",
        1,
        ("parent.yaml is not a workshop file: it is empty",),
        make=hostile.extends_file(""),
    ),
    Case(
        "extends-1200-deep.yaml",
        "derive.too-deep",
        1,
        ("extends goes more than 16 files deep", "a workshop needs one or two"),
        make=hostile.extends_chain(1_200),
    ),
    Case(  # a 40 KB file that asked for 80 MB once filled in
        "variables-filled-80-mb.yaml",
        "variables.too-long",
        9,
        ("with its placeholders filled in, this text would be 79,800,000 characters; a text may be at most",),
        make=hostile.variable_blowup(3_990, 20_000),
    ),
    Case(  # 200 inserts of 50 segments onto 1,000: was over 300 s
        "agenda-edits-past-a-day.yaml",
        "derive.too-long",
        1,
        ("this would make the agenda 1,450 segments long; a workshop has at most 1,440",),
        make=hostile.agenda_inserts(1_000, 200, 50),
    ),
    Case(
        "agenda-edits-5000.yaml",
        "derive.too-long",
        1,
        ("agenda_edits: 5,000 edits; at most 1,440 are allowed",),
        make=hostile.bad_removes(1_000, 5_000),
    ),
    Case(
        "png-damaged-data-valid-checksums.yaml",
        "asset.logo",
        7,
        ("bad.png: its picture data is damaged (", "); use another copy"),
        make=workshop(
            HEADER + "theme:\n  logo: bad.png\n" + AGENDA, {"bad.png": hostile.png_with_corrupt_data}
        ),
    ),
    Case(  # validate said ok, and the build crashed
        "font-cut-short.yaml",
        "asset.font",
        10,
        ("cut.ttf is cut short: its glyf table ends past the end of the file (455,832 bytes)",),
        make=hostile.print_fonts_workshop("cut.ttf", {"cut.ttf": hostile.truncated_font}),
    ),
    Case(  # a set of four billion code points: MemoryError at 4.4 GB
        "font-cmap-range-past-unicode.yaml",
        "asset.font",
        10,
        ("its character map has a range U+0000–U+FFFFFFFF, beyond Unicode",),
        make=hostile.print_fonts_workshop(
            "odd.ttf", {"odd.ttf": hostile.font_with_cmap(hostile.cmap_format12([(0, 2**32 - 1, 1)]))}
        ),
    ),
    Case(
        "font-cmap-million-ranges.yaml",
        "asset.font",
        10,
        ("its character map has 1,000,000 ranges; a font has at most 65,536 glyphs",),
        make=hostile.print_fonts_workshop(
            "odd.ttf",
            {
                "odd.ttf": hostile.font_with_cmap(
                    hostile.cmap_format12([(2 * i, 2 * i, 1) for i in range(1_000_000)])
                )
            },
        ),
    ),
    Case(
        "font-cmap-overlapping-ranges.yaml",
        "asset.font",
        10,
        ("its character map covers 409,600 characters; Unicode assigns about 150,000", "at most 200,000"),
        make=hostile.print_fonts_workshop(
            "odd.ttf", {"odd.ttf": hostile.font_with_cmap(hostile.cmap_format12([(0, 0x0FFF, 1)] * 100))}
        ),
    ),
    Case(
        "font-cmap-glyphs-it-lacks.yaml",
        "asset.font",
        10,
        ("its character map sends U+0000–U+10FFFF to glyphs up to 1,114,112, and the font has 6,253",),
        make=hostile.print_fonts_workshop(
            "odd.ttf", {"odd.ttf": hostile.font_with_cmap(hostile.cmap_format12([(0, 0x10FFFF, 1)]))}
        ),
    ),
    Case(
        "minutes-1h-spaces-x.yaml",
        "schema.value",
        8,
        ("expected minutes such as 90, 90m, 2h or 1h30m, got '1h    ",),
        make=hostile.backtracking_minutes(1),
    ),
]
CASE_IDS = [case.name for case in CASES]


@pytest.fixture(scope="module")
def case_file(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Case], Path]:
    """Return a function giving a case's workshop file, making a generated case once per module."""
    made: dict[str, Path] = {}

    def get(case: Case) -> Path:
        if case.make is None:
            return BAD / case.name
        if case.name not in made:
            made[case.name] = case.make(tmp_path_factory.mktemp(case.name.replace(".", "-")))
        return made[case.name]

    return get


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
    assert len(message) <= 1_000, f"a message of {len(message):,} characters"
    assert not UNSAFE.search(message), f"a character a terminal acts on: {message!r}"


def test_the_corpus_has_a_file_per_case() -> None:
    """Every committed case is listed, and every listed case exists (bom-ok.yaml must build)."""
    committed = {case.name for case in CASES if case.make is None}
    on_disk = {p.name for p in BAD.glob("*.yaml")} - {"bom-ok.yaml"}
    assert on_disk == committed
    for name in committed:
        text = (BAD / name).read_bytes()
        assert name == "empty.yaml" or text.startswith(b"# "), f"{name} lacks a comment header"
    assert len(set(CASE_IDS)) == len(CASE_IDS), "two cases share a name"


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_a_bad_case_gives_one_clear_message_and_writes_nothing(
    tmp_path: Path, case_file: Callable[[Case], Path], case: Case, command: str
) -> None:
    path = case_file(case)
    out = tmp_path / "out"
    args = [command, str(path)] + (["--out", str(out)] if command == "build" else [])
    result = CliRunner().invoke(cli, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, f"exit {result.exit_code}\n{result.output}"
    _assert_one_clear_message(result.stderr, path, case.code, case.line, case.words)
    assert result.stdout == "", result.stdout
    assert not out.exists() or not any(out.rglob("*")), f"wrote {list(out.rglob('*'))}"


@pytest.fixture(scope="module")
def real_run(
    tmp_path_factory: pytest.TempPathFactory, case_file: Callable[[Case], Path]
) -> Callable[[str], subprocess.CompletedProcess[str]]:
    """Return a function running the real command line once per command on every case's file together."""
    runs: dict[str, subprocess.CompletedProcess[str]] = {}
    out = tmp_path_factory.mktemp("real-out")

    def run(command: str) -> subprocess.CompletedProcess[str]:
        if command not in runs:
            extra = ["--out", str(out)] if command == "build" else []
            env = {**os.environ, "PYTHONPATH": str(PROJECT)}
            runs[command] = subprocess.run(
                [sys.executable, "-m", "facilitator", command, *(str(case_file(c)) for c in CASES), *extra],
                capture_output=True,
                text=True,
                cwd=PROJECT,
                env=env,
                timeout=120,
            )
            assert not any(out.rglob("*")), f"{command} wrote {list(out.rglob('*'))}"
        return runs[command]

    return run


@pytest.mark.parametrize("command", COMMANDS)
def test_a_real_process_exits_2_with_one_line_per_file(
    real_run: Callable[[str], subprocess.CompletedProcess[str]], command: str
) -> None:
    """The real command line, given every case at once: exit 2, no traceback, one line per file."""
    proc = real_run(command)
    assert proc.returncode == 2, f"{command}: {proc.returncode}\n{proc.stderr}"
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    assert len(proc.stderr.splitlines()) == len(CASES), proc.stderr
    assert proc.stdout == ""


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_a_real_process_shows_each_case_in_one_clear_line(
    real_run: Callable[[str], subprocess.CompletedProcess[str]],
    case_file: Callable[[Case], Path],
    case: Case,
    command: str,
) -> None:
    path = case_file(case)
    mine = [x for x in real_run(command).stderr.splitlines() if x.startswith(display_path(path) + ":")]
    _assert_one_clear_message("\n".join(mine), path, case.code, case.line, case.words)


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


# ---------------------------------------------------------------------------
# Hostile templates that are sanitized: the deck builds, and keeps nothing that reaches outside it


@dataclass(frozen=True)
class Sanitized:
    """A template the deck is built on after leaving out what it must not keep.

    `warning` is the code of the one template warning `build` prints; `words` what it says;
    `kept_links` the only links outside the file the deck may hold.
    """

    name: str
    make: Callable[[Path], None]
    warning: str
    words: tuple[str, ...]
    kept_links: tuple[str, ...] = ()


SANITIZED = [
    Sanitized(
        "linked-everywhere",
        hostile_templates.linked_everywhere,
        "template.external",
        (
            "the template links outside itself; left out of the deck:",
            hostile_templates.ROOT_LINK,
            hostile_templates.REMOTE_TEMPLATE,
            hostile_templates.TRACKER,
            "and 2 more",
        ),
    ),
    Sanitized(
        "web-links",
        hostile_templates.web_links,
        "template.hyperlink",
        ("the template's web links are kept in the deck:", hostile_templates.WEB_LINK),
        (hostile_templates.WEB_LINK, hostile_templates.MAIL_LINK),
    ),
    Sanitized(
        "macro-enabled",
        hostile_templates.macro_enabled,
        "template.macros",
        ("the template's macros are left out of the deck:", "ppt/vbaProject.bin"),
    ),
]


@pytest.mark.parametrize("case", SANITIZED, ids=[c.name for c in SANITIZED])
def test_a_hostile_template_is_sanitized_not_copied(tmp_path: Path, case: Sanitized) -> None:
    from lxml import etree

    from facilitator.render.pptx_package import package_problems

    case.make(tmp_path / "t.pptx")
    path = tmp_path / "workshop.yaml"
    path.write_text(WITH_TEMPLATE, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(path), "--only", "deck", "--out", str(out)])
    assert result.exit_code == 0, result.output
    # (a contrast warning about a colour the template's scheme gave points at theme.template too)
    [warning] = [
        line for line in result.stderr.splitlines() if "theme.template:" in line and "[template." in line
    ]
    assert warning.endswith(f"[{case.warning}]")
    assert all(word in warning for word in case.words), warning
    deck = out / "small-case" / "deck.pptx"
    with zipfile.ZipFile(deck) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    external = []
    for name, data in parts.items():
        assert b"<!DOCTYPE" not in data, name
        if name.endswith(".rels"):
            for rel in etree.fromstring(data):
                if rel.get("TargetMode") == "External":
                    external.append(rel.get("Target"))
    assert sorted(external) == sorted(case.kept_links)
    assert not any("vbaProject" in name for name in parts)
    assert not any(b"Old template slide" in data for data in parts.values())  # its slides are gone
    assert b"macroEnabled" not in parts["[Content_Types].xml"]
    assert package_problems(deck.read_bytes()) == []
    master = parts["ppt/slideMasters/slideMaster1.xml"].decode()
    assert "r:link" not in master and "ppaction://program" not in master and "ppaction://macro" not in master


def _fifo_workshop(folder: Path) -> tuple[list[str], str]:
    os.mkfifo(folder / "workshop.yaml")  # opening it would wait for a writer that never comes
    return ["validate", "workshop.yaml"], "workshop.yaml: error: is not a plain file"


def _device_workshop(folder: Path) -> tuple[list[str], str]:
    return ["validate", "/dev/zero"], "/dev/zero: error: is not a plain file"


def _fifo_logo(folder: Path) -> tuple[list[str], str]:
    os.mkfifo(folder / "logo.png")
    (folder / "workshop.yaml").write_text(
        "id: x\ntitle: X\ndate: 2027-01-15\nstart: '10:00'\nduration: 30m\ntheme:\n  logo: logo.png\n"
        "agenda:\n  - opening: Welcome\n    minutes: 30\n",
        encoding="utf-8",
    )
    return [
        "build",
        "workshop.yaml",
    ], "workshop.yaml:7:9: error: theme.logo: logo logo.png is not a plain file"


def _fifo_document(folder: Path) -> tuple[list[str], str]:
    os.mkfifo(folder / "notes.md")
    return ["import", "notes.md", "--out", "lib"], "notes.md: error: is not a plain file"


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(), reason="needs POSIX pipes")
@pytest.mark.parametrize("maker", [_fifo_workshop, _device_workshop, _fifo_logo, _fifo_document])
def test_a_pipe_or_device_is_refused_without_waiting_or_reading_forever(
    tmp_path: Path, maker: Callable
) -> None:
    """A FIFO left in a shared folder blocked `validate` for ever; /dev/zero was read until memory ran out."""
    args, start = maker(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    proc = subprocess.run(
        [sys.executable, "-m", "facilitator", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 2, proc.stderr
    [line] = proc.stderr.splitlines()
    assert line.startswith(start), line
    assert not (tmp_path / "output").exists() and not (tmp_path / "lib").exists()  # nothing written
