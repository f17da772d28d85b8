"""Real presentation templates for the tests, made once per test session.

A template from a real designer has several masters, master graphics, its own
page size and quirks of the program that saved it; a template python-pptx
makes has none of these. So the tests use real ones:

- LibreOffice's shipped templates (`share/template/common/presnt/*.otp` in
  its install), converted with `soffice --headless --convert-to` to .pptx and
  to .potx: one LibreOffice run per format for all of them (the format is a
  run-wide option), sharing one fresh profile;
- pandoc's default reference deck (`pandoc --print-default-data-file
  reference.pptx`), 10 × 5.625 in with speaker notes.

| name             | page                  | why it is here                                        |
|------------------|-----------------------|-------------------------------------------------------|
| vivid.*          | 28 × 15.75 cm (16:9)  | 3 masters; bands on each, a picture background on one |
| blue-curve.*     | 28 × 15.75 cm (16:9)  | curves drawn on the master across the page            |
| vintage.*        | 28 × 21 cm (4:3)      | a 4:3 page; a picture on each of its 4 masters        |
| pandoc.pptx      | 10 × 5.625 in (16:9)  | `screen16x9`, a notes master and notes slides         |

LibreOffice's .potx differs from its .pptx in more than the content type (it
spells one relationship type `officedocument`, lower case), so both are made
rather than one derived from the other.

Use the fixtures (conftest.py makes them available to every test):

    def test_x(real_template: RealTemplate) -> None:   # one test per template file
        prs = Presentation(str(real_template.path)) ...

    def test_y(real_templates: dict[str, RealTemplate]) -> None:   # all at once
        vivid = real_templates["vivid.pptx"]

A template whose tool (soffice, pandoc) is not installed skips its test with
the reason (in CI, where `.ci/run` installs both, conftest.py turns that skip
into a failure). The files are shared by the whole session (under pytest-xdist, by every
worker of the run: one worker makes them, the others wait for it): copy one before changing it.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

# Our name → LibreOffice's template file (without .otp).
LIBREOFFICE_TEMPLATES = {"vivid": "Vivid", "blue-curve": "Blue_Curve", "vintage": "Vintage"}
SUFFIXES = (".pptx", ".potx")
# Every template file a test can ask for, in a stable order (the parameters of `real_template`).
REAL_TEMPLATE_NAMES = [f"{name}{suffix}" for name in LIBREOFFICE_TEMPLATES for suffix in SUFFIXES] + [
    "pandoc.pptx"
]
EMU_PER_CM = 360_000
EMU_PER_INCH = 914_400


@dataclass(frozen=True)
class RealTemplate:
    """One converted template: its name (`vivid.pptx`), file and page size in EMU (from presentation.xml)."""

    name: str
    path: Path
    width: int
    height: int

    @property
    def ratio(self) -> float:
        """Return the page's width divided by its height."""
        return self.width / self.height


