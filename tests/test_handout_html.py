"""The accessible handout, `handout.html`, as its readers use it: in a real browser, with axe-core.

It must say what `handout.pdf` says (the same sections in the same order, never a debrief
or an ally response), be one self-contained file, pass axe-core with no violation in light
and dark mode, reflow at 320 CSS pixels, keep what a reader types across a reload, and
give it back as a plain-text file.
"""

from __future__ import annotations

import base64
import hashlib
import html as html_module
import io
import itertools
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from facilitator import api
from facilitator.planning import handout_content as content
from facilitator.render import handout, handout_html
from facilitator.text.markup import plain_text
from tests.browser import chromium, needs_axe, needs_chromium
from tests.conftest import ALL_READY_WORKSHOPS, MINIMAL, PROJECT
from tests.pdfcheck import pdf_text, squash
from tests.test_guide_html import hostile_plan

PRACTICE = PROJECT / "workshops" / "allyship-practice.yaml"
FRENCH = PROJECT / "tests" / "roots" / "french" / "workshop.yaml"  # lang="fr-CA", labels in French
WORKSHOPS = [MINIMAL, FRENCH, *ALL_READY_WORKSHOPS]
WORKSHOP_IDS = [p.parent.name if p.name == "workshop.yaml" else p.stem for p in WORKSHOPS]


def written(plan, folder: Path) -> Path:
    """Write the plan's handout.html into `folder` and return its path."""
    path = folder / "handout.html"
    path.write_text(handout_html.render_html(plan), encoding="utf-8")
    return path


def shown(plan) -> list[str]:
    """Return the texts a participant must find in the handout: questions, prompts, points, takeaways."""
    found = []
    for segment in plan.segments:
        if segment.primer:
            found += [p.text for p in segment.primer.points] + [segment.primer.takeaway]
        if segment.discussion:
            found += [q.text for q in segment.discussion.questions]
        if segment.scenario:
            found += [*segment.scenario.prompts, segment.scenario.situation, segment.scenario.setting]
            found += [role.name for role in segment.scenario.roles]
        if segment.kind in ("reflection", "activity", "opening", "closing"):
            found += list(segment.prompts)
    return found


def withheld(plan) -> list[str]:
    """Return the facilitator-only texts: debrief questions, ally responses and role cards."""
    found = []
    for segment in plan.segments:
        if segment.scenario:
            found += list(segment.scenario.debrief)
            found += [response.text for response in segment.scenario.ally_responses]
            found += [role.card for role in segment.scenario.roles]
    return found


# ---------------------------------------------------------------------------
# The file itself


def test_one_self_contained_file_whose_policy_allows_only_its_own_style_and_script() -> None:
    html = handout_html.render_html(api.load_plan(PRACTICE))
    assert html.startswith("<!DOCTYPE html>")
    assert not re.search(r"<link\b|\bsrc=|<iframe|<object|<embed", html, re.IGNORECASE)
    assert html.count("<script>") == 1 and html.count("<style>") == 1
    style = re.search(r"<style>(.*?)</style>", html, re.DOTALL).group(1)
    script = re.search(r"<script>(.*?)</script>", html, re.DOTALL).group(1)
    assert "@import" not in style and "url(" not in style
    assert not re.search(r"fetch\(|XMLHttpRequest|import\(|\.src\b|sendBeacon|WebSocket", script)

    def digest(text: str) -> str:
        return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    policy = policy.replace("&#39;", "'")
    assert "default-src 'none'" in policy
    assert f"style-src 'sha256-{digest(style)}'" in policy
    assert f"script-src 'sha256-{digest(script)}'" in policy
    assert "localStorage" in script and "unsafe-inline" not in policy


def test_the_build_writes_it_and_only_names_it(tmp_path: Path) -> None:
    result = api.build(MINIMAL, tmp_path, only=["handout-html"], parallel=False)
    # Two discussion questions; two scenario prompts and the scenario's notes; the notes page.
    assert [(path.name, summary) for path, summary in result.written] == [
        ("handout.html", "accessible handout, 6 places to write")
    ]
    assert handout_html.render(api.load_plan(MINIMAL), large_print=True) == []  # the same page at any size


