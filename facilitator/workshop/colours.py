"""Colour contrast as WCAG defines it: relative luminance and the contrast ratio of two colours."""

from __future__ import annotations

WCAG_AA = 4.5  # the contrast ratio WCAG AA asks of body text


def relative_luminance(colour: str) -> float:
    """Return the WCAG relative luminance of `#RRGGBB`."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def readable(foreground: str, background: str, target: float = WCAG_AA) -> str:
    """Return the colour nearest `foreground` in hue that reaches `target` contrast on `background`.

    Lightness moves towards black or white, whichever gives more contrast against the
    background, in small steps; the first colour that reaches the target is returned.
    """
    import colorsys

    r, g, b = (int(foreground[i : i + 2], 16) / 255 for i in (1, 3, 5))
    hue, lightness, saturation = colorsys.rgb_to_hls(r, g, b)
    darker = contrast_ratio("#000000", background) >= contrast_ratio("#FFFFFF", background)
    for step in range(1, 101):
        level = lightness * (1 - step / 100) if darker else lightness + (1 - lightness) * step / 100
        candidate = "#" + "".join(
            f"{round(c * 255):02X}" for c in colorsys.hls_to_rgb(hue, level, saturation)
        )
        if contrast_ratio(candidate, background) >= target:
            return candidate
    return "#000000" if darker else "#FFFFFF"


def contrast_ratio(foreground: str, background: str) -> float:
    """Return the WCAG contrast ratio of two colours (1 to 21)."""
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
