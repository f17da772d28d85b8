"""What goes on each slide and in its speaker notes, before anything is measured or placed.

`build_specs(plan)` turns a Plan into `SlideSpec`s in presentation order: the
title slide, the front matter (land acknowledgement, objectives, agenda,
content note, agreements) before anyone is asked to take part in anything,
each segment's slides in agenda order, then the closing slides. A spec is one
logical slide: its title, its body as `Block`s of styled runs (a `Look` says
how each paragraph is drawn), its speaker notes, and whether the room may keep
it (a debrief is for the facilitator, and the slides handout leaves it out).
Fitting specs onto real slides is `facilitator.render.slides.layout`.

Every label is in `facilitator.render.slides.words`, read in the workshop's
language (`self.W`); dates, times and lists come from `plan.words`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from facilitator.planning.handout_content import HANDOUT_HTML
from facilitator.planning.plan import Plan, PlannedSegment
from facilitator.planning.scenario_guide import format_name, scenario_timing
from facilitator.render.slides.notes_text import AUTHORING
from facilitator.render.slides.paragraphs import SpecWriter, plain_runs, runs_of
from facilitator.render.slides.specs import Look, SlideSizes, SlideSpec, slide_fonts
from facilitator.render.slides.words import Labels
from facilitator.text.layout import Block
from facilitator.text.markup import Run, plain_text
from facilitator.text.wording import format_label, intensity_label
from facilitator.workshop.roleplay import GENTLE_FORMAT
from facilitator.workshop.schema import MAX_QR_URL

BREAK_FACTOR = 3.0  # the break slide's "Back at 10:30", in body sizes (72 pt on 24 pt)


def subtitled(title: str, part: str, labels: Labels) -> str:
    """Return `Title: part`, or `Title? Part` when the title ends in its own punctuation."""
    if title.rstrip().endswith(("?", "!", ".", "…")):
        return f"{title.rstrip()} {part[:1].upper()}{part[1:]}"
    return labels.SUBTITLED.format(title=title, part=part)


class Builder(SpecWriter):
    """Turn a Plan into SlideSpecs, in presentation order."""

    # Slides -----------------------------------------------------------------

    def build(self) -> list[SlideSpec]:
        """Return every slide of the deck, in order."""
        plan = self.plan
        self.title_slide()
        segments = plan.segments
        # Land acknowledgement, objectives, agenda, content note and agreements come first,
        # before anyone is asked to take part in anything.
        self._segment = 0 if segments[0].kind == "opening" else None
        self.front_matter(segments[0])
        closing_done = False
        for index, segment in enumerate(segments):
            self._segment = index
            self.segment(segment)
            if segment.kind == "closing" and not closing_done:
                self.closing(segment)
                closing_done = True
        if not closing_done:
            self._segment = len(segments) - 1
            self.closing(segments[-1])
        return self.specs

    def title_slide(self) -> None:
        """Queue the title slide."""
        w = self.plan.workshop
        plan = self.plan
        when = f"{plan.words.date(w.date)} · {plan.times}" if self.clock else plan.words.date(w.date)
        details = [when, w.location, w.organisation]
        if w.facilitators:
            details.append(self.W.FACILITATED_BY.format(names=plan.words.join(w.facilitators)))
        # Details never outgrow the subtitle (nor the subtitle the title: see the layout).
        size = min(self.sizes.subtitle, max(self.sizes.minimum, self.sizes.body - 2))
        body = []
        if w.subtitle:
            body.append(self.para(runs_of(w.subtitle), self.sizes.subtitle, Look(colour="title_text")))
        for j, line in enumerate(d for d in details if d):
            before = size * (1.2 if j == 0 and w.subtitle else 0.15)
            body.append(self.para(plain_runs(line), size, Look(colour="title_text"), before=before))
        first = plan.segments[0]
        notes = [
            self.W.TITLE_NOTES.format(
                title=w.title, date=plan.words.date(w.date), times=plan.times, minutes=plan.total_minutes
            )
        ]
        if w.location:
            notes.append(self.W.LOCATION.format(location=w.location))
        if w.audience:
            notes.append(self.W.AUDIENCE.format(audience=w.audience))
        notes.append(self.W.ARRIVAL.format(start=first.start, title=first.title))
        self.add(SlideSpec(w.title, notes, body, kind="title", shrink=False))

    def front_matter(self, first: PlannedSegment) -> None:
        """Queue the land acknowledgement, objectives, agenda, agreements and content note."""
        w = self.plan.workshop
        size = self.sizes.body
        cue = self.W.THEN.format(title=first.title)
        when = (
            self.timing(first)
            if first.kind == "opening"
            else self.W.BEFORE.format(title=first.title, start=first.start)
        )
        if w.land_acknowledgement:
            self.add(
                SlideSpec(
                    self.W.LAND_ACKNOWLEDGEMENT,
                    [when, self.W.READ_ACKNOWLEDGEMENT, cue],
                    [self.para(runs_of(w.land_acknowledgement), size)],
                )
            )
        if w.objectives:
            self.add(
                SlideSpec(
                    self.W.OBJECTIVES, [when, self.W.READ_OBJECTIVES, cue], self.bullets(w.objectives, size)
                )
            )
        self.agenda(when, cue)
        if w.content_note:
            intense = [s for s in self.plan.segments if s.scenario and s.scenario.intensity == "intense"]
            extra = [self.W.NAME_INTENSE.format(title=s.title, start=s.start) for s in intense] or [
                self.W.SAY_WHERE_HARD
            ]
            self.add(
                SlideSpec(
                    self.W.CONTENT_NOTE,
                    [when, self.W.READ_CONTENT_NOTE, *extra, cue],
                    [self.para(runs_of(w.content_note), size)],
                )
            )
        if w.agreements:
            self.add(
                SlideSpec(
                    self.W.AGREEMENTS, [when, self.W.READ_AGREEMENTS, cue], self.bullets(w.agreements, size)
                )
            )

    def agenda(self, when: str, cue: str) -> None:
        """Queue the agenda with clock times."""
        plan = self.plan
        size = self.sizes.body
        rows = []
        for j, s in enumerate(plan.segments):
            runs = (*plain_runs(s.title), Run("  " + self.W.AGENDA_MINUTES.format(minutes=s.minutes)))
            look = Look(prefix=s.start if self.clock else None, muted_from=len(runs) - 1)
            rows.append(self._agenda_row(runs, size, look, j))
        if self.clock:
            rows.append(
                self._agenda_row(plain_runs(self.W.AGENDA_END), size, Look(prefix=plan.end), len(rows))
            )
        breaks = [self.W.BREAK_AT.format(title=s.title, start=s.start) for s in plan.of_kind("break")]
        notes = [when, self.W.WALK_AGENDA]
        if breaks:
            notes.append(self.W.BREAKS.format(breaks="; ".join(breaks)))
        self.add(SlideSpec(self.W.AGENDA, [*notes, cue], rows, shrink=False))

    def _agenda_row(self, runs: Sequence[Run], size: float, look: Look, j: int) -> Block:
        if look.prefix is None:  # no clock time to hang in the indent
            return Block(tuple(runs), size, space_before=size * 0.3 if j else 0.0, style=look)
        # As wide as the widest clock time the language writes (`10 h 00` is wider than `10:00`).
        fonts = slide_fonts(self.plan)
        clocks = [self.plan.end, *(s.start for s in self.plan.segments)]
        widest = max(fonts.width(clock, size, bold=True) for clock in ["00:00", *clocks])
        indent = widest + size * 1.2
        return Block(tuple(runs), size, indent=indent, space_before=size * 0.3 if j else 0.0, style=look)

    def segment(self, s: PlannedSegment) -> None:
        """Queue the slides of one agenda segment."""
        {
            "primer": self.primer,
            "discussion": self.discussion,
            "scenario": self.scenario,
            "break": self.break_,
        }.get(s.kind, self.freeform)(s)

    def primer(self, s: PlannedSegment) -> None:
        """Queue a primer section: its points, then its takeaway."""
        size = self.sizes.body
        notes = [self.timing(s)]
        body: list[Block] = []
        if s.primer:
            p = s.primer
            fn = p.facilitator_notes
            notes += [
                self.W.SUMMARY.format(text=plain_text(p.summary)),
                self.W.INTRODUCE.format(text=plain_text(fn.introduce)),
            ]
            notes += self.listing(self.W.MISUNDERSTANDINGS, fn.misunderstandings)
            notes += self.listing(self.W.LISTEN_FOR, fn.listen_for)
            for i, point in enumerate(p.points):
                runs = runs_of(point.text)
                if point.heading:
                    heading = tuple(replace(r, bold=True) for r in runs_of(point.heading))
                    if heading[-1].text.endswith((".", ":", "?", "!")):
                        runs = (*heading, Run(" "), *runs)
                    else:
                        runs = (*heading, Run(". ", bold=True), *runs)
                body.append(self.para(runs, size, Look(bullet=True), before=size * 0.5 if i else 0.0))
            takeaway = (Run(self.W.TAKEAWAY, bold=True), *runs_of(p.takeaway))
            body.append(self.para(takeaway, size, Look(colour="accent"), before=size * 0.9))
        notes += self.segment_tail(s)
        self.add(SlideSpec(s.title, notes, body))

    def discussion(self, s: PlannedSegment) -> None:
        """Queue a discussion: its questions with format, group size and minutes."""
        size = self.sizes.body
        d = s.discussion
        fmt = format_label(s.discussion_format, self.plan.words)
        header = self.meta([fmt, s.group_size or "", self.W.MINUTES.format(minutes=s.minutes)])
        notes = [self.timing(s)]
        if fmt:
            template = self.W.FORMAT_GROUPS if s.group_size else self.W.FORMAT
            notes.append(template.format(format=fmt, size=s.group_size))
        body: list[Block] = []
        if d:
            notes += [
                self.W.HOW_TO_RUN.format(text=plain_text(d.guidance)),
                self.W.SAFETY.format(text=plain_text(d.safety)),
            ]
            for n, q in enumerate(d.questions, start=1):
                if q.follow_ups:
                    notes += self.listing(self.W.FOLLOW_UPS.format(n=n), q.follow_ups)
            body = self.bullets([q.text for q in d.questions], size, numbered=True)
            body = [replace(b, space_before=size * 0.5) if i else b for i, b in enumerate(body)]
            if header:
                body[0] = replace(body[0], space_before=size * 0.5)
        notes += self.segment_tail(s)
        self.add(SlideSpec(s.title, notes, body, header))

    def scenario(self, s: PlannedSegment) -> None:
        """Queue a role-play: the situation and roles, the prompts, stepping out of role, then the debrief.

        The harmful moment is never on a slide: the speaker notes hold it, to be read aloud once.
        """
        size = self.sizes.body
        sc = s.scenario
        cue = self.W.MOVE_ON.format(cue=s.cue())
        timing = self.timing(s)
        if sc is None:
            self.add(SlideSpec(s.title, [timing, cue], self.meta([self.W.MINUTES.format(minutes=s.minutes)])))
            return
        header = self.meta(
            [
                self.W.ROLE_PLAY,
                format_name(s, self.plan.words),
                sc.setting,
                self.W.MINUTES.format(minutes=s.minutes),
            ]
        )
        gap = size * 0.5
        body = [self.para(runs_of(sc.situation), size, before=gap)]
        for voice, label in self.W.ROLE_VOICES.items():
            names = [plain_text(r.name) for r in sc.roles if r.played_by == voice]
            if names:
                body.append(
                    self.para((Run(label, bold=True), Run("; ".join(names))), size, before=size * 0.7)
                )
        if sc.intensity == "intense":
            note = (
                Run(self.W.CONTENT_NOTE_LEAD, bold=True, italic=True),
                *(replace(r, italic=True) for r in runs_of(sc.content_note)),
            )
            body.append(self.para(note, size, Look(colour="muted"), before=size * 0.7))
        split = scenario_timing(s, self.plan.words) or ""  # the fitted minutes' split, as the guide says
        notes = [
            timing,
            split,
            self.W.INTENSITY.format(intensity=intensity_label(sc.intensity, self.plan.words)),
            self.W.SCENARIO_NOTE.format(text=plain_text(sc.content_note)),
            self.W.HARMFUL_MOMENT.format(text=plain_text(sc.harmful_moment)),
        ]
        notes += self.own_notes(s.notes)
        notes.append(self.W.ROLE_CARDS)
        notes += [
            self.W.ITEM.format(text=self.W.ROLE_CARD.format(name=plain_text(r.name), card=plain_text(r.card)))
            for r in sc.roles
        ]
        notes.append(cue)
        self.add(SlideSpec(s.title, notes, body, header))

        prompts = self.bullets(sc.prompts, size)
        prompts[0] = replace(prompts[0], space_before=gap)
        notes = [timing, *self.listing(self.W.DECISION_POINTS, sc.decision_points)]
        notes += [self.W.PLAY_THEN_PROMPTS[s.scenario_format or GENTLE_FORMAT], cue]
        self.add(SlideSpec(subtitled(s.title, self.W.DISCUSS, self.W), notes, prompts, header))

        self.de_roling(s, header, cue)

        debrief = self.bullets(sc.debrief, size, numbered=True)
        debrief[0] = replace(debrief[0], space_before=gap)
        notes = [timing, split, self.W.DEBRIEF_OUT_OF_ROLE]
        notes += self.listing(self.W.DEBRIEF_QUESTIONS, sc.debrief)
        notes += self.listing(self.W.ALLY_RESPONSES, [r.text for r in sc.ally_responses])
        notes.append(cue)
        title = subtitled(s.title, self.W.DEBRIEF, self.W)
        spec = SlideSpec(title, notes, debrief, self.meta([self.W.DEBRIEF_HEADER]))
        spec.for_room = False  # debrief questions are the facilitator's (the handouts leave them out)
        self.add(spec)

    def de_roling(self, s: PlannedSegment, header: list[Block], cue: str) -> None:
        """Queue the slide on which everyone steps out of role, before every debrief."""
        assert s.scenario is not None
        steps = self.bullets(s.scenario.de_roling, self.sizes.body, numbered=True)
        steps[0] = replace(steps[0], space_before=self.sizes.body * 0.5)
        joined = " ".join(plain_text(step) for step in s.scenario.de_roling)
        notes = [self.timing(s), self.W.DE_ROLE.format(steps=joined), cue]
        self.add(SlideSpec(subtitled(s.title, self.W.STEP_OUT, self.W), notes, steps, header))

    def break_(self, s: PlannedSegment) -> None:
        """Queue a break slide showing the time to come back (without `clock`: how long it is)."""
        if not self.clock:
            minutes = plain_runs(self.W.BREAK_MINUTES.format(minutes=s.minutes))
            body = [self.para(minutes, self.sizes.body * BREAK_FACTOR * 0.6, Look(colour="accent"))]
            self.add(SlideSpec(s.title, [self.timing(s)], body, kind="break", shrink=False))
            return
        body = [
            self.para(
                (Run(self.W.BACK_AT.format(time=s.end), bold=True),),
                self.sizes.body * BREAK_FACTOR,
                Look(colour="accent"),
            ),
            self.para(
                plain_runs(self.W.BREAK_MINUTES.format(minutes=s.minutes)),
                self.sizes.body,
                Look(colour="muted"),
                6.0,
            ),
        ]
        notes = [self.timing(s), self.W.BACK_WHEN.format(time=s.end)]
        notes += self.segment_tail(s)
        self.add(SlideSpec(s.title, notes, body, kind="break", shrink=False))

    def freeform(self, s: PlannedSegment) -> None:
        """Queue an opening, activity, reflection or closing segment: its prompts (or steps)."""
        size = self.sizes.body
        header = self.meta([s.kind_label, self.W.MINUTES.format(minutes=s.minutes)])
        shown = s.prompts or s.instructions
        body = self.bullets(shown, size)
        if not body:  # nothing written for the room: say what this part is for
            lead = runs_of(s.activity.purpose) if s.activity else None
            if lead is None and s.kind in self.W.FREEFORM_LEADS:
                lead = plain_runs(
                    self.W.FREEFORM_LEADS[s.kind].format(title=plain_text(self.plan.workshop.title))
                )
            body = [self.para(lead, size + 4, Look(colour="accent"))] if lead else []
        if header:
            body[0] = replace(body[0], space_before=size * 0.5)
        notes = [self.timing(s)]
        if s.activity:
            notes.append(self.W.PURPOSE.format(text=plain_text(s.activity.purpose)))
        # Notes are read during the session: a step that tells the author what to put in the
        # workshop file, and the text an activity offers to copy there, belong to the guide.
        notes += self.listing(self.W.STEPS, [step for step in s.instructions if not AUTHORING.search(step)])
        if s.activity:
            notes += self.listing(self.W.FACILITATOR_NOTES, s.activity.facilitator_notes)
        notes += self.listing(self.W.MATERIALS, s.materials)
        notes += self.segment_tail(s)
        self.add(SlideSpec(s.title, notes, body, header))

    def closing(self, s: PlannedSegment) -> None:
        """Queue the closing slides: takeaways, resources, a feedback prompt, then the support contacts."""
        size = self.sizes.body
        plan = self.plan
        timing = self.timing(s)
        cue = self.W.MOVE_ON.format(cue=s.cue())
        primers = list({seg.primer.id: seg.primer for seg in plan.segments if seg.primer}.values())
        if primers:
            body = []
            for i, p in enumerate(primers):
                lead = self.W.TAKEAWAY_OF.format(title=plain_text(p.title)) + " "
                runs = (Run(lead, bold=True), *runs_of(p.takeaway))
                body.append(self.para(runs, size, Look(bullet=True), before=size * 0.45 if i else 0.0))
            self.add(SlideSpec(self.W.KEY_TAKEAWAYS, [timing, self.W.READ_TAKEAWAYS, cue], body))
        if plan.participant_resources:
            body = []
            for i, r in enumerate(plan.participant_resources):
                runs: tuple[Run, ...] = (Run(r.name, bold=True),)
                if r.url:
                    if r.name.rstrip().endswith((".", ":", "?", "!")):
                        joiner = " "
                    else:  # the name's own colon, as the language sets it (`Nom :` in French)
                        runs = (Run(self.W.LINK_LEAD.format(name=r.name), bold=True),)
                        joiner = " "
                    runs += (Run(joiner), Run(r.url, href=r.url))
                body.append(self.para(runs, size, Look(bullet=True), before=size * 0.4 if i else 0.0))
            notes = [timing, self.W.POINT_TO_RESOURCES]
            notes += [
                self.W.ITEM.format(text=self.W.RESOURCE_NOTE.format(name=r.name, description=r.description))
                for r in plan.participant_resources
                if r.description
            ]
            notes.append(cue)
            self.add(SlideSpec(self.W.RESOURCES, notes, body))
        self.codes(timing, cue)
        lines = [self.W.FEEDBACK_PROMPT, *self.W.FEEDBACK_QUESTIONS]
        if plan.workshop.printables.feedback:
            lines.append(self.W.FEEDBACK_FORM)
        body = [self.para(plain_runs(lines[0]), size + 4, Look(colour="accent"))]
        body += [replace(b, space_before=size * 0.6) for b in self.bullets(lines[1:], size)]
        notes = [timing, self.W.LEAVE_TIME_FOR_FEEDBACK]
        if not plan.workshop.support:  # else the support slide comes last, and says it
            body += self.offer_accessible_handout()
            notes.append(self.W.OFFER_ACCESSIBLE_HANDOUT.format(file=HANDOUT_HTML))
        notes.append(self.W.CLOSE.format(cue=s.cue()))
        self.add(SlideSpec(self.W.FEEDBACK, notes, body))
        self.support(s)

    def offer_accessible_handout(self) -> list[Block]:
        """Return the line on the room's last slide that says where the accessible handout is."""
        offer = self.W.ACCESSIBLE_HANDOUT.format(file=HANDOUT_HTML)
        return [
            self.para(plain_runs(offer), self.sizes.body, Look(colour="muted"), before=self.sizes.body * 1.2)
        ]

    def support(self, s: PlannedSegment) -> None:
        """Queue the last slide: where to get support after the session; it stays up as people leave."""
        contacts = self.plan.workshop.support
        if not contacts:
            return
        size = self.sizes.body
        body = []
        for i, contact in enumerate(contacts):
            # The name on a line of its own, so that a phone number never breaks across lines with it.
            name = self.para(
                (Run(contact.name, bold=True),), size, Look(bullet=True), before=size * 0.6 if i else 0
            )
            reach = self.W.SUPPORT_REACH.split("{when}")[0].format(contact=contact.contact)
            runs = (Run(reach), Run(contact.when, italic=True))
            body.append(replace(name, keep_with_next=True))  # a contact stays together on one slide
            body.append(self.para(runs, size, indent=size * 1.1, before=size * 0.1))
        # The last contact goes with the closing line, so that line never stands alone on a slide.
        body[-1] = replace(body[-1], keep_with_next=True)
        body += self.offer_accessible_handout()
        notes = [self.timing(s), self.W.READ_SUPPORT]
        notes += [
            self.W.ITEM.format(
                text=self.W.SUPPORT_CONTACT.format(name=c.name, contact=c.contact, when=c.when)
            )
            for c in contacts
        ]
        notes.append(self.W.OFFER_ACCESSIBLE_HANDOUT.format(file=HANDOUT_HTML))
        notes.append(self.W.CLOSE.format(cue=s.cue()))
        self.add(SlideSpec(self.W.SUPPORT, notes, body))

    def codes(self, timing: str, cue: str) -> None:
        """Queue the slide of QR codes: every resource link, and the online feedback form's address."""
        plan = self.plan
        codes = [(r.name, r.url) for r in plan.resources if r.url and len(r.url) <= MAX_QR_URL]
        if plan.workshop.feedback_url:
            codes.append((self.W.FEEDBACK_ONLINE, plan.workshop.feedback_url))
        if not codes:
            return
        intro = self.para(plain_runs(self.W.SCAN_INTRO), self.sizes.body, Look(colour="muted"))
        notes = [timing, self.W.LEAVE_CODES_UP, cue]
        self.add(
            SlideSpec(self.W.SCAN_TO_OPEN, notes, [intro], kind="codes", shrink=False, codes=tuple(codes))
        )


def build_specs(plan: Plan, sizes: SlideSizes, *, clock: bool = True) -> list[SlideSpec]:
    """Return every logical slide of the workshop, in presentation order, starting from `sizes`.

    Without `clock`, no slide shows a clock time (the participants' copy: the plan may change on the day).
    """
    return Builder(plan, sizes, clock=clock).build()