@pytest.mark.parametrize("path", WORKSHOPS, ids=lambda p: p.parent.name if p.stem == "workshop" else p.stem)
def test_the_same_sections_in_the_same_order_as_the_pdf(path: Path) -> None:
    plan = api.load_plan(path)
    reader = PdfReader(io.BytesIO(handout.render(plan)[0].data))
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    contents = content.handout(plan).labels.contents  # in the workshop's language
    assert outline[:2] == [plain_text(plan.workshop.title), contents]  # cover and contents
    html = handout_html.render_html(plan)
    nav = re.search(r'<nav class="contents".*?</nav>', html, re.DOTALL).group(0)
    links = re.findall(r'<a href="#([^"]+)">(.*?)</a>', nav)
    assert links[-1][0] == "answers"  # the page's own tools, after the handout's sections
    entries = [html_module.unescape(squash(re.sub(r"<[^>]+>", "", text))) for _, text in links[:-1]]
    assert entries == [squash(title) for title in outline[2:]]


def test_the_pdf_cover_names_the_accessible_copy() -> None:
    text = pdf_text(handout.render(api.load_plan(MINIMAL))[0].data)
    assert "handout.html" in text and "screen readers" in text


def test_hostile_text_stays_text(write_yaml: Callable[..., Path]) -> None:
    html = handout_html.render_html(hostile_plan(write_yaml))
    lowered = html.lower()
    assert lowered.count("<script") == 1  # ours
    assert "javascript:" not in "".join(re.findall(r'href="[^"]*"', lowered))
    tags = ("<img", "<iframe", "<svg", "<style>body", "<b onmouseover")
    assert [tag for tag in tags if tag in lowered] == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<a href="https://example.org/help">ok</a>' in html


# ---------------------------------------------------------------------------
# In Chromium


@needs_chromium
@pytest.mark.parametrize("path", WORKSHOPS, ids=WORKSHOP_IDS)
def test_every_question_and_point_is_there_and_no_debrief(tmp_path: Path, path: Path) -> None:
    with chromium() as tab:
        plan = api.load_plan(path)
        tab.open(written(plan, tmp_path).as_uri())
        visible = squash(tab.evaluate("document.body.innerText"))
        source = squash(tab.evaluate("document.documentElement.textContent"))
    expected = shown(plan)
    assert expected, path
    missing = [text for text in expected if squash(plain_text(text)) not in visible]
    assert not missing, f"{path.name}: missing {missing}"
    leaked = [text for text in withheld(plan) if squash(plain_text(text)) in source]
    assert not leaked, f"{path.name}: facilitator-only text in the handout: {leaked}"
    assert [a for a in plan.workshop.agreements if squash(plain_text(a)) not in visible] == []
    assert squash(plain_text(plan.workshop.content_note or "")) in visible


@needs_chromium
def test_it_opens_cleanly_and_its_structure_is_navigable(tmp_path: Path) -> None:
    plan = api.load_plan(PRACTICE)
    with chromium() as tab:
        tab.open(written(plan, tmp_path).as_uri())
        assert tab.errors() == []
        assert tab.requests() == [(tmp_path / "handout.html").as_uri()]  # the file, and nothing else
        facts = tab.evaluate(
            """({
            lang: document.documentElement.lang,
            h1: document.querySelectorAll('h1').length,
            levels: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => +h.tagName[1]),
            landmarks: [...document.querySelectorAll('header, nav, main, footer')].map(e => e.tagName),
            skip: document.querySelector('a').getAttribute('href'),
            unlabelled: [...document.querySelectorAll('textarea')].filter(t => !t.labels.length).length,
            areas: document.querySelectorAll('textarea').length,
            agendaHeads: [...document.querySelectorAll('table th')].map(th => th.scope),
            agendaRows: document.querySelectorAll('table tbody tr').length,
            resources: [...document.querySelectorAll('.resources a')].map(a => [a.href, a.innerText]),
            toolsShown: !document.getElementById('answers-tools').hidden,
            welcomeLinks: [...document.querySelectorAll('.welcome a')].map(a => a.getAttribute('href')),
            welcomeText: document.querySelector('.welcome').innerText,
            })"""
        )
    assert facts["lang"] == plan.workshop.language
    assert facts["h1"] == 1
    levels = facts["levels"]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    assert facts["landmarks"] == ["HEADER", "NAV", "MAIN", "FOOTER"]
    assert facts["skip"] == "#main"
    assert facts["unlabelled"] == 0
    assert facts["areas"] == len(content.handout(plan).write_ins())
    assert facts["agendaHeads"] == ["col", "col"] + ["row"] * len(plan.segments)
    assert facts["agendaRows"] == len(plan.segments)
    links = {r.url: r.name for r in plan.resources if r.url}
    assert links and {href.rstrip("/"): text for href, text in facts["resources"]} == {
        url.rstrip("/"): plain_text(name) for url, name in links.items()
    }  # real links, named by what they lead to
    assert facts["toolsShown"]
    assert (
        facts["welcomeLinks"] == ["#answers"] and "<a" not in facts["welcomeText"]
    )  # a link, not its markup


