"""The `facilitator` command line: a thin click shell over `facilitator.api`, one function a command.

What the commands share (printing, errors as exit codes, common options, examples)
is in `facilitator.shell`.

Exit codes: 0 success, 1 a build failed, 2 bad input. Nothing here imports
python-pptx or reportlab; renderers are imported only by `build`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from facilitator import __version__
from facilitator.environment import bring_up_to_date
from facilitator.errors import Diagnostic, FacilitatorError, display_path
from facilitator.shell import (
    EXAMPLES,
    allow_outside_option,
    end_option,
    guarded,
    language_option,
    output_choices,
    plain_streams,
    print_diagnostics,
    read_duration,
    read_outputs,
    say,
    start_option,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="facilitator")
def cli() -> None:
    """Build a workshop's slide deck, handouts and facilitator notes from one YAML file.

    \b
    Quick start:
      facilitator validate workshops/allyship-intro.yaml
      facilitator agenda workshops/allyship-intro.yaml
      facilitator build workshops/allyship-intro.yaml
    """


@cli.command(epilog=EXAMPLES["build"])
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Folder to write into; each workshop gets OUT/<id>/.",
)
@click.option(
    "--only",
    multiple=True,
    metavar="OUTPUT[,OUTPUT...]",
    callback=read_outputs,
    help="Build only these outputs, repeated or joined by commas: " + ", ".join(output_choices()) + ".",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--force",
    is_flag=True,
    help="Rebuild even when nothing changed since the last build, and write into an existing "
    "OUT/<id>/ that facilitator did not make.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    help="Use at most this many processes (default: one per core): for several workshops, one "
    "each; for one, its guide beside its other outputs. 1 builds one output at a time.",
)
@allow_outside_option
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"]),
    help="Paper size for the PDFs (default: the workshop's `paper`, else from its language).",
)
@click.option("--large-print", is_flag=True, help="Make the PDFs in large print (text 18 pt or more).")
@click.option("--fit", is_flag=True, help="Fit the agenda to the duration (as `fit: proportional`).")
@start_option
@end_option
@language_option
@click.option(
    "--ics",
    type=click.Choice(["session", "segments"]),
    help="What session.ics holds: one event for the session (the default), or one per segment as well.",
)
@click.option(
    "--slides-per-page",
    type=click.Choice(["3", "6"]),
    help="Slides a page in slides-handout.pdf: 3 with lines to write beside each (the default), or 6.",
)
@click.option(
    "--watch",
    is_flag=True,
    help="Keep running: rebuild whenever the workshop, its library, theme or assets change (Ctrl-C stops).",
)
@guarded
def build(
    files: tuple[Path, ...],
    out: Path,
    only: tuple[str, ...],
    strict: bool,
    allow_outside: bool,
    force: bool,
    jobs: int | None,
    paper: str | None,
    large_print: bool,
    fit: bool,
    start: Any,
    end: Any,
    ics: str | None,
    language: str | None,
    slides_per_page: str | None,
    watch: bool,
) -> None:
    """Build the outputs of each workshop FILE into OUT/<id>/.

    Every file is checked before anything is written; a workshop with errors
    writes nothing. A workshop whose inputs have not changed since its last
    build is skipped (--force rebuilds it); several are built in parallel.
    With --watch, errors are printed and the build goes on watching.
    """
    from facilitator import api

    if watch:
        from facilitator.watch import watch as watch_files

        sys.exit(
            watch_files(
                files,
                out,
                echo=say,
                problem=lambda line: say(line, err=True),
                only=list(only) or None,
                strict=strict,
                allow_outside=allow_outside,
                fit=fit,
                force=force,
                start=start,
                end=end,
                language=language,
                paper=paper,
                large_print=large_print or None,
                ics=ics,
                slides_per_page=int(slides_per_page) if slides_per_page else None,
            )
        )
    plans = []
    problems: list[Diagnostic] = []
    for file in files:
        try:
            plan = api.load_plan(
                file,
                strict=strict,
                allow_outside=allow_outside,
                fit=fit,
                start=start,
                end=end,
                language=language,
            )
            plans.append(plan)
        except FacilitatorError as exc:
            problems += exc.diagnostics
    if problems:
        raise FacilitatorError(problems)
    for plan in plans:
        print_diagnostics([d for d in plan.warnings if d.severity != "note"])  # validate says notes
    options = {
        "paper": paper,
        "large_print": large_print or None,
        "ics": ics,
        "slides_per_page": int(slides_per_page) if slides_per_page else None,
    }
    results = api.build_plans(plans, out, jobs=jobs, only=list(only) or None, force=force, **options)
    for plan, result in zip(plans, results, strict=True):  # in the same order
        words = plan.words  # what a build wrote is said in the workshop's language, as its outputs are
        if result.up_to_date:
            say(
                words._("{folder}: up to date, nothing written (use --force to rebuild)").format(
                    folder=result.out_dir
                )
            )
        for target, summary in result.written:
            say(words._("wrote {file} ({summary})").format(file=target, summary=summary))


@cli.command(epilog=EXAMPLES["validate"])
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors (notes stay notes).")
@allow_outside_option
@language_option
@guarded
def validate(files: tuple[Path, ...], strict: bool, allow_outside: bool, language: str | None) -> None:
    """Check workshop FILEs and report every problem, without building."""
    from facilitator import api

    failed = False
    for file in files:
        diagnostics = api.check(file, allow_outside=allow_outside, language=language)
        if strict:  # notes (what facilitator did for you, or what to do before the session) never fail
            diagnostics = [d.as_error() if d.severity == "warning" else d for d in diagnostics]
        print_diagnostics(diagnostics)
        if any(d.severity == "error" for d in diagnostics):
            failed = True
        else:
            say(
                _verdict(
                    file,
                    diagnostics,
                    api.declared_language(file, language=language, allow_outside=allow_outside),
                )
            )
    if failed:
        sys.exit(2)


def _verdict(file: Path, diagnostics: list[Diagnostic], language: str) -> str:
    """Return `validate`'s line for a file without errors, in the workshop's language: `FILE: ok (1 note(s))`.

    Its diagnostics stay in English (see README, Languages); the verdict is about the
    workshop, so it reads as the workshop's other outputs do.
    """
    from facilitator.text.i18n import words_for

    words = words_for(language)
    warnings = sum(d.severity == "warning" for d in diagnostics)
    notes = sum(d.severity == "note" for d in diagnostics)
    counts = []
    if warnings:
        counts.append(
            words.ngettext("{count} warning(s)", "{count} warning(s)", warnings).format(count=warnings)
        )
    if notes:
        counts.append(words.ngettext("{count} note(s)", "{count} note(s)", notes).format(count=notes))
    if counts:
        return words._("{file}: ok ({counts})").format(file=file, counts=", ".join(counts))
    return words._("{file}: ok").format(file=file)


@cli.command(epilog=EXAMPLES["agenda"])
@click.argument("file", type=click.Path(path_type=Path))
@allow_outside_option
@click.option("--fit", is_flag=True, help="Fit the agenda to the workshop's duration.")
@click.option(
    "--duration",
    callback=read_duration,
    help="Preview the agenda fitted to this duration (90m, 2h, 1h30m); implies --fit.",
)
@start_option
@end_option
@language_option
@guarded
def agenda(
    file: Path,
    allow_outside: bool,
    fit: bool,
    duration: int | None,
    start: Any,
    end: Any,
    language: str | None,
) -> None:
    """Print the run-of-show of FILE: clock times, minutes, segment id, kind and title.

    The ids are the ones `agenda_edits` use. With --fit or --duration, shows the agenda
    fitted to time, without building. With --start, shows it shifted to a later (or earlier)
    start; --end fits it to end then. An agenda longer than its duration is still shown,
    with the error under it (exit code 2).
    """
    from facilitator import api

    if duration is not None and end is not None:
        raise click.UsageError("give --duration or --end, not both")
    plan, errors = api.plan_with_problems(
        file, allow_outside=allow_outside, fit=fit, duration=duration, start=start, end=end, language=language
    )
    print_diagnostics(list(plan.warnings))
    words = plan.words
    rows = [(s.start, s.end, str(s.minutes), s.id, s.kind_label, s.title) for s in plan.segments]
    header = (
        words._("Start"),
        words._("End"),
        words.pgettext("column", "Min"),
        words._("Id"),
        words._("Segment"),
        words._("Title"),
    )
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(5)]
    w = plan.workshop
    say(f"{w.title} — {w.date.isoformat()}, {plan.times}")
    for row in [header, *rows]:
        cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1]), row[2].rjust(widths[2])]
        say("  ".join([*cells, row[3].ljust(widths[3]), row[4].ljust(widths[4]), row[5]]))
    over = plan.total_minutes - w.duration
    total = words._("Total: {total} of {duration} minutes").format(
        total=plan.total_minutes, duration=w.duration
    )
    tail = " " + words._("({over} over)").format(over=over) if over > 0 else ""
    say(total + tail)
    if errors:
        print_diagnostics(errors)
        sys.exit(2)


@cli.command(
    epilog="""
