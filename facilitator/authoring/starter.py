"""`facilitator new`: write a commented starter workshop, blank-with-examples or derived from a ready one.

The file is checked with the same pipeline as `facilitator validate` before it
is put in place, so a starter always validates; an existing file is never
overwritten unless asked to.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from pathlib import Path

from facilitator.errors import Diagnostic, FacilitatorError, display_path, file_error
from facilitator.workshop.paths import OutsideError, confine

SAMPLE_MINUTES = 90

BLANK = """\
# A workshop file for `facilitator`. Check it with `facilitator validate {file}`,
# preview the run-of-show with `facilitator agenda {file}`, and build the slides,
# handouts and notes with `facilitator build {file}`.
# Lines starting with # are comments; delete the ones you do not need.

id: {id}                          # names the output folder, output/{id}/
title: {title}
subtitle: A first session         # optional second line on the title slide
audience: Everyone who signed up  # who the session is for
date: {date}                  # YYYY-MM-DD
start: "09:30"                    # quote clock times
duration: {duration}                    # minutes, or forms like 2h, 90m, 1h30m
{fit}location: "{{{{ venue }}}}"           # {{{{ name }}}} is filled from `variables:` below
facilitators: [Your Name]
organisation: Your Organization
language: en                      # en, fr-CA, …
theme: default                    # a theme id, a theme file, or overrides:
# theme:
#   base: default
#   colours: {{accent: "#1B5E20"}}
#   logo: logo.png
#   footer: "{{{{ organisation }}}} · {{{{ date }}}}"
#   template: our-slides.potx     # your own PowerPoint template
expected_participants: 20         # used for printing counts
# paper: a4                       # a4 or letter; default from the language

# Values for {{{{ name }}}} placeholders in any text here and in the library items
# you use. Built in: {{{{ organisation }}}}, {{{{ location }}}}, {{{{ facilitators }}}},
# {{{{ title }}}}, {{{{ date }}}}.
variables:
  venue: Main Hall

objectives:
  - Say what brought each of us here and what we hope to take away.
  - Try out one new way of working on the topic together.
  - Leave with one thing to do before we meet again.
# land_acknowledgement: >
#   Written with the local Nations whose land you meet on; never a stock text.
# content_note: >
#   What the session touches on, so that people can choose how to take part.
agreements:
  - Speak for yourself, using "I".
  - Anyone may pass or step out, no reasons needed.
# resources: [a-resource-list]       # resource-list ids: `facilitator library resources`
# library: [my-library]              # extra library folders next to this file

# The agenda: segments in order, each starting with its kind. These examples
# give their own steps (instructions) and prompts; segments can also draw on the
# content library, naming an item by id (`facilitator library` lists them):
#   - primer: an-id               # a short teaching section
#     minutes: 10
#   - discussion: an-id           # a set of discussion questions
#     format: pairs               # think-pair-share, pairs, small-groups, whole-room, …
#     minutes: 15
#   - scenario: an-id             # a role-play, with its debrief
#     minutes: 25
#   - activity: Our own exercise
#     use: an-activity-id         # steps and prompts from a library activity
#     minutes: 10
# Any segment may have: id, title, minutes, notes, materials, fixed, optional,
# required, aftercare_for, min_minutes (the last five are used when fitting to time).
agenda:
{agenda}"""

# The blank starter's agenda: (kind, minutes, optional, the segment's lines after its minutes).
SAMPLE_AGENDA: tuple[tuple[str, str, int, bool, str], ...] = (
    (
        "opening",
        "Welcome and agreements\n    id: welcome",
        10,
        False,
        "    instructions:\n"
        "      - Welcome people as they arrive and say how the session will run.\n"
        "      - Read the agreements aloud and ask whether anyone would add one.\n"
        "    notes: Point out the exits, washrooms and a quiet space.\n",
    ),
    (
        "activity",
        "Introductions in pairs",
        15,
        False,
        "    instructions:\n"
        "      - Pair people up; each person has two minutes while the other listens.\n"
        "      - Invite a few people to share one thing they heard, with permission.\n"
        "    prompts:\n"
        "      - What brought you here today?\n"
        "      - What would make this time well spent for you?\n",
    ),
    (
        "activity",
        "Working on the topic together",
        30,
        False,
        "    instructions:\n"
        "      - Introduce the topic in a few sentences, then form small groups.\n"
        "      - Give each group one question and a sheet to note its ideas.\n"
        "      - Gather one idea from each group, in a round.\n"
        "    prompts:\n"
        "      - What do we already do well here?\n"
        "      - What is one thing we could try differently?\n"
        "    materials: [flip chart, markers]\n",
    ),
    ("break", "Break", 10, False, ""),
    (
        "reflection",
        "What I will take away",
        10,
        True,
        "    prompts:\n"
        "      - What will I try before we meet again?\n"
        "      - Who could help me do it?\n"
        "    optional: true                # may be dropped when fitting to a shorter time\n",
    ),
    (
        "closing",
        "Closing round",
        15,
        False,
        "    prompts:\n      - One word for how you leave today.\n",
    ),
)

DERIVED = """\
# A workshop derived from the ready workshop '{parent}' ({parent_title}).
# Everything not written here is inherited from it. Check it with
# `facilitator validate {file}`; `facilitator agenda {file}` shows the result.

