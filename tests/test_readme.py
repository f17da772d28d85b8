"""The README's YAML reference matches the schema, and its examples are real."""

from __future__ import annotations

from facilitator.authoring.reference import END, START, reference_markdown

from .conftest import PROJECT


def test_yaml_reference_is_up_to_date():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index(START) : readme.index(END) + len(END)]
    assert block == reference_markdown(), "README is stale: run `make docs`"


def test_every_workshop_key_is_documented():
    from facilitator.workshop.schema import Workshop

    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    for name, field in Workshop.model_fields.items():
        assert f"| `{field.alias or name}` |" in readme
