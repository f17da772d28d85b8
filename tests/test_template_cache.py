"""Compiled templates are kept and reused like Python's bytecode, and never trusted across changes."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment

from facilitator.render import guide
from facilitator.render.template_cache import PACKAGE_CACHE, TemplateCache


@pytest.fixture
def writes_bytecode(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bytecode may be written, whatever PYTHONDONTWRITEBYTECODE says where the tests run."""
    monkeypatch.setattr(sys, "dont_write_bytecode", False)


def _env(cache: TemplateCache, templates: dict[str, str], **options: object) -> Environment:
    return Environment(loader=DictLoader(templates), bytecode_cache=cache, **options)  # type: ignore[arg-type]


def _refuse_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    def compile_(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled although a cached copy was there")

    monkeypatch.setattr(Environment, "compile", compile_)


def test_a_template_compiled_once_is_loaded_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writes_bytecode: None
) -> None:
    cache = TemplateCache(tmp_path / "cache")
    templates = {"page.j2": "{% for n in items %}<{{ n }}>{% endfor %}"}
    first = _env(cache, templates).get_template("page.j2").render(items=[1, 2])
    assert first == "<1><2>"
    assert len(list((tmp_path / "cache").glob("*.jinja"))) == 1
    _refuse_compiling(monkeypatch)
    again = _env(cache, templates).get_template("page.j2").render(items=[1, 2])  # a fresh environment
    assert again == first


def test_an_edited_template_or_setting_compiles_afresh(tmp_path: Path, writes_bytecode: None) -> None:
    cache = TemplateCache(tmp_path)
    assert _env(cache, {"t.j2": "{{ x }}!"}).get_template("t.j2").render(x="<b>") == "<b>!"
    assert _env(cache, {"t.j2": "{{ x }}?"}).get_template("t.j2").render(x="<b>") == "<b>?"
    escaped = _env(cache, {"t.j2": "{{ x }}?"}, autoescape=True).get_template("t.j2").render(x="<b>")
    assert escaped == "&lt;b&gt;?"
    trimmed = _env(cache, {"t.j2": "{% if 1 %}\nA{% endif %}"}, trim_blocks=True).get_template("t.j2")
    assert trimmed.render() == "A"
    assert _env(cache, {"t.j2": "{% if 1 %}\nA{% endif %}"}).get_template("t.j2").render() == "\nA"
    # One file per setting (plain, autoescaped, trimmed): an edit replaces its template's file.
    assert len(list(tmp_path.glob("*.jinja"))) == 3


def test_nothing_is_written_when_python_writes_no_bytecode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert (
        _env(TemplateCache(tmp_path / "cache"), {"t.j2": "{{ 1 + 1 }}"}).get_template("t.j2").render() == "2"
    )
    assert not (tmp_path / "cache").exists()


def test_a_folder_that_cannot_be_written_only_costs_a_compile(tmp_path: Path, writes_bytecode: None) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    cache = TemplateCache(blocked / "cache")
    assert _env(cache, {"t.j2": "{{ 2 * 3 }}"}).get_template("t.j2").render() == "6"
    assert blocked.read_text() == "not a folder"


def test_a_damaged_cache_file_is_compiled_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writes_bytecode: None
) -> None:
    cache = TemplateCache(tmp_path)
    templates = {"t.j2": "{{ 6 * 7 }}"}
    _env(cache, templates).get_template("t.j2")
    (saved,) = tmp_path.glob("*.jinja")
    saved.write_bytes(saved.read_bytes()[:40])  # cut short
    assert _env(cache, templates).get_template("t.j2").render() == "42"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_a_link_in_the_cache_is_replaced_not_written_through(tmp_path: Path, writes_bytecode: None) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    cache = TemplateCache(tmp_path / "cache")
    templates = {"t.j2": "{{ 'ok' }}"}
    _env(cache, templates).get_template("t.j2")
    (saved,) = (tmp_path / "cache").glob("*.jinja")
    saved.unlink()
    saved.symlink_to(victim)
    assert _env(cache, templates).get_template("t.j2").render() == "ok"
    assert victim.read_text() == "keep me"
    assert not saved.is_symlink()  # the link itself was replaced by the fresh file

    linked = tmp_path / "linked-cache"
    linked.symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (tmp_path / "elsewhere").mkdir()
    assert _env(TemplateCache(linked), templates).get_template("t.j2").render() == "ok"
    assert list((tmp_path / "elsewhere").iterdir()) == []  # a linked folder is never written into


def test_the_guide_templates_use_the_package_cache() -> None:
    env = guide.environment(True, "en")
    assert isinstance(env.bytecode_cache, TemplateCache)
    assert env.bytecode_cache.folder == PACKAGE_CACHE
    assert PACKAGE_CACHE.parent.name == "templates" and (PACKAGE_CACHE.parent / "guide.html.j2").is_file()
