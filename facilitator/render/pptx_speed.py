"""Keep python-pptx linear in the number of slides.

python-pptx 1.0.2 names each new part (a slide's notes page, an image) with
`OpcPackage.next_partname`, which walks every relationship of every part of
the package to collect the names in use — O(parts) per new part, so a deck
of n slides with notes costs O(n²): about 2.5 ms a slide at 30 slides but
12 ms a slide by 1,000. `speed_up(prs)` gives the package a `next_partname`
that walks the package once per name template and then remembers what it
handed out. The names are the same ones python-pptx would pick (the lowest
free number), so the output does not change.

Use it right after `Presentation(...)`, before adding slides:

    prs = Presentation(template)
    speed_up(prs)
"""

from __future__ import annotations

from typing import Any


def speed_up(prs: Any) -> None:
    """Give `prs`'s package a `next_partname`, and its presentation part a `rels.get_or_add`, in O(1)."""
    package = prs.part.package
    if getattr(package, "_facilitator_fast_names", False):
        return
    used: set[str] = set()
    last: dict[str, int] = {}

    def next_partname(tmpl: str) -> Any:
        from pptx.opc.packuri import PackURI

        if tmpl not in last:
            # Parts may have come from a template: walk the package once per name template.
            used.update(str(part.partname) for part in package.iter_parts())
            last[tmpl] = 0
        n = last[tmpl] + 1
        while tmpl % n in used:
            n += 1
        last[tmpl] = n
        used.add(tmpl % n)
        return PackURI(tmpl % n)

    package.next_partname = next_partname
    package._facilitator_fast_names = True

    # Relating the presentation to each new slide scans all of its relationships for an
    # existing match (`_Relationships._get_matching`, O(slides)); a part never related
    # before cannot match, so add its relationship straight away.
    rels = prs.part.rels
    related = {id(rel.target_part) for rel in rels.values() if not rel.is_external}
    slow_get_or_add = rels.get_or_add

    def get_or_add(reltype: str, target_part: Any) -> str:
        if id(target_part) in related:
            return slow_get_or_add(reltype, target_part)
        related.add(id(target_part))
        return rels._add_relationship(reltype, target_part)

    rels.get_or_add = get_or_add
