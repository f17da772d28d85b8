"""Import primer documents: each seed primer becomes sections that validate and build.

The seed texts are imported into temporary folders at run time; nothing
imported is kept in the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from facilitator import api
from facilitator.authoring.importer import REVIEW_MARK, import_primer, parse, section_data
from facilitator.cli import cli
from facilitator.planning.library import load_library

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
if not SEEDS.is_dir():
    SEEDS = Path("/work/shared/seeds")
SEED_FILES = sorted(SEEDS.glob("*.txt"))

# seed prefix -> (sections, points, a sample of section titles as the document writes them)
EXPECTED = {
    "000": (
        7,
        19,
        ["What is Allyship?", "Examples of Allyship in Action", "Ally for Altruism", "Ally Types"],
    ),
    "001": (3, 22, ["ALLYSHIP", "Responsibilities", "Roles"]),
    "002": (2, 14, ["Becoming an Ally and Practicing Allyship", "Actions of Allyship"]),
    "003": (3, 15, ["ALLYSHIP", "Key aspects of allyship"]),
    "004": (1, 21, []),
}

pytestmark = pytest.mark.skipif(len(SEED_FILES) != 5, reason="the five seed primers are not present")


def workshop_using(folder: Path, ids: list[str]) -> Path:
    agenda = "".join(f"  - primer: {item}\n    minutes: 10\n" for item in ids)
    path = folder / "workshop.yaml"
    path.write_text(
        'id: imported\ntitle: Imported primers\ndate: 2027-01-15\nstart: "10:00"\n'
        f"duration: {10 * len(ids) + 10}m\nlibrary: [lib]\nagenda:\n"
        "  - opening: Welcome\n    minutes: 5\n"
        f"{agenda}  - closing: Close\n    minutes: 5\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name[:3])
def test_each_seed_imports_validates_and_builds(tmp_path: Path, seed: Path) -> None:
    sections, points, titles = EXPECTED[seed.name[:3]]
    result = import_primer(seed, tmp_path / "lib")
    assert len(result.sections) == sections
    assert result.point_count == points
    made = [s.title for s in result.sections]
    for title in titles:
        assert title in made
    assert len(result.files) == sections
    library, problems = load_library([tmp_path / "lib"])
    assert [p.format() for p in problems] == []
    ids = sorted(library.items["primer"])
    assert len(ids) == sections
    for path in result.files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["facilitator_notes"]["introduce"].startswith(REVIEW_MARK)
        assert data["points"] and all(p["text"].strip() for p in data["points"])
    workshop = workshop_using(tmp_path, ids)
    diagnostics = api.check(workshop)
    assert [d for d in diagnostics if d.severity == "error"] == []
    review = [d for d in diagnostics if d.code == "import.review"]
    assert len(review) == sections
    assert "was imported and still has generated text to review" in review[0].message
    built = api.build(workshop, tmp_path / "out", only=["deck"])
    assert (tmp_path / "out" / "imported" / "deck.pptx").is_file()
    assert built.workshop_id == "imported"


def test_markdown_structure() -> None:
    text = (
        "# Our primer\n\n## Listening\n\n*Why we listen first.*\n\n"
        "- **We listen more:** we hold back\n  on our ideas.\n"
        "- Second point, see [the guide](https://example.org/guide)\n"
        "  - with a detail\n"
        "1. A numbered point\n\n"
        "## Acting:\n\nA paragraph that ends a line with a bro-\nken word and a hard\nline break.\n"
    )
    result = parse(text, Path("p.md"))
    assert result.title == "Our primer"
    listening, acting = result.sections
    assert listening.title == "Listening" and listening.summary == "Why we listen first."
    assert [(p.heading, p.text) for p in listening.points] == [
        (None, "**We listen more:** we hold back on our ideas."),  # the lead-in runs on: kept as written
        (None, "Second point, see [the guide](https://example.org/guide) with a detail"),
        (None, "A numbered point"),
    ]
    assert listening.sources == [{"title": "the guide", "url": "https://example.org/guide"}]
    assert acting.title == "Acting"
    assert [p.text for p in acting.points] == [
        "A paragraph that ends a line with a broken word and a hard line break."
    ]
    assert any("bro-" in note for note in result.notes)


def test_pdf_text_structure() -> None:
    text = (
        "Ways to Act\n"
        "-\nSpeak Up:\nSay something when a remark\nis made.\n\n"
        "-\nStep Back:\n-\nLet others lead.\n\n"
        "Further Reading:\nA Good Site: www.example.org\n"
    )
    result = parse(text, Path("p.txt"))
    [section] = result.sections
    assert section.title == "Ways to Act"
    assert [(p.heading, p.text) for p in section.points] == [
        ("Speak Up", "Say something when a remark is made."),
        ("Step Back", "Let others lead."),
    ]
    assert section.sources == [{"title": "A Good Site", "url": "https://www.example.org"}]


def test_cli_import_prints_what_it_made(tmp_path: Path) -> None:
    doc = tmp_path / "mine.md"
    doc.write_text("# Mine\n\n## One\n\n- a point\n\n## Two\n\nJust a paragraph.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(doc), "--out", str(tmp_path / "lib")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"imported {doc}: 2 sections, 2 points"
    assert lines[1] == f"  {tmp_path / 'lib' / 'primer' / 'one.yaml'}: One (1 point)"
    assert (
        "unsure: section 'One' has a single point; check whether it belongs to a neighbour" in result.output
    )
    missing = CliRunner().invoke(cli, ["import", str(tmp_path / "nope.md")])
    assert missing.exit_code == 2
    assert missing.output.strip() == f"{tmp_path / 'nope.md'}: error: no such file [source.missing]"


# ---------------------------------------------------------------------------
# Issue 9: import never loses a person's work, and reads documents as written.

WELCOME_MD = """# Welcoming visitors

