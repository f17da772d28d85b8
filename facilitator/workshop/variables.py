"""Fill `{{ name }}` placeholders in workshop and library text from the workshop's `variables:`.

Placeholders are rendered by jinja2's `ImmutableSandboxedEnvironment` with
`StrictUndefined`, and before that every placeholder is checked on its syntax
tree: only a plain name, optionally followed by filters from `FILTERS`
(`{{ organisation | upper }}`), is allowed. Attribute or item access, calls,
literals and `{% ... %}` statements are refused with a positioned error, so a
workshop file cannot reach Python objects or the file system.

Substitution runs on the parsed data, before schema validation, so every error
carries the file, line and column of the text it came from. Text without a
placeholder is returned as it is, without going near jinja2 (which is imported
only for the first text that has one: `validate` of a workshop without
placeholders never loads it).
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from facilitator.errors import Diagnostic, did_you_mean
from facilitator.workshop.languages import choose
from facilitator.workshop.source import MAX_TEXT_CHARS, Loc, SourceDoc

BUILTIN_NAMES = ("organisation", "location", "facilitators", "title", "date")
FILTERS = ("upper", "lower", "title", "capitalize", "trim")
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_MARKERS = ("{{", "{%", "{#")
_SPAN = re.compile(r"\{\{.*?\}\}", re.DOTALL)
_STATEMENT = re.compile(r"\{%.*?(%\}|$)", re.DOTALL)
_ALLOWED = "only placeholders such as {{ organisation }} are allowed, optionally with a filter: " + ", ".join(
    f"| {name}" for name in FILTERS
)

if TYPE_CHECKING:
    from jinja2 import nodes
    from jinja2.sandbox import ImmutableSandboxedEnvironment


@lru_cache(maxsize=1)
def _environment() -> ImmutableSandboxedEnvironment:
    """Return the sandbox placeholders are parsed and filled in (jinja2 imported on first use)."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = ImmutableSandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=False,
        lstrip_blocks=False,
    )
    # Nothing but the whitelisted filters and no globals (range, cycler, joiner, namespace, lipsum, dict).
    env.filters = {name: env.filters[name] for name in FILTERS}
    env.tests = {}
    env.globals = {}
    return env


def has_placeholder(text: str) -> bool:
    """Return True when `text` holds template markup (`{{`, `{%` or `{#`)."""
    return "{" in text and any(marker in text for marker in _MARKERS)


@dataclasses.dataclass(frozen=True)
class _Compiled:
    """A checked text: its syntax tree and the names it uses, or why it was refused."""

    tree: Any = None  # made a template (`_template`) only once the filled text is known to fit
    names: tuple[str, ...] = ()
    problem: str | None = None
    code: str = ""
    uses: tuple[str, ...] = ()  # the name of each placeholder, in order, repeats included
    fixed_chars: int = 0  # characters of the text outside its placeholders


def _quote(snippet: str) -> str:
    snippet = " ".join(snippet.split())
    return snippet if len(snippet) <= 60 else snippet[:57] + "…"


def _check_expr(node: nodes.Node, names: list[str]) -> str | None:
    """Return why an expression is refused, or None (collecting the names it reads)."""
    from jinja2 import nodes

    if isinstance(node, nodes.Name) and node.ctx == "load":
        names.append(node.name)
        return None
    if isinstance(node, nodes.Filter):
        if node.name not in FILTERS:
            hint = did_you_mean(node.name, FILTERS)
            return f"the filter '{node.name}' is not allowed{hint}; {_ALLOWED}"
        if node.args or node.kwargs or node.dyn_args or node.dyn_kwargs:
            return f"filters take no arguments here; {_ALLOWED}"
        if node.node is None:
            return _ALLOWED
        return _check_expr(node.node, names)
    if isinstance(node, (nodes.Getattr, nodes.Getitem)):
        return f"reaching into a value (`.`, `[...]`) is not allowed; {_ALLOWED}"
    if isinstance(node, nodes.Call):
        return f"calls are not allowed; {_ALLOWED}"
    if isinstance(node, nodes.Literal):
        return f"literal values are not allowed in a placeholder; write the text itself. {_ALLOWED}"
    return f"expressions are not allowed; {_ALLOWED}"