HALF_DAY = PROJECT / "workshops" / "allyship-half-day.yaml"


@needs_chromium
def test_content_notes_and_support_are_found_before_anything_else(tmp_path: Path) -> None:
    """The half day (three role-plays, crisis lines): its first part links to the support contacts
    and names what each role-play shows; the second key press reaches the support contacts."""
    plan = api.load_plan(HALF_DAY)
    scenarios = [s for s in plan.segments if s.scenario]
    with chromium() as tab:
        tab.open(written(plan, tmp_path).as_uri())
        facts = tab.evaluate(
            """(() => {
            const before = document.querySelector('main > section');
            const reach = [...document.querySelectorAll('a[href], button, textarea')].slice(0, 2);
            return {
              first: before.id,
              heading: before.querySelector('h2').innerText,
              text: before.innerText,
              links: [...before.querySelectorAll('a')].map(a => [a.getAttribute('href'), a.innerText]),
              reach: reach.map(e => [e.getAttribute('href'), e.innerText]),
            };
            })()"""
        )
        tab.click('#before a[href="#support"]')
        arrived = tab.evaluate(
            """(() => {
            const box = document.getElementById('support').getBoundingClientRect();
            return {hash: location.hash, top: box.top, height: innerHeight,
                    text: document.getElementById('support').innerText};
            })()"""
        )
        tab.click('a.skip[href="#support"]')
        assert tab.evaluate("location.hash") == "#support"
        assert tab.errors() == []
    assert (facts["first"], facts["heading"]) == ("before", "Before we begin")
    text = squash(facts["text"])
    assert squash(plain_text(plan.workshop.content_note)) in text
    assert "If anything today is hard for you, you can talk to someone" in text
    assert facts["links"] == [
        ["#support", "Who to contact for support, and when"],
        *[[f"#segment-{s.id}", plain_text(s.title)] for s in scenarios],
    ]
    for segment in scenarios:  # each role-play's own content note, near the top
        assert squash(plain_text(segment.scenario.content_note)) in text
    assert facts["reach"] == [["#main", "Skip to the handout"], ["#support", "Skip to the support contacts"]]
    assert arrived["hash"] == "#support" and 0 <= arrived["top"] < arrived["height"]
    assert "Call or text 988" in arrived["text"] and "1-866-925-4419" in arrived["text"]


@pytest.mark.parametrize("path", WORKSHOPS, ids=WORKSHOP_IDS)
def test_every_link_inside_the_page_leads_somewhere(path: Path) -> None:
    html = handout_html.render_html(api.load_plan(path))
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    targets = set(re.findall(r'href="#([^"]+)"', html))
    assert targets and targets <= ids, targets - ids


def test_without_support_contacts_nothing_points_to_them(write_yaml: Callable[..., Path]) -> None:
    path = write_yaml(
        """
        id: quiet
        title: Quiet
        date: 2027-05-20
        start: "09:00"
        duration: 15m
        agenda:
          - primer: what-is-allyship
            minutes: 15
        """
    )
    html = handout_html.render_html(api.load_plan(path))
    assert 'href="#support"' not in html and "Before we begin" not in html


