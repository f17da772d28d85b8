"""Check parsed YAML against the pydantic models and turn every error into a positioned Diagnostic."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from facilitator.errors import MAX_DIAGNOSTICS, Diagnostic, did_you_mean, more_diagnostic
from facilitator.workshop.fields import Model
from facilitator.workshop.languages import Languages, fallback_warning
from facilitator.workshop.schema import SEGMENT_KINDS, SEGMENT_MODELS
from facilitator.workshop.source import Loc, SourceDoc

M = TypeVar("M", bound=BaseModel)

# The tags pydantic puts in an error's location for a union's plain branches, and the kinds of error
# a mapping gives when it is handed something else.
_SCALAR_TAGS = frozenset({"str", "constrained-str", "int", "float", "bool"})
_MAPPING_KINDS = ("model_type", "model_attributes_type", "dict_type")
_TYPE_NAMES = {
    dict: "a mapping of keys",
    list: "a list",
    str: "text",
    int: "a number",
    float: "a number",
    bool: "yes/no (true/false)",
    type(None): "nothing",
}


def _describe(value: Any) -> str:
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "…"
        return f"'{shown}'"
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _walk(data: Any, loc: Loc) -> tuple[bool, Any]:
    """Return (found, value) for `loc` inside `data`."""
    for part in loc:
        if (isinstance(data, dict) and part in data) or (
            isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        ):
            data = data[part]
        else:
            return False, None
    return True, data


def _model_at(root: type[BaseModel], data: Any, loc: Loc) -> type[BaseModel] | None:
    """Return the model class that validates the mapping at `loc` (for listing allowed keys)."""
    model: Any = root
    for depth, part in enumerate(loc):
        if model is None:
            return None
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) or next(
            (f for f in model.model_fields.values() if f.alias == part), None
        )
        if field is None:
            return None
        if part == "agenda":
            _found, seg = _walk(data, loc[: depth + 2])
            kind = seg and isinstance(seg, dict) and _single_kind(seg)
            model = SEGMENT_MODELS.get(kind) if kind else None
            if len(loc) > depth + 2:
                return _model_at(model, seg, loc[depth + 2 :]) if model else None
            return model
        model = _inner_model(field.annotation)
    return model


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _single_kind(segment: dict) -> str | None:
    present = [k for k in SEGMENT_KINDS if k in segment]
    return present[0] if len(present) == 1 else None


def _allowed_keys(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _strip_tags(loc: tuple[Any, ...]) -> Loc:
    """Drop the union tags pydantic inserts after an agenda index (`agenda.3.primer.minutes`)."""
    parts = list(loc)
    if len(parts) > 2 and parts[0] == "agenda" and isinstance(parts[1], int) and parts[2] in SEGMENT_KINDS:
        del parts[2]
    # pydantic names the alias "break" in loc already; nested union members add class names, and a
    # union's plain branches their type (`constrained-str`): neither is a key of the file.
    return tuple(p for p in parts if not (isinstance(p, str) and (p[:1].isupper() or p in _SCALAR_TAGS)))


def translate(doc: SourceDoc, root: type[BaseModel], error: dict[str, Any]) -> Diagnostic:
    """Return a Diagnostic for one pydantic error, worded for a facilitator."""
    loc = _strip_tags(error["loc"])
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    name = str(loc[-1]) if loc else ""
    code = "schema." + kind.replace("_", "-")

    if kind == "extra_forbidden":
        model = _model_at(root, doc.data, loc[:-1])
        allowed = _allowed_keys(model) if model else []
        hint = did_you_mean(name, allowed)
        tail = f"; allowed here: {', '.join(allowed)}" if allowed else ""
        return doc.diagnostic(loc, f"unknown key '{name}'{hint}{tail}", "schema.unknown-key", key=True)
    if kind == "missing":
        return doc.diagnostic(loc, f"'{name}' is required here; add `{name}:`", "schema.missing")
    if kind == "segment_kind":
        keys = list(value) if isinstance(value, dict) else []
        present = [k for k in keys if k in SEGMENT_KINDS]
        allowed = ", ".join(SEGMENT_KINDS)
        if len(present) > 1:
            message = f"a segment has one kind, this one has {' and '.join(present)}"
        elif isinstance(value, dict):
            common = set(_allowed_keys(SEGMENT_MODELS["discussion"])) | {"use", "instructions"}
            unknown = [k for k in keys if k not in common]
            if unknown:
                hint = did_you_mean(unknown[0], SEGMENT_KINDS)
                message = f"unknown segment kind '{unknown[0]}'{hint}; use one of: {allowed}"
                return doc.diagnostic((*loc, unknown[0]), message, "schema.segment-kind", key=True)
            message = f"a segment starts with its kind; use one of: {allowed}"
        else:
            message = f"expected a segment (a mapping such as `primer: <id>`), got {_describe(value)}"
        return doc.diagnostic(loc, message, "schema.segment-kind")
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        options = [o.strip().strip("'") for o in expected.replace(" or ", ", ").split(",")]
        hint = did_you_mean(str(value), options)
        return doc.diagnostic(
            loc, f"{_describe(value)} is not allowed{hint}; use one of: {', '.join(options)}", code
        )
    if kind == "string_pattern_mismatch":
        return doc.diagnostic(
            loc,
            f"{_describe(value)} is not a valid id; use lowercase letters, digits and hyphens",
            "schema.id",
        )
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return doc.diagnostic(loc, f"expected a whole number, got {_describe(value)}", "schema.int")
    if kind in ("greater_than_equal", "greater_than"):
        limit = ctx.get("ge", ctx.get("gt"))
        return doc.diagnostic(loc, f"must be at least {limit}, got {value}", "schema.too-small")
    if kind in ("less_than_equal", "less_than"):
        limit = ctx.get("le", ctx.get("lt"))
        return doc.diagnostic(loc, f"must be at most {limit}, got {value}", "schema.too-big")
    if kind in ("too_short",) and isinstance(value, list):
        return doc.diagnostic(loc, f"needs at least {ctx.get('min_length', 1)} item(s)", code)
    if kind == "string_too_long" and isinstance(value, str):
        return doc.diagnostic(
            loc,
            f"is {len(value):,} characters long; at most {ctx.get('max_length'):,} fit here "
            "(a title or a name); put longer text in notes or a summary",
            "schema.too-long",
        )
    if kind == "too_long" and isinstance(value, list):
        return doc.diagnostic(
            loc,
            f"has {len(value):,} items; at most {ctx.get('max_length'):,} are allowed here",
            "schema.too-long",
        )
    if kind == "string_too_short":
        return doc.diagnostic(loc, "must not be empty", "schema.empty")
    if kind == "string_type":
        return doc.diagnostic(loc, f"expected text, got {_describe(value)}", "schema.text")
    if kind == "list_type":
        return doc.diagnostic(
            loc,
            f"expected a list (lines starting with '- '), got {_describe(value)}",
            "schema.list",
        )
    if kind in _MAPPING_KINDS:
        return doc.diagnostic(loc, f"expected a mapping of keys, got {_describe(value)}", "schema.map")
    if kind == "path_type":
        return doc.diagnostic(
            loc, f"expected a file name such as images/logo.png, got {_describe(value)}", "schema.path"
        )
    if kind == "bool_type" or kind == "bool_parsing":
        return doc.diagnostic(loc, f"expected true or false, got {_describe(value)}", "schema.bool")
    if kind.startswith("date"):
        reason = error["msg"].split(",", 1)[-1].strip() if "," in error["msg"] else "not a date"
        return doc.diagnostic(
            loc,
            f"{_describe(value)} is not a valid date ({reason}); write YYYY-MM-DD",
            "schema.date",
        )
    if kind == "value_error":
        message = str(ctx.get("error", error["msg"]))
        return doc.diagnostic(loc, message, "schema.value")
    if kind == "union_tag_invalid" or kind.startswith("union"):
        return doc.diagnostic(loc, f"{_describe(value)} does not fit here", "schema.union")
    return doc.diagnostic(loc, error["msg"], code)


def _other_branch(error: dict[str, Any]) -> bool:
    """Return True for a union's text branch refusing a mapping (`theme: {…}` is not a theme id).

    The mapping branch reports what is really wrong inside the mapping; this one only adds noise.
    """
    return isinstance(error.get("input"), dict) and any(part in _SCALAR_TAGS for part in error["loc"])


def _text_or_mapping_refused(errors: list[dict[str, Any]]) -> set[Loc]:
    """Return where a union of text and a mapping refused a value in both branches (`theme: [1]`).

    Such a value is one fault, said once: it is neither text nor a mapping.
    """
    text = {
        _strip_tags(e["loc"]) for e in errors if e["type"] == "string_type" and _SCALAR_TAGS & set(e["loc"])
    }
    mapping = {
        _strip_tags(e["loc"])
        for e in errors
        if e["type"] in _MAPPING_KINDS and any(isinstance(p, str) and p[:1].isupper() for p in e["loc"])
    }
    return text & mapping


def check_model(
    doc: SourceDoc, model: type[M], languages: Languages | None = None
) -> tuple[M | None, list[Diagnostic]]:
    """Validate `doc.data` against `model`; return the object or every error found.

    With `languages`, texts given per language (`{en: …, fr: …}`) are picked for the
    build's language, and one warning names the fields that had none in it.
    """
    if not isinstance(doc.data, dict):
        if doc.data is None:
            what = "is empty" if not doc.value_marks else "holds nothing"
            message = f"the file {what}; it should be a mapping of keys such as `id:` and `title:`"
        else:
            message = f"the top level should be a mapping of keys (id:, title:, …), got {_describe(doc.data)}"
        return None, [Diagnostic(doc.shown_path, 0, 0, "", message, "schema.top-level")]
    if languages is not None:
        languages = languages.for_file(languages.written)  # a fresh list of what fell back
    try:
        checked = model.model_validate(doc.data, context=languages)
        fallback = fallback_warning(doc, languages) if languages is not None else None
        return checked, [fallback] if fallback else []
    except ValidationError as exc:
        seen: set[str] = set()
        diagnostics = []
        errors = exc.errors(include_url=False)
        neither = _text_or_mapping_refused(errors)
        for examined, error in enumerate(errors):
            if len(diagnostics) == MAX_DIAGNOSTICS:  # wording each costs; count the rest instead
                more = more_diagnostic(doc.shown_path, len(errors) - examined)
                return None, [*sorted(diagnostics, key=lambda d: (d.line, d.col)), more]
            if len(errors) > 1 and _other_branch(error):
                continue
            loc = _strip_tags(error["loc"])
            if loc in neither:
                message = f"expected text or a mapping of keys, got {_describe(error.get('input'))}"
                diagnostic = doc.diagnostic(loc, message, "schema.text-or-map")
            else:
                diagnostic = translate(doc, model, error)
            if diagnostic.format() not in seen:
                seen.add(diagnostic.format())
                diagnostics.append(diagnostic)
        return None, sorted(diagnostics, key=lambda d: (d.line, d.col))


def model_keys(model: type[Model]) -> list[str]:
    """Return the keys a model accepts, aliases included (for did-you-mean)."""
    return _allowed_keys(model)
