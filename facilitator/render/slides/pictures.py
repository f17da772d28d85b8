"""Pictures a slide adds: where the logo goes, sized as python-pptx would size it."""

from __future__ import annotations

from pathlib import Path

from facilitator.render.slides.model import Box

EMU_PER_PT = 12700
LOGO_HEIGHT, LOGO_WIDEST, LOGO_TOP, LOGO_RIGHT = 60.0, 160.0, 30.0, 54.0  # on a 960 × 540 pt page


def logo_box(path: Path, width: float, height: float) -> Box:
    """Return the logo's box in the page's top-right corner: 60 pt high, at most 160 pt wide (on 7.5 in).

    Sizes are worked out in EMU from the image's pixels and resolution as
    python-pptx does, so the painter places exactly this box.
    """
    from PIL import Image

    scale = height / 540.0
    with Image.open(path) as image:
        px_w, px_h = image.size
        dpi = image.info.get("dpi")
    horz, vert = (_int_dpi(dpi[0]), _int_dpi(dpi[1])) if isinstance(dpi, tuple) else (72, 72)
    native_cx, native_cy = int(914400 * px_w / horz), int(914400 * px_h / vert)
    cy = round(LOGO_HEIGHT * scale * EMU_PER_PT)
    cx = round(native_cx * (float(cy) / float(native_cy)))
    most = round(LOGO_WIDEST * scale * EMU_PER_PT)
    if cx > most:
        cy = round(cy * (LOGO_WIDEST * scale * EMU_PER_PT / cx))
        cx = most
    left = round((width - LOGO_RIGHT * width / 960.0) * EMU_PER_PT) - cx
    return Box(left / EMU_PER_PT, LOGO_TOP * scale, cx / EMU_PER_PT, cy / EMU_PER_PT)


def _int_dpi(value: object) -> int:
    try:
        dpi = round(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 72
    return dpi if 1 <= dpi <= 2048 else 72