@needs_chromium
@needs_axe
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "path", [MINIMAL, PRACTICE, HALF_DAY, FRENCH], ids=["minimal", "practice", "half-day", "french"]
)
def test_axe_finds_no_violation(tmp_path: Path, scheme: str, path: Path) -> None:
    with chromium() as tab:
        tab.send(
            "Emulation.setEmulatedMedia",
            {"features": [{"name": "prefers-color-scheme", "value": scheme}]},
        )
        tab.open(written(api.load_plan(path), tmp_path).as_uri())
        assert tab.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (scheme == "dark")
        violations = tab.axe()
    assert violations == [], f"{path.name} ({scheme}): {violations}"


@needs_chromium
@pytest.mark.parametrize("width", [640, 320])
def test_no_sideways_scrolling_at_200_and_400_percent_zoom(tmp_path: Path, width: int) -> None:
    """A 1280-pixel window at 200 % zoom is 640 CSS pixels wide; at 400 %, 320 (WCAG's reflow)."""
    html = written(api.load_plan(PRACTICE), tmp_path)
    with chromium(width=width) as tab:
        tab.open(html.as_uri())
        wide = tab.evaluate(
            "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > "
            "document.documentElement.clientWidth + 1).map(e => e.tagName + '.' + e.className)"
        )
        scroll, client = tab.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        tab.screenshot(tmp_path / f"at-{width}.png")
    assert scroll <= client and wide == [], wide


@needs_chromium
def test_answers_survive_a_reload_and_download_as_text(tmp_path: Path) -> None:
    plan = api.load_plan(MINIMAL)
    page = content.handout(plan)
    first, notes = page.write_ins()[0], page.write_ins()[-1]
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    with chromium() as tab:
        tab.open(written(plan, tmp_path).as_uri())
        tab.type_into(f"#answer-{first.key}", "I spoke first, twice.\nNext time I will wait.")
        tab.type_into(f"#answer-{notes.key}", "Ask Sam about the follow-up")
        tab.reload()
        kept = tab.evaluate("[...document.querySelectorAll('textarea')].map(t => t.value)")
        assert kept[0] == "I spoke first, twice.\nNext time I will wait."
        assert kept[-1] == "Ask Sam about the follow-up"
        assert all(value == "" for value in kept[1:-1])

        tab.browser.send(
            "Browser.setDownloadBehavior",
            {"behavior": "allow", "downloadPath": str(downloads), "eventsEnabled": True},
        )
        tab.click("#download-answers")
        done = tab.browser.wait_for("Browser.downloadProgress", timeout=10)
        while done["params"]["state"] == "inProgress":
            tab.browser.events.remove(done)
            done = tab.browser.wait_for("Browser.downloadProgress", timeout=10)
        assert done["params"]["state"] == "completed"
        status = tab.evaluate("document.getElementById('answers-status').innerText")
    [file] = downloads.iterdir()
    assert file.name == "minimal-answers.txt"
    text = file.read_text(encoding="utf-8")
    question = squash(plain_text(first.text))
    assert text.startswith("A small test workshop\nFriday, January 15, 2027, 10:00–10:45\n")
    assert f"1. {question}\nI spoke first, twice.\nNext time I will wait.\n" in text
    assert "Notes\n=====\n\nNotes\nAsk Sam about the follow-up\n" in text
    assert text.count("\n1. ") == 1  # unanswered questions are left out
    assert "minimal-answers.txt" in status


@needs_chromium
def test_clear_empties_the_page_and_the_browser(tmp_path: Path) -> None:
    plan = api.load_plan(MINIMAL)
    first = content.handout(plan).write_ins()[0]
    with chromium() as tab:
        tab.open(written(plan, tmp_path).as_uri())
        tab.type_into(f"#answer-{first.key}", "something private")
        tab.click("#clear-answers", wait=False)  # the button's confirm() holds the click until answered
        dialog = tab.browser.wait_for("Page.javascriptDialogOpening", timeout=10)
        assert "cannot be undone" in dialog["params"]["message"]
        tab.send("Page.handleJavaScriptDialog", {"accept": True})
        tab.browser.drain(0.2)
        tab.reload()
        assert tab.evaluate(f"document.querySelector('#answer-{first.key}').value") == ""
        assert (
            tab.evaluate("Object.keys(localStorage).filter(k => k.startsWith('facilitator-handout:'))") == []
        )