An introduction to the document, not a section of it.

## At the desk

*What the first minute decides.*

- **Greet first.** Look up and smile before anything else.
- **We listen more:** we let people finish before we answer.

See [Front desk guide](https://desk.example/guide) for the long version.

## On the way

- Walk with people to the room rather than pointing.
- Offer the lift before the stairs.
"""

# Text as pdftotext gives it: numbered headings, each followed at once by its text.
WELCOME_PDF_TEXT = """Welcoming visitors
1. Greeting at the desk
Look up and say hello before anything else. Then ask how you can
help, and wait for the answer.
2. Showing the way
Walk with people to the room rather than pointing at a door down the
corridor.
"""


def _import(tmp_path: Path, text: str, name: str = "welcome.md", *args: str):
    doc = tmp_path / name
    doc.write_text(text, encoding="utf-8")
    return CliRunner().invoke(cli, ["import", str(doc), "--out", str(tmp_path / "lib"), *args])


def _primer(tmp_path: Path, item: str) -> dict:
    return yaml.safe_load((tmp_path / "lib" / "primer" / f"{item}.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def welcome_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], str]:
    """Both documents imported, used by a workshop and built: (folder, slide texts, handout text)."""
    from pptx import Presentation

    from tests.pdfcheck import pdf_text

    folder = tmp_path_factory.mktemp("welcome")
    assert _import(folder, WELCOME_MD).exit_code == 0
    assert _import(folder, WELCOME_PDF_TEXT, "welcome.txt").exit_code == 0
    ids = ["at-the-desk", "on-the-way", "greeting-at-the-desk", "showing-the-way"]
    workshop = workshop_using(folder, ids)
    api.build(workshop, folder / "out", only=["deck", "handout"])
    deck = Presentation(str(folder / "out" / "imported" / "deck.pptx"))
    slides = [
        " ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
        for slide in deck.slides
    ]
    handout = pdf_text((folder / "out" / "imported" / "handout.pdf").read_bytes())
    return folder, slides, handout


def test_import_refuses_to_overwrite_and_names_the_files(tmp_path: Path) -> None:
    assert _import(tmp_path, WELCOME_MD).exit_code == 0
    mine = tmp_path / "lib" / "primer" / "at-the-desk.yaml"
    mine.write_text("# my own edits\n", encoding="utf-8")
    again = _import(tmp_path, WELCOME_MD)
    assert again.exit_code == 2
    lib = tmp_path / "lib" / "primer"
    assert again.output.strip() == (
        f"{lib}: error: would replace {lib / 'at-the-desk.yaml'}, {lib / 'on-the-way.yaml'}; move them away, "
        "import into another --out, or add --force to overwrite them [import.exists]"
    )
    assert mine.read_text(encoding="utf-8") == "# my own edits\n"
    assert sorted(p.name for p in lib.iterdir()) == ["at-the-desk.yaml", "on-the-way.yaml"]  # no leftovers
    forced = _import(tmp_path, WELCOME_MD, "welcome.md", "--force")
    assert forced.exit_code == 0, forced.output
    assert _primer(tmp_path, "at-the-desk")["title"] == "At the desk"


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_import_never_writes_through_a_link(tmp_path: Path, force: bool) -> None:
    """Issue 17: a shared folder holding primer/at-the-desk.yaml -> a dotfile must not replace the dotfile."""
    victim = tmp_path / "home" / ".bashrc"
    victim.parent.mkdir()
    victim.write_text("export PATH=/usr/bin\n", encoding="utf-8")
    primer = tmp_path / "lib" / "primer"
    primer.mkdir(parents=True)
    (primer / "at-the-desk.yaml").symlink_to(victim)
    result = _import(tmp_path, WELCOME_MD, "welcome.md", *(["--force"] if force else []))
    assert result.exit_code == 2
    assert "import never writes through a link" in result.output
    assert f"{primer / 'at-the-desk.yaml'} is a link" in result.output
    assert victim.read_text(encoding="utf-8") == "export PATH=/usr/bin\n"
    assert sorted(p.name for p in primer.iterdir()) == ["at-the-desk.yaml"]  # nothing else written


def test_a_refused_link_is_named_as_the_person_sees_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from the folder with relative paths: the message names the link, not the dotfile behind it."""
    victim = tmp_path / "home" / ".bashrc"
    victim.parent.mkdir()
    victim.write_text("export PATH=/usr/bin\n", encoding="utf-8")
    (tmp_path / "lib" / "primer").mkdir(parents=True)
    (tmp_path / "lib" / "primer" / "at-the-desk.yaml").symlink_to(victim)
    (tmp_path / "welcome.md").write_text(WELCOME_MD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["import", "welcome.md", "--out", "lib"])
    assert result.exit_code == 2
    assert result.output.strip() == (
        "lib/primer: error: lib/primer/at-the-desk.yaml is a link or not a file; "
        "import never writes through a link: remove it first [import.link]"
    )


def test_import_never_writes_into_a_linked_primer_folder(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "primer").symlink_to(elsewhere)
    result = _import(tmp_path, WELCOME_MD)
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"{tmp_path / 'lib' / 'primer'}: error: is a link; import writes only into a real primer/ folder: "
        "move it away [import.link]"
    )
    assert list(elsewhere.iterdir()) == []