\b
Examples:
  facilitator new my-workshop
  facilitator new riverside --from allyship-practice --duration 90m
  facilitator new intro.yaml --title "Allyship at Riverside" --force
"""
)
@click.argument("name")
@click.option("--from", "parent", metavar="ID", help="Derive from a ready workshop (its id, or a path).")
@click.option("--duration", callback=read_duration, help="Length of the session: 90m, 2h, 1h30m.")
@click.option("--title", help="The workshop's title.")
@click.option("--force", is_flag=True, help="Overwrite NAME if it exists.")
@guarded
def new(name: str, parent: str | None, duration: int | None, title: str | None, force: bool) -> None:
    """Write a commented starter workshop NAME.yaml (blank with examples, or derived with --from)."""
    from facilitator import api
    from facilitator.authoring.starter import write_starter
    from facilitator.text.i18n import words_for

    path, warnings = write_starter(name, parent=parent, duration=duration, title=title, force=force)
    print_diagnostics(warnings)
    words = words_for(api.declared_language(path))  # French when derived from a French workshop
    say(words._("wrote {file}; next: facilitator agenda {file}").format(file=path))


@cli.command(
    "import",
    epilog="""
\b
Examples:
  facilitator import our-primer.md
  facilitator import primer.txt --out my-library
  facilitator import primer.txt --out my-library --force
