"""Text in the printed documents: inline Markdown as reportlab markup, paragraphs, headings, bookmarks."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from facilitator.render.pdf_bidi import BidiParagraph
from facilitator.render.pdfkit.styles import KEEP_WITH_NEXT_STYLES, Styles
from facilitator.text.markup import parse_inline
from facilitator.text.typography import pdf_spaces


def _attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def markup(text: str, styles: Styles, *, show_urls: bool = True) -> str:
    """Return inline Markdown `text` as escaped reportlab paragraph markup.

    Bold and italic become `<b>`/`<i>`; only http, https and mailto links
    become links (underlined, in the accent colour). On paper a link is useless
    without its address, so with `show_urls` the address follows the link text.
    """
    fonts = styles.fonts
    accent = styles.colours.accent
    out = []
    for run in parse_inline(text):
        piece = escape(fonts.clean(run.text))
        if not piece:
            continue
        if run.italic and not fonts.upright_only(run.text):  # Arabic has no italic: keep it upright
            piece = f"<i>{piece}</i>"
        if run.bold:
            piece = f"<b>{piece}</b>"
        if run.href:
            piece = f'<a href="{_attr(run.href)}" color="{accent}"><u>{piece}</u></a>'
            shown = run.href.removeprefix("mailto:")
            if show_urls and shown.rstrip("/") not in run.text:
                piece += f" ({escape(fonts.clean(shown))})"
        out.append(piece)
    return "".join(out)


def plain(text: str, styles: Styles) -> str:
    """Return `text` as escaped paragraph markup with no inline Markdown (for literal text)."""
    return escape(styles.fonts.clean(text))


def strong(text: str, styles: Styles) -> str:
    """Return literal `text` as bold paragraph markup (a label from the catalogue, say)."""
    return f"<b>{plain(text, styles)}</b>"


def link(url: str, styles: Styles, label: str | None = None) -> str:
    """Return markup for a working link to an http, https or mailto `url`, showing `label` or the url."""
    shown = escape(styles.fonts.clean(label or url.removeprefix("mailto:")))
    return f'<a href="{_attr(url)}" color="{styles.colours.accent}"><u>{shown}</u></a>'


class Paragraph(BidiParagraph):
    """The PDFs' paragraph: right-to-left text shaped and in order (`BidiParagraph`), no-break spaces whole.

    reportlab breaks lines at U+202F, so narrow no-break spaces are drawn as U+00A0.

    A paragraph in a heading or eyebrow style keeps with what follows it (see `Document`).
    """

    def __init__(self, text: Any, style: ParagraphStyle | None = None, *args: Any, **kwargs: Any):
        super().__init__(pdf_spaces(text) if isinstance(text, str) else text, style, *args, **kwargs)

    @property
    def keep_with_next(self) -> bool:
        """Whether the paragraph must not end a page: a heading or an eyebrow above one."""
        return getattr(self.style, "name", "") in KEEP_WITH_NEXT_STYLES


def para(text: str, style: ParagraphStyle, styles: Styles, **kw: Any) -> Paragraph:
    """Return a Paragraph of inline Markdown `text`."""
    return Paragraph(markup(text, styles), style, **kw)


class Heading(Paragraph):
    """A heading paragraph that becomes a PDF bookmark (and, with `toc`, a contents entry)."""

    def __init__(
        self,
        text: str | None,
        style: ParagraphStyle,
        styles: Styles | None = None,
        level: int = 0,
        toc: bool = False,
        **kwargs: Any,
    ):
        if styles is None:  # a piece of a heading too tall for the page (see `split`)
            super().__init__(text, style, **kwargs)
            self.outline_text, self.outline_level, self.toc = None, level, False
            return
        super().__init__(markup(text or "", styles, show_urls=False), style)
        self.outline_text = styles.fonts.clean("".join(r.text for r in parse_inline(text or ""))).strip()
        self.outline_level = level
        self.toc = toc

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """Split as a Paragraph does; the first piece keeps the bookmark and contents entry."""
        pieces = super().split(availWidth, availHeight)
        if pieces:
            pieces[0].outline_text = self.outline_text
            pieces[0].outline_level = self.outline_level
            pieces[0].toc = self.toc
        return pieces


class Bookmark(Flowable):
    """An invisible mark that adds a PDF bookmark where it stands (for pages without a heading)."""

    def __init__(self, text: str, level: int = 0, toc: bool = False):
        super().__init__()
        self.outline_text = text
        self.outline_level = level
        self.toc = toc

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Take no space."""
        return 0, 0

    def draw(self) -> None:
        """Draw nothing."""