extends: {parent}               # a ready workshop's id, or a path such as ./base.yaml
id: {id}
title: {title}
date: {date}
{duration_line}{fit}# Any other key of the parent can be given here to replace it, e.g.:
# location: Community hall, room 2
# facilitators: [Your Name]
# organisation: Your Organization

# Values for {{{{ name }}}} placeholders, merged with the parent's:
# variables:
#   venue: Main Hall

# Edit the inherited agenda by segment id. The segment ids of '{parent}':
#   {ids}
{edits}#   - remove: {remove_id}
#   - replace: {replace_id}
#     with: {{scenario: meeting-credit, minutes: 20}}
#   - insert_after: {after_id}
#     segment: {{primer: privilege, minutes: 10}}
#   - insert_before: {before_id}
#     segment: {{activity: Stretch, minutes: 5}}
#   - set: {set_id}
#     minutes: 15
#     notes: Tea and coffee in the foyer.
# Or give a whole `agenda:` to replace the parent's.
"""


def slug(name: str) -> str:
    """Return a workshop id made from a file name: `My Workshop.yaml` → `my-workshop`."""
    stem = Path(name).name
    stem = re.sub(r"\.ya?ml$", "", stem)
    text = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return text[:80].strip("-") or "my-workshop"


def target_path(name: str) -> Path:
    """Return the file `new NAME` writes: NAME itself when it ends in .yaml/.yml, else NAME.yaml."""
    path = Path(name)
    return path if path.suffix in (".yaml", ".yml") else path.with_name(path.name + ".yaml")


def _minutes_text(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours}h{rest}m" if hours and rest else f"{hours}h" if hours else f"{rest}m"


def starter_text(
    path: Path, *, parent: str | None = None, duration: int | None = None, title: str | None = None
) -> str:
    """Return the text of a starter workshop file for `path`."""
    today = dt.date.today().isoformat()
    if parent is None:
        minutes = duration or SAMPLE_MINUTES
        agenda, fitted = _sample_agenda(minutes)
        fit = "fit: proportional                 # scale the sample agenda to the duration\n"
        return BLANK.format(
            file=path.name,
            id=slug(path.name),
            title=_yaml_text(title or slug(path.name).replace("-", " ").capitalize()),
            date=today,
            duration=_minutes_text(minutes),
            fit="" if fitted else fit,
            agenda=agenda,
        )
    from facilitator import api
    from facilitator.workshop.derive import find_parent
    from facilitator.workshop.source import SourceDoc

    parent_path = find_parent(SourceDoc(path.resolve(), {"extends": parent}))
    plan = api.load_plan(parent_path)
    ids = [s.id for s in plan.segments]
    differs = duration is not None and duration != plan.workshop.duration
    left_out = _left_out(parent_path, duration) if differs and duration is not None else {}
    dropped = list(left_out)
    kept = [s for s in plan.segments if s.id not in dropped]  # the examples edit what is left
    flexible = [s.id for s in kept if not s.fixed] or ids
    scenarios = [s.id for s in kept if s.kind == "scenario"] or flexible
    breaks = [s.id for s in kept if s.kind == "break"] or ids
    edits = "# agenda_edits:\n"
    if dropped:  # written out, so that the file says what fitting leaves out, and validates quietly
        edits = f"agenda_edits:                  # optional segments that do not fit {duration} minutes\n"
        edits += "".join(
            f"  - remove: {segment}\n" if into is None else f"  - remove: {segment}  # merged into '{into}'\n"
            for segment, into in left_out.items()
        )
        edits += "# More edits, for example:\n"
    return DERIVED.format(
        file=path.name,
        parent=parent,
        parent_title=plan.workshop.title,
        id=slug(path.name),
        title=_yaml_text(title or plan.workshop.title),
        date=today,
        duration_line=f"duration: {_minutes_text(duration)}\n" if duration is not None else "",
        fit="fit: proportional               # scale the inherited agenda to the duration\n"
        if differs
        else "",
        ids=_wrap(", ".join(ids)),
        edits=edits,
        remove_id=flexible[min(1, len(flexible) - 1)],
        replace_id=scenarios[-1],
        after_id=ids[0],
        before_id=breaks[0],
        set_id=breaks[0],
    )


def _left_out(parent_path: Path, duration: int) -> dict[str, str | None]:
    """Return the ids of the parent's segments that fitting it to `duration` leaves out.

    Each maps to None, or, for a break merged into the break before it, that break's id.
    """
    from facilitator import api

    try:
        fitted = api.load_plan(parent_path, duration=duration)
    except FacilitatorError:
        return {}  # it cannot fit: validating the starter says why
    kept = {segment.id for segment in fitted.segments}
    into = {merged: segment.id for segment in fitted.segments for merged in segment.merged}
    return {s.id: into.get(s.id) for s in api.load_plan(parent_path).segments if s.id not in kept}


def _sample_agenda(minutes: int) -> tuple[str, bool]:
    """Return the blank starter's agenda as YAML lines with its minutes fitted to `minutes`.

    The minutes are worked out here, so the file needs no `fit:` and validates without
    warnings (an optional segment that does not fit is simply not written). When the
    sample cannot fit at all, it is returned as is, with False: the file then asks for
    `fit: proportional`, and validating it says what cannot fit.
    """
    from facilitator.planning.fit import FIXED_KINDS, FitError, FitItem, fit_minutes

    items = [
        FitItem(f"s{i}", own, kind in FIXED_KINDS, optional, None, kind)
        for i, (kind, _title, own, optional, _rest) in enumerate(SAMPLE_AGENDA)
    ]
    try:
        fitted: list[int | None] = fit_minutes(items, minutes)
        ok = True
    except FitError:
        fitted, ok = [item.minutes for item in items], False
    lines = []
    for (kind, title, _own, _optional, rest), given in zip(SAMPLE_AGENDA, fitted, strict=True):
        if given is not None:
            lines.append(f"  - {kind}: {title}\n    minutes: {given}\n{rest}")
    return "".join(lines), ok


def _wrap(text: str, width: int = 76) -> str:
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n#   ".join(lines)


def _yaml_text(text: str) -> str:
    """Return `text` as a YAML scalar, quoted when plain YAML would misread it."""
    if re.match(r"^[A-Za-z0-9][^:#\n]*$", text) and not text.endswith(" "):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_starter(
    name: str,
    *,
    parent: str | None = None,
    duration: int | None = None,
    title: str | None = None,
    force: bool = False,
) -> tuple[Path, list[Diagnostic]]:
    """Write a starter workshop file; return its path and any warnings it has.

    Raises FacilitatorError when the file exists (without `force`), when it is a
    symbolic link or a folder (even with `force`: the file is never written through a
    link), or when the starter would not validate (a duration too short to fit, say).
    """
    path = target_path(name)
    try:  # the same confinement as every other path, for writing: never through a link
        confine(path.name, path.parent, for_writing=True)
    except OutsideError as exc:
        raise file_error(path, f"{exc}; remove the link or choose another name", "new.link") from None
    if path.is_dir():
        raise file_error(path, "is a folder; choose another name", "new.exists")
    if path.exists() and not force:
        raise file_error(
            path, "already exists; choose another name or add --force to overwrite it", "new.exists"
        )
    if not path.parent.is_dir():
        raise file_error(path.parent, "no such folder to write the new workshop into", "new.folder")
    text = starter_text(path, parent=parent, duration=duration, title=title)
    from facilitator import api

    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".yaml", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        diagnostics = api.check(tmp)
        errors = [d for d in diagnostics if d.severity == "error"]
        if errors:
            shown = display_path(tmp)
            raise FacilitatorError(
                [
                    Diagnostic(display_path(path), d.line, d.col, d.key, d.message, d.code)
                    if d.path == shown
                    else d
                    for d in errors
                ]
            )
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    shown = display_path(tmp)
    return path, [
        Diagnostic(display_path(path), d.line, d.col, d.key, d.message, d.code, d.severity)
        if d.path == shown
        else d
        for d in diagnostics
    ]
