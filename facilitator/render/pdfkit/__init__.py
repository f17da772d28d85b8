"""What the printed documents share (the handout, the guide's PDF, the printables), in four parts.

- `styles`: paper size, the theme's print font family (registered so `<b>` and `<i>` really
  change face), colours, and calm paragraph styles with a large-print variant;
- `inline`: inline Markdown as reportlab markup, paragraphs, headings that become bookmarks;
- `flowables`: ruled lines to write on, lists, tables, callouts and the contents, each
  breaking across pages without leaving a scrap;
- `document`: the page, the footer "Page N of M" beside the workshop title, bookmarks,
  metadata, byte-identical output from one build to the next, and the page rules.

Every word they add comes from the workshop's language (`Styles.words`). Import from here:
`from facilitator.render.pdfkit import Document, bullets`.
"""

from __future__ import annotations

from facilitator.render.pdfkit.document import (
    Document,
    FooterCanvas,
    Page,
    hide_footer,
    new_buffer,
    page_geometry,
    time_stamp,
)
from facilitator.render.pdfkit.flowables import (
    BulletList,
    Contents,
    Rule,
    Table,
    WritingLines,
    bullets,
    callout,
    in_pairs,
    keep_with_last,
    numbered,
    toc_headings,
)
from facilitator.render.pdfkit.inline import (
    Bookmark,
    Heading,
    Paragraph,
    link,
    markup,
    para,
    plain,
    strong,
)
from facilitator.render.pdfkit.styles import (
    KEEP_WITH_NEXT_STYLES,
    LARGE_PRINT_BODY,
    LETTER_REGIONS,
    PAPER_NAMES,
    PAPER_SIZES,
    PRODUCER,
    Fonts,
    Styles,
    date_text,
    hex_colour,
    make_styles,
    page_summary,
    paper_label,
    paper_name,
    register_fonts,
    table_style,
    tint,
)

__all__ = [
    "KEEP_WITH_NEXT_STYLES",
    "LARGE_PRINT_BODY",
    "LETTER_REGIONS",
    "PAPER_NAMES",
    "PAPER_SIZES",
    "PRODUCER",
    "Bookmark",
    "BulletList",
    "Contents",
    "Document",
    "Fonts",
    "FooterCanvas",
    "Heading",
    "Page",
    "Paragraph",
    "Rule",
    "Styles",
    "Table",
    "WritingLines",
    "bullets",
    "callout",
    "date_text",
    "hex_colour",
    "hide_footer",
    "in_pairs",
    "keep_with_last",
    "link",
    "make_styles",
    "markup",
    "new_buffer",
    "numbered",
    "page_geometry",
    "page_summary",
    "paper_label",
    "paper_name",
    "para",
    "plain",
    "register_fonts",
    "strong",
    "table_style",
    "time_stamp",
    "tint",
    "toc_headings",
]
