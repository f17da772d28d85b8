"""The fix for the YAML slips people make most, read from the line where the parser stopped.

PyYAML says where it stopped and what it expected ("mapping values are not
allowed here"); a facilitator needs to know what to type. Each hint looks at
the text around the error and, when it recognises the slip, says the fix with
the corrected line:

- a colon and a space inside a plain text (`title: Allyship: an introduction`)
  start a new key → quote the text;
- a key of a list item that is not lined up under the first key after its dash
  → indent it under the dash, level with that key;
- a value that starts with `{{` (a placeholder) or `{` is read as a mapping →
  quote the value;
- a value that starts with a quote but goes on after the closing quote →
  quote the whole text.
"""

from __future__ import annotations

import re

# `key: value` on one line, maybe as a list item (`- key: value`).
_KEY_VALUE = re.compile(r"^(?P<lead>\s*(?:-\s+)?)(?P<key>[^\s:#'\"{\[][^:#]*?):[ \t]+(?P<value>\S.*?)\s*$")
_KEY = re.compile(r"^(?P<indent>\s*)(?P<dash>-\s+)?(?P<key>[^\s:#'\"{\[-][^:#]*?):(?:\s|$)")


# A comment after an unquoted value: whitespace, then `#` (YAML's rule for plain and flow values).
_COMMENT = re.compile(r"\s+#")


def _without_comment(value: str) -> str:
    """Return an unquoted value without the comment after it (a suggested fix must not quote it)."""
    return _COMMENT.split(value, maxsplit=1)[0].rstrip()


def quoted(text: str) -> str:
    """Return `text` as a double-quoted YAML scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def hint(text: str, line: int, problem: str) -> str | None:
    """Return the message for a YAML error at `line` (1-based) when the slip is a known one, else None."""
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return None
    here = lines[line - 1]
    return (
        _brace_hint(here)
        or _quote_hint(here)
        or _indent_hint(lines, line)
        or (_colon_hint(here) if "mapping values are not allowed" in problem else None)
    )


def _brace_hint(here: str) -> str | None:
    found = _KEY_VALUE.match(here)
    if not found or not found["value"].startswith("{") or (found["value"].endswith("}") and "{{" not in here):
        return None  # a real flow mapping ({accent: "#1B5E20"}) is fine
    start = "{{" if found["value"].startswith("{{") else "{"
    fixed = f"{found['lead']}{found['key']}: {quoted(_without_comment(found['value']))}"
    return (
        f"YAML reads a value that starts with {{ as a mapping; quote a value that starts with {start}: "
        f"{fixed.strip()}"
    )


def _quote_hint(here: str) -> str | None:
    found = _KEY_VALUE.match(here)
    if not found:
        return None
    value = found["value"]
    mark = value[:1]
    if mark not in ("'", '"') or (value.endswith(mark) and value.count(mark) == 2):
        return None
    whole = value.replace(mark, "") if mark == '"' else value
    fixed = f"{found['lead']}{found['key']}: {quoted(whole)}"
    return f"a text that starts with a quote must end with it; quote the whole text: {fixed.strip()}"


def _colon_hint(here: str) -> str | None:
    found = _KEY_VALUE.match(here)
    if not found or ": " not in found["value"] or found["value"][:1] in ("'", '"'):
        return None
    fixed = f"{found['lead']}{found['key']}: {quoted(_without_comment(found['value']))}"
    return f"a colon followed by a space inside a text starts a new key; quote the text: {fixed.strip()}"


def _indent_hint(lines: list[str], line: int) -> str | None:
    """A key that belongs to a list item but is not level with the first key after its dash."""
    here = _KEY.match(lines[line - 1])
    if not here or here["dash"]:
        return None
    indent = len(here["indent"])
    for number in range(line - 1, 0, -1):
        above = _KEY.match(lines[number - 1])
        if not above:
            if lines[number - 1].strip() and not lines[number - 1].lstrip().startswith("#"):
                return None  # a text running over several lines: not this slip
            continue
        if not above["dash"]:
            if len(above["indent"]) < indent:
                return None  # inside a plain mapping
            continue
        column = len(above["indent"]) + len(above["dash"])  # where the item's keys start
        if indent == column:
            return None
        if len(above["indent"]) > indent:
            continue  # a list nested deeper than this key
        first = above["key"].strip()
        return (
            f"'{here['key'].strip()}' is part of the list item at line {number} but is indented "
            f"{indent} spaces; indent under the dash: {column} spaces, level with '{first}'"
        )
    return None
