"""Draw the README's pictures: decks on real templates, and a page of notes.pdf and slides-handout.pdf.

For the default template and each template the tests build on (LibreOffice's
Vivid, Blue Curve and Vintage, converted with `soffice --convert-to pptx`, and
pandoc's reference deck), the introduction workshop is built on it, drawn by
LibreOffice, and its title slide and first discussion slide are put side by
side in one small PNG. Needs soffice, pdftoppm and pandoc:

    .venv/bin/python docs/make_pictures.py
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
HERE = DOCS / "templates"
PROJECT = DOCS.parent
sys.path.insert(0, str(PROJECT))

from facilitator import api  # noqa: E402  (after the path is set)
from facilitator.render import deck, notes, slides_handout  # noqa: E402
from tests.real_templates import libreoffice_template_folder  # noqa: E402

WORKSHOP = PROJECT / "workshops" / "allyship-intro.yaml"
TEMPLATES = {"vivid": "Vivid", "blue-curve": "Blue_Curve", "vintage": "Vintage"}
HEIGHT = 150  # pixels of each slide in the picture


def templates(work: Path) -> dict[str, Path | None]:
    """Return each template's file (None for the default theme's), converted into `work`."""
    folder = libreoffice_template_folder()
    if folder is None or shutil.which("pandoc") is None:
        raise SystemExit("needs LibreOffice (soffice) with its templates, and pandoc")
    sources = [str(folder / f"{stem}.otp") for stem in TEMPLATES.values()]
    profile = (work / "profile").as_uri()
    command = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pptx"]
    subprocess.run([*command, "--outdir", str(work), *sources], check=True, capture_output=True)
    found: dict[str, Path | None] = {"default": None}
    found |= {name: work / f"{stem}.pptx" for name, stem in TEMPLATES.items()}
    pandoc = work / "pandoc.pptx"
    subprocess.run(["pandoc", "-o", str(pandoc), "--print-default-data-file", "reference.pptx"], check=True)
    found["pandoc"] = pandoc
    return found


def picture(name: str, template: Path | None, work: Path) -> Path:
    """Build the workshop on `template`, draw it and write docs/templates/<name>.png."""
    folder = work / name
    shutil.copytree(WORKSHOP.parent, folder, ignore=shutil.ignore_patterns("library", "*.pptx"))
    path = folder / WORKSHOP.name
    text = re.sub(r"\ntheme:[^\n]*\n", "\n", path.read_text(encoding="utf-8"))
    if template is not None:
        shutil.copy(template, folder / template.name)
        text += f"theme:\n  template: {template.name}\n"
    path.write_text(text, encoding="utf-8")
    [output] = deck.render(api.load_plan(path))
    pptx = folder / "deck.pptx"
    pptx.write_bytes(output.data)
    profile = (work / "profile").as_uri()
    command = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
    subprocess.run([*command, "--outdir", str(folder), str(pptx)], check=True, capture_output=True)
    from pptx import Presentation

    titles = [
        s.shapes.title.text_frame.text if s.shapes.title else "" for s in Presentation(str(pptx)).slides
    ]
    second = next(i for i, t in enumerate(titles, start=1) if t.startswith("Noticing privilege"))
    pngs = []
    for page in (1, second):
        stem = folder / f"page{page}"
        scale = ["-scale-to-y", str(HEIGHT), "-scale-to-x", "-1"]
        pages = ["-f", str(page), "-l", str(page)]
        subprocess.run(["pdftoppm", "-png", *pages, *scale, str(folder / "deck.pdf"), str(stem)], check=True)
        pngs.append(next(folder.glob(f"page{page}*.png")))
    from PIL import Image

    images = [Image.open(p) for p in pngs]
    gap = 8
    sheet = Image.new("RGB", (sum(i.width for i in images) + gap, HEIGHT), "white")
    x = 0
    for image in images:
        sheet.paste(image, (x, 0))
        x += image.width + gap
    target = HERE / f"{name}.png"
    sheet.save(target, optimize=True)
    return target


def pdf_pages(work: Path) -> list[Path]:
    """Draw one notes page (a primer's first slide) and the first page of the slides handout."""
    plan = api.load_plan(WORKSHOP)
    written = []
    for module, page, name in ((notes, 8, "notes-page"), (slides_handout, 1, "slides-handout-page")):
        [output] = module.render(plan)
        pdf = work / output.name
        pdf.write_bytes(output.data)
        stem = work / name
        pages = ["-f", str(page), "-l", str(page)]
        subprocess.run(["pdftoppm", "-png", *pages, "-scale-to", "560", str(pdf), str(stem)], check=True)
        target = DOCS / f"{name}.png"
        shutil.move(next(work.glob(f"{name}*.png")), target)
        written.append(target)
    return written


def main() -> None:
    """Write every picture and say so."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, template in templates(work).items():
            print(f"wrote {picture(name, template, work).relative_to(PROJECT)}")
        for target in pdf_pages(work):
            print(f"wrote {target.relative_to(PROJECT)}")


if __name__ == "__main__":
    main()