@lru_cache(maxsize=4096)
def _compile(text: str) -> _Compiled:
    statement = _STATEMENT.search(text)
    if statement:
        return _Compiled(
            problem=f"`{_quote(statement.group())}`: template statements ({{% ... %}}) are not allowed; "
            + _ALLOWED,
            code="variables.not-allowed",
        )
    from jinja2 import TemplateSyntaxError, nodes

    try:
        tree = _environment().parse(text)
    except TemplateSyntaxError as exc:
        return _Compiled(problem=f"placeholder syntax: {exc.message}", code="variables.syntax")
    spans = _SPAN.findall(text)
    names: list[str] = []
    position = fixed = 0
    for output in tree.body:
        if not isinstance(output, nodes.Output):  # pragma: no cover - statements are refused above
            return _Compiled(problem=_ALLOWED, code="variables.not-allowed")
        for node in output.nodes:
            if isinstance(node, nodes.TemplateData):
                fixed += len(node.data)
                continue
            snippet = spans[position] if position < len(spans) else text
            position += 1
            problem = _check_expr(node, names)
            if problem:
                return _Compiled(problem=f"`{_quote(snippet)}`: {problem}", code="variables.not-allowed")
    return _Compiled(tree=tree, names=tuple(dict.fromkeys(names)), uses=tuple(names), fixed_chars=fixed)


@lru_cache(maxsize=4096)
def _template(text: str) -> Any:
    """Return the jinja2 template of a text `_compile` accepted (compiled once per text)."""
    return _environment().from_string(text)


def _fill(compiled: _Compiled, text: str, context: dict[str, str]) -> tuple[str | None, int]:
    """Return the text of a checked template filled from `context` (None if too long), and its length.

    The length is worked out before anything is filled in, from the lengths of the values.
    """
    filled = compiled.fixed_chars + sum(len(context[name]) for name in compiled.uses)
    if filled > MAX_TEXT_CHARS:
        return None, filled
    result = _template(text).render(context)
    # `upper` can lengthen a few letters (ß → SS)
    return (result if len(result) <= MAX_TEXT_CHARS else None), len(result)


def render_text(
    text: str, context: dict[str, str], doc: SourceDoc, loc: Loc
) -> tuple[str, Diagnostic | None]:
    """Return `text` with its placeholders filled, or the text unchanged and the error at `loc`."""
    if not has_placeholder(text):
        return text, None
    compiled = _compile(text)
    if compiled.problem:
        return text, doc.diagnostic(loc, compiled.problem, compiled.code)
    for name in compiled.names:
        if name not in context:
            hint = did_you_mean(name, context)
            known = ", ".join(sorted(context)) or "none yet"
            message = (
                f"unknown variable '{name}' in {{{{ {name} }}}}{hint}; define it under `variables:` "
                f"(known here: {known})"
            )
            return text, doc.diagnostic(loc, message, "variables.unknown")
    from jinja2 import TemplateError

    try:  # the length is checked before filling in: a 40 KB file once asked for 80 MB this way
        result, chars = _fill(compiled, text, context)
    except TemplateError as exc:  # StrictUndefined or the sandbox; the checks above should prevent both
        return text, doc.diagnostic(loc, f"cannot fill the placeholders: {exc}", "variables.render")
    if result is None:
        return text, _too_long(doc, loc, chars)
    return result, None


def _too_long(doc: SourceDoc, loc: Loc, chars: int) -> Diagnostic:
    message = (
        f"with its placeholders filled in, this text would be {chars:,} characters; a text may be at "
        f"most {MAX_TEXT_CHARS:,} (is a long variable used many times?)"
    )
    return doc.diagnostic(loc, message, "variables.too-long")


def substitute_data(
    data: Any, context: dict[str, str], doc: SourceDoc, loc: Loc = (), skip: frozenset[Loc] = frozenset()
) -> tuple[Any, list[Diagnostic]]:
    """Return `data` with every text's placeholders filled, and the errors found.

    Containers holding no placeholder are returned as the same object, so an
    item without placeholders costs one walk and no copies.
    """
    diagnostics: list[Diagnostic] = []
    result = _walk(data, context, doc, loc, skip, diagnostics)
    return result, diagnostics


def _walk(
    data: Any, context: dict[str, str], doc: SourceDoc, loc: Loc, skip: frozenset[Loc], out: list[Diagnostic]
) -> Any:
    if loc in skip:
        return data
    if isinstance(data, str):
        text, problem = render_text(data, context, doc, loc)
        if problem:
            out.append(problem)
        return text
    if isinstance(data, dict):
        changed = {key: _walk(value, context, doc, (*loc, key), skip, out) for key, value in data.items()}
        return data if all(changed[k] is data[k] for k in data) else changed
    if isinstance(data, list):
        items = [_walk(value, context, doc, (*loc, i), skip, out) for i, value in enumerate(data)]
        return data if all(a is b for a, b in zip(items, data, strict=True)) else items
    return data