@needs_chromium
def test_printing_it_gives_the_pdfs_content_with_the_typed_answers(tmp_path: Path) -> None:
    plan = api.load_plan(MINIMAL)
    first = content.handout(plan).write_ins()[0]
    with chromium() as tab:
        tab.open(written(plan, tmp_path).as_uri())
        tab.type_into(f"#answer-{first.key}", "Written before printing")
        printed = pdf_text(tab.pdf())
    assert [text for text in shown(plan) if squash(plain_text(text)) not in printed] == []
    assert "Written before printing" in printed
    assert "Download my answers" not in printed and "Skip to the handout" not in printed
    # Where the support contacts are, as the PDF says it (a link says nothing on paper).
    where = "Who to contact, and when, is on the page “Support”, near the end of this handout."
    assert where in printed and where in pdf_text(handout.render(plan)[0].data)
    assert "Who to contact for support, and when" not in printed
    pdf = pdf_text(handout.render(plan)[0].data)
    for heading in (
        "Before we begin",
        "About this session",
        "Key points",
        "Questions to talk about",
        "Notes",
    ):
        assert heading in printed and heading in pdf


@needs_chromium
def test_without_its_script_the_page_still_reads_and_hides_the_tools(tmp_path: Path) -> None:
    plan = api.load_plan(MINIMAL)
    with chromium() as tab:
        tab.send("Emulation.setScriptExecutionDisabled", {"value": True})
        tab.open(written(plan, tmp_path).as_uri())
        tab.send("Emulation.setScriptExecutionDisabled", {"value": False})
        hidden = tab.evaluate("document.getElementById('answers-tools').hidden")
        areas = tab.evaluate("document.querySelectorAll('textarea').length")
    assert hidden is True
    assert areas == len(content.handout(plan).write_ins())


def test_the_logo_travels_small_and_without_its_metadata(write_yaml: Callable[..., Path]) -> None:
    from PIL import Image

    path = write_yaml(
        """
        id: with-logo
        title: With a logo
        date: 2027-01-15
        start: "10:00"
        duration: 10m
        organisation: Test Org
        theme: {logo: logo.jpg}
        agenda:
          - opening: Welcome
            minutes: 10
            prompts: [Say hello]
        """
    )
    exif = Image.Exif()
    exif[0x010E] = "secret location 45.5N 73.6W"  # ImageDescription
    Image.new("RGB", (1200, 600), "#1B3A5C").save(path.parent / "logo.jpg", exif=exif)
    plan = api.load_plan(path)
    html = handout_html.render_html(plan)
    assert html == handout_html.render_html(plan)  # the same bytes every build
    [source] = re.findall(r'<img class="logo" src="data:image/png;base64,([^"]+)" alt="">', html)
    data = base64.b64decode(source)
    assert b"secret location" not in data
    with Image.open(io.BytesIO(data)) as logo:
        assert logo.format == "PNG" and max(logo.size) == handout_html.LOGO_PIXELS
        assert not logo.getexif()


def test_the_guides_checklist_says_to_send_it_ahead() -> None:
    from facilitator.planning.prep import checklist

    items = [item for section in checklist(api.load_plan(MINIMAL)).sections for item in section.items]
    assert any("send handout.html ahead to anyone who asks" in item for item in items)


def test_the_decks_closing_slide_names_it() -> None:
    import pptx

    from facilitator.render import deck

    data = deck.render(api.load_plan(MINIMAL))[0].data
    last = pptx.Presentation(io.BytesIO(data)).slides[-1]
    text = " ".join(shape.text_frame.text for shape in last.shapes if shape.has_text_frame)
    assert "handout.html" in text and "screen readers" in text
    assert "Offer handout.html" in last.notes_slide.notes_text_frame.text
