"""The JSON Schema `facilitator schema` prints, for editors that complete and check workshop files.

It starts from the pydantic models (`workshop.schema`) and adds what the models
do not see: the keys of a derived workshop (`extends:`, `agenda_edits:`, see
`workshop.derive`), which make every other key optional, and the written forms
the models turn into values before checking them (`duration: 1h30m`,
`start: "9.30"`). An editor using it accepts every file `facilitator validate`
accepts, apart from what only the library can tell (ids that exist).
"""

from __future__ import annotations

import copy
from typing import Any

from facilitator.workshop.agenda_edits import ACTION_KEYS, ACTIONS, MAX_EDITS, SETTABLE
from facilitator.workshop.schema import Workshop

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# What `parse_minutes` reads: a whole number, or hours and minutes written out (90m, 2h, 1h30m).
MINUTES_TEXT = r"^\s*(\d+|(?=[^hm]*\d)(\d+\s*h(ours?)?)?\s*(\d+\s*m(in(utes?)?)?)?)\s*$"
# What `parse_clock` reads: HH:MM or HH.MM, hours 00–23, minutes 00–59.
CLOCK_TEXT = r"^\s*([01]?\d|2[0-3])[:.][0-5]\d\s*$"
# Range keywords pydantic leaves under their Python names when a value is parsed before its check.
_PYTHON_BOUNDS = {"ge": "minimum", "le": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}


def workshop_json_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a workshop file, derived workshops included."""
    schema = Workshop.model_json_schema(by_alias=True)
    _written_forms(schema)
    schema["$schema"] = SCHEMA_DIALECT
    schema["title"] = "facilitator workshop"
    required = schema.pop("required", [])
    properties = schema["properties"]
    properties["extends"] = {
        "type": "string",
        "minLength": 1,
        "description": "a ready workshop's id, or a workshop file such as ./base.yaml, whose keys this "
        "file inherits; any key given here replaces the inherited one",
    }
    properties["agenda_edits"] = _agenda_edits_schema(schema["$defs"])
    # A derived workshop inherits the keys it does not give, so they are required only without `extends`.
    schema["if"] = {"required": ["extends"]}
    schema["else"] = {"required": required}
    schema["dependentRequired"] = {"agenda_edits": ["extends"]}
    return schema


def _written_forms(node: Any) -> None:
    """Rewrite, in place, the schemas of minutes and clock times to accept what their parsers read."""
    if isinstance(node, list):
        for item in node:
            _written_forms(item)
        return
    if not isinstance(node, dict):
        return
    if node.get("type") == "integer" and _PYTHON_BOUNDS.keys() & node.keys():
        bounds = {_PYTHON_BOUNDS[key]: node.pop(key) for key in list(node) if key in _PYTHON_BOUNDS}
        node.pop("type")
        node["anyOf"] = [{"type": "integer", **bounds}, {"type": "string", "pattern": MINUTES_TEXT}]
    elif node.get("format") == "time":
        node.pop("format")
        node["pattern"] = CLOCK_TEXT
    for value in node.values():
        _written_forms(value)


def _agenda_edits_schema(defs: dict[str, Any]) -> dict[str, Any]:
    """Return the schema of `agenda_edits:`: a list of edits, each naming its action and a segment id."""
    segment = {"oneOf": [{"$ref": f"#/$defs/{name}"} for name in defs if name.endswith("Segment")]}
    settable = _settable_keys(defs)
    segment_id = {
        "type": "string",
        "minLength": 1,
        "description": "a segment id, as `facilitator agenda` shows it",
    }
    values = {"with": segment, "segment": segment, **settable}  # the keys an edit has beside its action
    edits = []
    for action in ACTIONS:
        others = [key for key in values if key in ACTION_KEYS[action]]
        edit: dict[str, Any] = {
            "type": "object",
            "properties": {action: segment_id, **{key: values[key] for key in others}},
            "required": [action, *(key for key in others if key in ("with", "segment"))],
            "additionalProperties": False,
        }
        if action == "set":
            edit["minProperties"] = 2
        edits.append(edit)
    return {
        "type": "array",
        "maxItems": MAX_EDITS,
        "description": "changes to the inherited agenda, applied in order: remove, replace (with), "
        f"insert_before or insert_after (segment), set ({', '.join(SETTABLE)})",
        "items": {"oneOf": edits},
    }


def _settable_keys(defs: dict[str, Any]) -> dict[str, Any]:
    """Return the schema of each key a `set` edit may change, taken from the segments' own."""
    found: dict[str, Any] = {}
    for name, definition in defs.items():
        if name.endswith("Segment"):
            for key, value in definition.get("properties", {}).items():
                if key in SETTABLE and key not in found:
                    found[key] = copy.deepcopy(value)
    return {key: found[key] for key in SETTABLE}