def test_the_takeaway_is_to_review_and_validate_says_so(welcome_built) -> None:
    folder, _slides, _handout = welcome_built
    data = _primer(folder, "at-the-desk")
    assert data["takeaway"].startswith(REVIEW_MARK)
    assert "Greet first" not in data["takeaway"]
    review = [d for d in api.check(folder / "workshop.yaml") if d.code == "import.review"]
    assert len(review) == 4
    assert "takeaway" in review[0].message


def test_the_h1_is_the_document_title_not_a_section(welcome_built) -> None:
    folder, slides, _handout = welcome_built
    made = sorted(p.name for p in (folder / "lib" / "primer").iterdir())
    assert made == [
        "at-the-desk.yaml",
        "greeting-at-the-desk.yaml",
        "on-the-way.yaml",
        "showing-the-way.yaml",
    ]
    assert not any(slide.startswith("Welcoming visitors") for slide in slides)
    assert not any("An introduction to the document" in slide for slide in slides)
    result = parse(WELCOME_MD, Path("welcome.md"))
    assert result.title == "Welcoming visitors"
    assert "the text under the title 'Welcoming visitors' (line 3) introduces the document" in result.notes[0]


def test_a_source_link_stays_with_its_section(welcome_built) -> None:
    folder, _slides, _handout = welcome_built
    assert _primer(folder, "at-the-desk")["sources"] == [
        {"title": "Front desk guide", "url": "https://desk.example/guide"}
    ]
    # without a link of its own, a section credits the document by its title (its level-1 heading)
    assert _primer(folder, "on-the-way")["sources"] == [{"title": "Welcoming visitors"}]


