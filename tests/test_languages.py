"""Text in several languages: `{en: …, fr: …}` in workshop files and library items, and --language."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from facilitator import api
from facilitator.cli import cli
from facilitator.errors import FacilitatorError
from facilitator.text.typography import NARROW_NBSP, NBSP
from tests.conftest import MINIMAL, ROOTS

BILINGUAL = """\
id: bilingual
title: {en: Allyship at work, fr: "L'alliance au travail"}
subtitle: Plain text, written in English
date: 2027-03-11
start: "10:00"
duration: 30m
content_note:
  en: "We talk about exclusion: you may pass."
  fr: "Nous parlons d'exclusion : vous pouvez passer votre tour !"
agenda:
  - opening: {en: Welcome, fr: Accueil}
    minutes: 10
    prompts:
      - {en: One word about your week?, fr: Un mot sur votre semaine ?}
  - break: {en: Break, fr: Pause}
    minutes: 10
  - closing: {en: Close, fr: Clôture}
    minutes: 10
    instructions: ["Thank {{ title }}"]
"""


def _write(write_yaml: Callable[..., Path], text: str = BILINGUAL) -> Path:
    return write_yaml(text, "bilingual.yaml")


def test_the_workshops_language_picks_each_text(write_yaml: Callable[..., Path]) -> None:
    path = _write(write_yaml)
    english = api.load_plan(path)
    assert english.workshop.title == "Allyship at work"
    assert [s.title for s in english.segments] == ["Welcome", "Break", "Close"]
    assert english.segments[0].prompts == ("One word about your week?",)
    assert not [w for w in english.warnings if w.code == "i18n.fallback"]

    french = api.load_plan(path, language="fr-CA")
    assert french.workshop.id == "bilingual-fr-ca"  # its own output folder
    assert french.workshop.language == "fr-CA"
    assert french.workshop.title == "L'alliance au travail"
    assert [s.title for s in french.segments] == ["Accueil", "Pause", "Clôture"]
    # French text gets its no-break spaces as it is read.
    assert (
        french.workshop.content_note
        == f"Nous parlons d'exclusion{NBSP}: vous pouvez passer votre tour{NARROW_NBSP}!"
    )
    assert french.segments[0].prompts == (f"Un mot sur votre semaine{NARROW_NBSP}?",)
    # The built-in `{{ title }}` is the title in the build's language.
    assert french.segments[2].instructions[0] == "Thank L'alliance au travail"


def test_a_text_with_no_translation_falls_back_with_a_warning_naming_its_fields(
    write_yaml: Callable[..., Path],
) -> None:
    path = _write(write_yaml)
    diagnostics = api.check(path, language="fr")
    fallbacks = [d for d in diagnostics if d.code == "i18n.fallback"]
    assert len(fallbacks) == 1
    message = fallbacks[0].format()
    # At the first field, where it is written.
    assert message.startswith(f"{path}:3:11: warning: subtitle: ")
    assert "2 fields have no 'fr' text in 'bilingual': subtitle, agenda[2].instructions[0]" in message
    assert "the en text is printed instead" in message
    # An English text in a French build gets no French typography.
    assert api.load_plan(path, language="fr").workshop.subtitle == "Plain text, written in English"


def test_strict_refuses_a_build_that_falls_back(write_yaml: Callable[..., Path]) -> None:
    path = _write(write_yaml)
    with pytest.raises(FacilitatorError) as caught:
        api.load_plan(path, language="fr", strict=True)
    assert [d.code for d in caught.value.diagnostics] == ["i18n.fallback"]
    result = CliRunner().invoke(cli, ["validate", str(path), "--language", "fr", "--strict"])
    assert result.exit_code == 2
    assert "[i18n.fallback]" in result.output


def test_a_library_item_in_the_workshops_folder_warns_by_its_id(write_yaml: Callable[..., Path]) -> None:
    workshop = write_yaml(
        """\
        id: own-library
        title: {en: Ours, fr: Le nôtre}
        date: 2027-03-11
        start: "10:00"
        duration: 10m
        library: [library]
        agenda:
          - primer: local-basics
            minutes: 10
        """,
        "own/workshop.yaml",
    )
    shutil.copytree(MINIMAL.parent / "library", workshop.parent / "library")
    found = [d for d in api.check(workshop, language="fr-CA") if d.code == "i18n.fallback"]
    assert [Path(d.path).name for d in found] == ["local-basics.yaml"]
    assert "in 'local-basics': title, summary, takeaway" in found[0].message
    # In its own language, a workshop's own library needs no translation.
    assert not [d for d in api.check(workshop) if d.code == "i18n.fallback"]


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("{english: Hi}", "'english' is not a language tag"),
        ("{}", "expected text, or text per language such as {en: …, fr: …}; got an empty mapping"),
        ("{en: [a, b]}", "the 'en' text is empty or not text"),
        ('{en: "  "}', "the 'en' text is empty or not text"),
    ],
)
def test_a_bad_language_mapping_is_one_positioned_error(
    write_yaml: Callable[..., Path], title: str, message: str
) -> None:
    text = BILINGUAL.replace('{en: Allyship at work, fr: "L\'alliance au travail"}', title)
    path = _write(write_yaml, text.replace("Thank {{ title }}", "Thank you"))
    errors = [d for d in api.check(path) if d.severity == "error"]
    assert len(errors) == 1, [e.format() for e in errors]
    assert errors[0].line == 2 and errors[0].key == "title"
    assert message in errors[0].message
    assert errors[0].code == "schema.language-text"


def test_a_file_path_takes_one_text_for_every_language(write_yaml: Callable[..., Path]) -> None:
    path = _write(write_yaml, BILINGUAL + "theme: {logo: {en: a.png, fr: b.png}}\n")
    errors = [d for d in api.check(path) if d.severity == "error"]
    assert [(e.key, e.code) for e in errors] == [("theme.logo", "schema.text")]


def test_glyphs_are_checked_in_the_language_that_prints(write_yaml: Callable[..., Path]) -> None:
    text = BILINGUAL.replace("subtitle: Plain text, written in English", "subtitle: {en: Plain, ja: 漢字}")
    path = _write(write_yaml, text)
    assert not [d for d in api.check(path) if d.code == "font.missing-glyph"]
    missing = [d for d in api.check(path, language="ja") if d.code == "font.missing-glyph"]
    assert {d.key for d in missing} == {"subtitle.ja"}


def test_build_language_writes_its_own_folder(write_yaml: Callable[..., Path], tmp_path: Path) -> None:
    path = _write(write_yaml)
    out = tmp_path / "out"
    runner = CliRunner()
    english = runner.invoke(cli, ["build", str(path), "--out", str(out), "--only", "guide", "-j", "1"])
    french = runner.invoke(
        cli, ["build", str(path), "--out", str(out), "--only", "guide", "--language", "fr-CA", "-j", "1"]
    )
    assert english.exit_code == 0, english.output
    assert french.exit_code == 0, french.output
    assert sorted(p.name for p in out.iterdir()) == ["bilingual", "bilingual-fr-ca"]
    guide = (out / "bilingual-fr-ca" / "guide.md").read_text(encoding="utf-8")
    assert guide.startswith(f"# Guide d’animation{NBSP}: L'alliance au travail")
    assert f"enregistré{NBSP}: {out / 'bilingual-fr-ca' / 'guide.md'} (" in french.output
    assert "guide d’animation" in french.output and "wrote" not in french.output
    assert f"wrote {out / 'bilingual' / 'guide.md'} (" in english.output
    assert (
        (out / "bilingual" / "guide.md")
        .read_text(encoding="utf-8")
        .startswith("# Facilitator guide: Allyship at work")
    )


def test_a_bad_language_option_is_refused() -> None:
    result = CliRunner().invoke(
        cli, ["validate", str(ROOTS / "french" / "workshop.yaml"), "--language", "fr_CA!"]
    )
    assert result.exit_code == 2
    assert "'fr_CA!' is not a language tag" in result.output