def join_names(names: list[str]) -> str:
    """Return names joined for a sentence: `A`, `A and B`, `A, B and C`."""
    names = [str(n) for n in names]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def user_variables(data: dict[str, Any], doc: SourceDoc) -> tuple[dict[str, str], list[Diagnostic]]:
    """Return the workshop's own `variables:` as text, and errors for bad names or values."""
    raw = data.get("variables")
    if raw is None:
        return {}, []
    if not isinstance(raw, dict):
        message = "`variables:` should be a mapping of names to text, e.g. `venue: Main Hall`"
        return {}, [doc.diagnostic(("variables",), message, "variables.type")]
    found: dict[str, str] = {}
    problems = []
    for name, value in raw.items():
        loc: Loc = ("variables", name)
        if not _NAME.match(str(name)):
            problems.append(
                doc.diagnostic(
                    loc,
                    f"'{name}' is not a variable name; use letters, digits and underscores, "
                    "starting with a letter",
                    "variables.name",
                    key=True,
                )
            )
            continue
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            what = "nothing" if value is None else type(value).__name__
            problems.append(doc.diagnostic(loc, f"a variable's value is text, got {what}", "variables.value"))
            continue
        found[str(name)] = str(value)
    return found, problems


def builtin_variables(data: dict[str, Any], own: dict[str, str]) -> dict[str, str]:
    """Return the built-in variables taken from the workshop's own keys (title, date, …).

    A key given per language (`title: {en: …, fr: …}`) gives its text in the workshop's language.
    """
    raw: dict[str, str] = {}
    language = data.get("language") if isinstance(data.get("language"), str) else "en"
    for name in BUILTIN_NAMES:
        value = data.get(name)
        if isinstance(value, dict) and value and all(isinstance(v, str) for v in value.values()):
            value = value[choose(value, language)]  # text per language (the schema checks the tags)
        if name == "facilitators" and isinstance(value, list):
            value = join_names([v for v in value if isinstance(v, (str, int, float))])
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value):
            raw[name] = str(value)
    plain = {k: v for k, v in raw.items() if not has_placeholder(v)}
    base = {**plain, **own}
    for name, value in raw.items():
        if name not in plain:
            compiled = _compile(value)
            if compiled.problem is None and all(n in base for n in compiled.names):
                filled, _chars = _fill(compiled, value, base)
                if filled is not None:  # too long: the text is reported where it is filled in
                    plain[name] = filled
    return plain


def substitute_workshop(doc: SourceDoc) -> tuple[SourceDoc, dict[str, str], list[Diagnostic]]:
    """Return the workshop with its placeholders filled, the variables used, and the errors.

    The returned document keeps the positions of `doc` (and its class), so
    later errors still point into the files the text came from.
    """
    if not isinstance(doc.data, dict):
        return doc, {}, []
    own, problems = user_variables(doc.data, doc)
    context = {**builtin_variables(doc.data, own), **own}
    data, more = substitute_data(doc.data, context, doc, skip=frozenset({("variables",)}))
    if "variables" in doc.data and doc.data["variables"] != own:
        data = {**data, "variables": own}  # text values; bad entries were reported above
    if data is doc.data:
        return doc, context, problems + more
    return dataclasses.replace(doc, data=data), context, problems + more


class VariableLibrary:
    """A view of a Library whose items come back with the workshop's variables filled in.

    Each item is substituted (and validated again) the first time it is asked
    for; errors point at the library file and are collected in `diagnostics`.
    """

    def __init__(self, library: Any, context: dict[str, str]):
        self._library = library
        self._context = context
        self._done: dict[tuple[str, str], Any] = {}
        self.diagnostics: list[Diagnostic] = []
        self.incomplete = False  # a library folder of the workshop is missing: unknown ids are not errors

    def get(self, kind: str, item_id: str) -> Any:
        """Return the item of `kind` with `item_id`, placeholders filled, or None."""
        key = (kind, item_id)
        if key in self._done:
            return self._done[key]
        entry = self._library.items[kind].get(item_id)
        item = None
        if entry is not None:
            item = entry.item
            from facilitator.workshop.review import review_warning

            unreviewed = review_warning(kind, item_id, entry.doc.data, entry.doc)
            if unreviewed is not None:
                self.diagnostics.append(unreviewed)
            fallback = getattr(entry, "fallback", None)  # texts with none in the build's language
            if fallback is not None:
                self.diagnostics.append(fallback)
            data, problems = substitute_data(entry.doc.data, self._context, entry.doc)
            self.diagnostics += problems
            if data is not entry.doc.data and not problems:
                from facilitator.workshop.library_schema import LIBRARY_MODELS
                from facilitator.workshop.validate import check_model

                filled = dataclasses.replace(entry.doc, data=data)
                checked, invalid = check_model(
                    filled, LIBRARY_MODELS[kind], getattr(entry, "languages", None)
                )
                self.diagnostics += [d for d in invalid if d.severity == "error"]
                item = checked or item
        self._done[key] = item
        return item

    def __getattr__(self, name: str) -> Any:
        return getattr(self._library, name)