def test_numbered_headings_in_pdf_text_are_headings_never_glued(welcome_built) -> None:
    folder, slides, handout = welcome_built
    greeting = _primer(folder, "greeting-at-the-desk")
    assert greeting["title"] == "Greeting at the desk"
    assert [p["text"] for p in greeting["points"]] == [
        "Look up and say hello before anything else. Then ask how you can help, and wait for the answer."
    ]
    assert [p["text"] for p in _primer(folder, "showing-the-way")["points"]] == [
        "Walk with people to the room rather than pointing at a door down the corridor."
    ]
    assert any(slide.startswith("Greeting at the desk Look up and say hello") for slide in slides)
    assert "Greeting at the desk Look up" not in handout.replace("Greeting at the desk Key points", "")
    assert "desk Look up and say hello" not in " ".join(p["text"] for p in greeting["points"])


def test_a_bold_lead_in_keeps_the_sentence_as_written(welcome_built) -> None:
    folder, slides, handout = welcome_built
    points = _primer(folder, "at-the-desk")["points"]
    assert points == [
        {"heading": "Greet first", "text": "Look up and smile before anything else."},
        {"text": "**We listen more:** we let people finish before we answer."},
    ]
    desk = next(slide for slide in slides if slide.startswith("At the desk"))
    assert "Greet first. Look up and smile before anything else." in desk
    assert "We listen more: we let people finish before we answer." in desk
    assert "Greet first. Look up and smile before anything else." in handout
    assert "We listen more: we let people finish before we answer." in handout
    assert "more. we let" not in handout and "more. we let" not in desk


@pytest.mark.parametrize(
    ("name", "how"),
    [
        (
            "primer.pdf",
            "make a text copy first: pdftotext primer.pdf primer.txt  (poppler-utils), then import that",
        ),
        (
            "primer.docx",
            "make a text copy first: pandoc primer.docx -t markdown -o primer.md, then import that",
        ),
    ],
)
def test_pdf_and_word_documents_say_how_to_get_text(tmp_path: Path, name: str, how: str) -> None:
    (tmp_path / name).write_bytes(b"%PDF-1.7 or a zip, either way not text")
    result = CliRunner().invoke(cli, ["import", str(tmp_path / name), "--out", str(tmp_path / "lib")])
    assert result.exit_code == 2
    suffix = Path(name).suffix
    assert result.output.strip() == (
        f"{tmp_path / name}: error: import reads text, not {suffix} files; {how} [import.type]"
    )
    assert not (tmp_path / "lib").exists()


def test_a_text_too_long_for_a_library_file_is_refused_with_its_line(tmp_path: Path) -> None:
    words = "People " + " ".join(["notice who speaks"] * 1800)  # 32,406 characters, one paragraph
    result = _import(tmp_path, f"# Doc\n\n## One\n\n- a point\n\n{words}\n", "long.md")
    assert result.exit_code == 2
    assert result.output.startswith(
        f"{tmp_path / 'long.md'}:7: error: the text starting here is 32,406 characters"
    )
    assert not (tmp_path / "lib").exists()


def test_counts_are_said_in_words_that_agree(tmp_path: Path) -> None:
    """One section, one point: no `(s)`, no `1 points`."""
    doc = tmp_path / "note.md"
    doc.write_text("Greet people by name when they arrive.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(doc), "--out", str(tmp_path / "lib")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"imported {doc}: 1 section, 1 point"
    assert lines[1].endswith(": note (1 point)")
    assert lines[2].startswith(
        "  unsure: no headings found: the one point went into one section, titled 'note'"
    )


def test_a_document_without_a_title_is_credited_by_its_file_name(tmp_path: Path) -> None:
    text = "## Greeting\n\n- Look up and say hello.\n- Offer a seat.\n"
    result = parse(text, Path("desk-notes.md"))
    assert result.title is None
    [section] = result.sections
    assert section_data(section, "greeting", Path("desk-notes.md"), result.title)["sources"] == [
        {"title": "desk-notes.md"}
    ]
