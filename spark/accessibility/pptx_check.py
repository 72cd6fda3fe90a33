"""Slide deck (.pptx) rules, on python-pptx's parts and lxml on the slide XML.

- slide-title-missing (blocking): no title/ctrTitle placeholder, or it is empty. A big text box
  is not a title. slide-title-duplicate (warning) after case and spaces are normalised, reported
  on the later slide. slide-reading-order (warning): the title is not the first shape in
  p:spTree (the order screen readers read).
- table-header-missing (blocking): a:tblPr@firstRow is not 1.
- font-too-small (advice): text under 18pt, one finding per slide; the size is what is shown
  (shrink-to-fit scale applied). Slide numbers, dates and footers are exempt.
- text-contrast-low: each run against its table cell fill, then its shape's fill, then the
  shape behind it (the nearest earlier shape covering its centre), then the slide background
  (the layout's or master's when the slide has none). Theme colours resolve through the clrMap
  and the theme. The worst failing run of each shape is blocking; colours we cannot work out
  (pictures, gradients, see-through fills) give one 'unknown' advice per slide, never blocking.
  Decorative shapes are exempt.
- nontext-contrast-low (warning): a shape that is not decorative and holds no text (its text is
  judged as text), or a line, whose fill and outline are both under 3:1 against what is behind.
- image-alt-*: pictures, charts and SmartArt diagrams, p:cNvPr@descr (Office's decorative flag
  honoured). link-text-vague: runs with a:hlinkClick, adjacent runs of one link joined.
- Words, acronyms, capitals and sentence length: text.check_extracted_text slide by slide
  (location "slide 3"), sharing one set of acronyms so first use counts across the whole deck.

The deck is walked here slide by slide (titles, caps on the work); each slide's shapes are
checked by SlideCheck (pptx_slide).

Pure: imports nothing from the rest of spark, nor flask or sqlalchemy.
"""

from __future__ import annotations

import io

from pptx import Presentation

from spark.accessibility.doc_rules import Budget, finding
from spark.accessibility.findings import Finding
from spark.accessibility.pptx_masters import DeckStyles
from spark.accessibility.pptx_shapes import title_findings
from spark.accessibility.pptx_slide import SlideCheck
from spark.accessibility.pptx_styles import SlideStyles
from spark.accessibility.pptx_xml import P, grandchild, shape_children

MAX_SLIDES = 500
MAX_SHAPES = 20_000  # in the whole deck, groups and table cells included
MAX_RUNS = 200_000  # runs of text in the whole deck
MAX_TEXT_CHARS = 1_000_000  # characters given to the wording rules, for the whole deck
_C_SLD, _SP_TREE = f"{P}cSld", f"{P}spTree"


def check_pptx(data: bytes) -> list[Finding]:
    """Every slide rule on a deck already checked by safety.inspect_office."""
    prs = Presentation(io.BytesIO(data))
    deck = DeckStyles(prs)
    findings: list[Finding] = []
    titles: dict[str, int] = {}
    acronyms: set[str] = set()
    budget = Budget(shapes=MAX_SHAPES, runs=MAX_RUNS, chars=MAX_TEXT_CHARS)
    partial: Finding | None = None
    for number, slide in enumerate(prs.slides, start=1):
        if number > MAX_SLIDES:
            partial = finding(
                "file-partly-checked",
                f"slides {number} onwards",
                f"This deck has more than {MAX_SLIDES} slides, so we checked the first "
                f"{MAX_SLIDES} only.",
                "Check the other slides yourself, or split the deck.",
            )
            break
        tree = grandchild(slide._element, _C_SLD, _SP_TREE)
        shapes = shape_children(tree) if tree is not None else []
        findings += title_findings(number, tree, titles, shapes)
        styles = SlideStyles.of(deck, slide)
        findings += SlideCheck(number, slide, styles, acronyms, budget).run(shapes)
        if budget.exhausted:
            partial = finding(
                "file-partly-checked",
                f"slide {number}",
                f"This deck holds so many shapes or so much text that we stopped checking "
                f"part way through slide {number}.",
                "Check the rest of the deck yourself, or split it into smaller decks.",
            )
            break
    return findings + ([partial] if partial else [])