Then add `library: [my-library]` to a workshop and use the section ids.
""",
)
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("library"),
    show_default=True,
    help="Library folder to write into (sections go to OUT/primer/).",
)
@click.option("--force", is_flag=True, help="Overwrite library files that already exist.")
@guarded
def import_(file: Path, out: Path, force: bool) -> None:
    """Turn a primer document (Markdown or plain text) into library primer sections.

    Existing files are never replaced without --force, and never through a link.
    For a PDF or Word document, make a text copy first (pdftotext, pandoc).
    """
    from facilitator.authoring.importer import import_primer, report

    for line in report(import_primer(file, out, force=force)):
        say(line)


@cli.command(epilog=EXAMPLES["library"])
@click.argument(
    "kind",
    required=False,
    type=click.Choice(["primer", "discussions", "scenarios", "activities", "resources"]),
)
@click.option(
    "--workshop",
    "workshop_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Also list the items of this workshop's own library folders (its `library:`).",
)
@click.option(
    "--library",
    "folders",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Also list the items of this library folder (repeatable).",
)
@guarded
def library(kind: str | None, workshop_file: Path | None, folders: tuple[Path, ...]) -> None:
    """List the library: ids, minutes and titles (one KIND, or all).

    The built-in library, and with --workshop or --library the items of your own folders too,
    each marked with the folder it comes from (an item there replaces a built-in one of its id).
    """
    from facilitator.api import get_library, workshop_library_folders
    from facilitator.errors import display_path
    from facilitator.workshop.paths import BUILTIN_LIBRARY

    own = [folder.resolve() for folder in folders]
    if workshop_file is not None:
        own = workshop_library_folders(workshop_file) + own
    lib, diagnostics = get_library([BUILTIN_LIBRARY, *dict.fromkeys(own)])
    print_diagnostics(diagnostics)
    for name, entries in lib.items.items():
        if kind and name != kind:
            continue
        say(f"{name} ({len(entries)})")
        for item_id in sorted(entries):
            entry = entries[item_id]
            item = entry.item
            minutes = getattr(item, "minutes", None)
            extra = f"{minutes:>3} min" if minutes else "       "
            intensity = getattr(item, "intensity", None)
            tail = f"  [{intensity}]" if intensity else ""
            if not entry.path.is_relative_to(BUILTIN_LIBRARY):
                tail += f"  (from {display_path(entry.path)})"
            say(f"  {item_id:<38} {extra}  {item.title}{tail}")


@cli.command("check-deck", epilog=EXAMPLES["check-deck"])
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@guarded
def check_deck(files: tuple[Path, ...]) -> None:
    """Check that each .pptx FILE is a package every presentation program accepts.

    Reports, one line each, the package faults known to make Keynote refuse a
    deck that PowerPoint and LibreOffice open (notes master not listed, notes
    slides not related to their slide and master, a slide-size type that
    contradicts the page), broken relationships and content types, and what
    python-pptx's default template leaves behind. Exit 2 when any is found.
    It checks the package, not how the slides look.
    """
    from facilitator.render.pptx_package import package_problems

    failed = False
    for file in files:
        problems = package_problems(file)
        print_diagnostics([Diagnostic(display_path(file), 0, 0, "", p, "package") for p in problems])
        if problems:
            failed = True
        else:
            say(f"{file}: ok")
    if failed:
        sys.exit(2)


@cli.command(epilog=EXAMPLES["schema"])
def schema() -> None:
    """Print the JSON Schema of the workshop file, for editor completion."""
    from facilitator.workshop.editor_schema import workshop_json_schema

    click.echo(json.dumps(workshop_json_schema(), indent=2, ensure_ascii=False))


def main() -> None:
    """Run the command line, in an environment brought up to date first (see `facilitator.environment`)."""
    plain_streams()
    bring_up_to_date()
    cli(prog_name="facilitator")