def libreoffice_template_folder() -> Path | None:
    """Return the folder of LibreOffice's shipped presentation templates, or None without LibreOffice."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    program = Path(soffice).resolve().parent  # /usr/bin/soffice → /usr/lib/libreoffice/program
    folder = program.parent / "share" / "template" / "common" / "presnt"
    return folder if folder.is_dir() else None


def _slide_size(path: Path) -> tuple[int, int]:
    from lxml import etree

    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("ppt/presentation.xml"))
    size = root.find("{http://schemas.openxmlformats.org/presentationml/2006/main}sldSz")
    assert size is not None, f"{path.name} has no slide size"
    return int(size.get("cx")), int(size.get("cy"))


def _convert_with_libreoffice(folder: Path, out: Path) -> dict[str, Path]:
    """Convert every LibreOffice template we use to .pptx and .potx in `out`; return name → file."""
    sources = [folder / f"{stem}.otp" for stem in LIBREOFFICE_TEMPLATES.values()]
    absent = [s.name for s in sources if not s.is_file()]
    assert not absent, f"LibreOffice's templates {absent} are not in {folder}"
    profile = out / "lo-profile"  # a fresh profile: no clash with a LibreOffice the user has open
    made: dict[str, Path] = {}
    for suffix in SUFFIXES:
        command = [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            suffix.lstrip("."),
            "--outdir",
            str(out),
            *map(str, sources),
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=300)
        for name, stem in LIBREOFFICE_TEMPLATES.items():
            converted = out / f"{stem}{suffix}"
            assert converted.is_file(), f"soffice did not write {converted.name}:\n{result.stderr}"
            made[f"{name}{suffix}"] = converted.rename(out / f"{name}{suffix}")
    return made


def _pandoc_reference(out: Path) -> Path:
    path = out / "pandoc.pptx"
    command = ["pandoc", "-o", str(path), "--print-default-data-file", "reference.pptx"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert path.is_file(), f"pandoc did not write its reference deck:\n{result.stderr}"
    return path


@dataclass
class RealTemplates:
    """The session's converted templates, and why any could not be made."""

    made: dict[str, RealTemplate]
    reasons: dict[str, str]

    def get(self, name: str) -> RealTemplate:
        """Return the template `name`, or skip saying which tool is missing."""
        if name not in self.made:
            pytest.skip(self.reasons[name])
        return self.made[name]


def make_real_templates(out: Path) -> RealTemplates:
    """Convert every real template into `out` with the tools that are installed."""
    files: dict[str, Path] = {}
    reasons: dict[str, str] = {}
    folder = libreoffice_template_folder()
    if folder is None:
        for name in REAL_TEMPLATE_NAMES[:-1]:
            reasons[name] = "LibreOffice (soffice) and its presentation templates are not installed"
    else:
        files.update(_convert_with_libreoffice(folder, out))
    if shutil.which("pandoc") is None:
        reasons["pandoc.pptx"] = "pandoc is not installed"
    else:
        files["pandoc.pptx"] = _pandoc_reference(out)
    made = {name: RealTemplate(name, path, *_slide_size(path)) for name, path in files.items()}
    return RealTemplates(made, reasons)


@pytest.fixture(scope="session")
def _real_template_set(tmp_path_factory: pytest.TempPathFactory) -> RealTemplates:
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return make_real_templates(tmp_path_factory.mktemp("real-templates"))
    # Under pytest-xdist (`make test`) every worker is its own session: the first to get here makes
    # the templates in the run's shared folder (the workers' temporary folders sit side by side in
    # it) while the others wait on the lock, then read what it made.
    shared = tmp_path_factory.getbasetemp().parent / "real-templates"
    shared.mkdir(exist_ok=True)
    with open(shared / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = shared / "made.json"
        if not done.exists():
            templates = make_real_templates(shared)
            record = {name: str(t.path) for name, t in templates.made.items()}
            done.write_text(json.dumps({"made": record, "reasons": templates.reasons}), encoding="utf-8")
        record = json.loads(done.read_text(encoding="utf-8"))
    made = {
        name: RealTemplate(name, Path(path), *_slide_size(Path(path)))
        for name, path in record["made"].items()
    }
    return RealTemplates(made, record["reasons"])


@pytest.fixture(scope="session")
def real_templates(_real_template_set: RealTemplates) -> dict[str, RealTemplate]:
    """Return every real template that could be made, by name (`vivid.pptx`, `pandoc.pptx`…).

    Skips, saying why, when none could be made.
    """
    if not _real_template_set.made:
        pytest.skip("; ".join(sorted(set(_real_template_set.reasons.values()))))
    return _real_template_set.made


@pytest.fixture(params=REAL_TEMPLATE_NAMES)
def real_template(request: pytest.FixtureRequest, _real_template_set: RealTemplates) -> RealTemplate:
    """Return one real template; a test asking for it runs once per name in REAL_TEMPLATE_NAMES."""
    return _real_template_set.get(request.param)
