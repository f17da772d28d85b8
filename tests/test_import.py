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
from facilitator.authoring.importer import REVIEW_MARK, import_primer, parse
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
        ("We listen more", "we hold back on our ideas."),
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
    assert lines[0] == f"imported {doc}: 2 section(s), 2 point(s)"
    assert lines[1] == f"  {tmp_path / 'lib' / 'primer' / 'one.yaml'}: One (1 points)"
    assert (
        "unsure: section 'One' has a single point; check whether it belongs to a neighbour" in result.output
    )
    missing = CliRunner().invoke(cli, ["import", str(tmp_path / "nope.md")])
    assert missing.exit_code == 2
    assert missing.output.strip() == f"{tmp_path / 'nope.md'}: error: no such file [source.missing]"
