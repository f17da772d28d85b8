"""`facilitator --help` and `validate` never import python-pptx, reportlab, Babel, HarfBuzz or python-bidi.

Nor jinja2, unless the workshop has `{{ placeholders }}` to fill.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
PROBE = """
import json, sys
from facilitator.cli import cli
code = 0
try:
    code = cli.main(args=sys.argv[1:], prog_name="facilitator", standalone_mode=False) or 0
except SystemExit as exc:
    code = exc.code
probed = {"pptx", "reportlab", "PIL", "pypdf", "jinja2", "babel", "uharfbuzz", "bidi"}
loaded = sorted(m for m in sys.modules if m.split(".")[0] in probed)
print(json.dumps({"code": code, "modules": loaded}))
"""


def _modules_after(*args: str) -> list[str]:
    """Run the command line with `args` in a fresh process; return the heavy modules it imported."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=PROJECT, env=env, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["code"] == 0, f"facilitator {' '.join(args)} failed:\n{proc.stderr}"
    return report["modules"]


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("build", "--help"),
        ("validate", "workshops/allyship-practice.yaml"),
        ("validate", "tests/roots/minimal/workshop.yaml"),
        ("validate", "tests/roots/french/workshop.yaml"),
        ("validate", "tests/roots/arabic/workshop.yaml"),
    ],
)
def test_help_and_validate_stay_light(args: tuple[str, ...]) -> None:
    loaded = _modules_after(*args)
    heavy = [
        m for m in loaded if m.split(".")[0] in ("pptx", "reportlab", "babel", "uharfbuzz", "bidi", "jinja2")
    ]
    assert heavy == [], f"facilitator {' '.join(args)} imported {heavy}"


def test_validate_imports_jinja2_for_placeholders_only(tmp_path: Path) -> None:
    shutil.copytree(PROJECT / "tests" / "roots" / "minimal", tmp_path / "minimal")
    workshop = tmp_path / "minimal" / "workshop.yaml"
    source = workshop.read_text(encoding="utf-8")
    filled = 'variables: {team: Riverside}\ntitle: "{{ team }}: a small test workshop"'
    workshop.write_text(source.replace("title: A small test workshop", filled, 1), encoding="utf-8")
    assert "{{ team }}" in workshop.read_text(encoding="utf-8")
    assert "jinja2" in _modules_after("validate", str(workshop))


def test_the_probe_sees_a_build_import_them(tmp_path: Path) -> None:
    minimal = "tests/roots/minimal/workshop.yaml"
    loaded = _modules_after("build", minimal, "--out", str(tmp_path), "--only", "deck")
    assert "pptx" in loaded
    assert "babel" in loaded  # dates on the title slide
