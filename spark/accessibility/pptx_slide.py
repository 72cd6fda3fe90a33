"""One slide's checks: SlideCheck walks the slide's shapes once, in reading order, and collects
the slide's findings: text size and contrast, non-text contrast, alt text of pictures, charts
and diagrams, table header rows, link text, and the slide's text for the wording rules. The
rules are described in pptx_check, which runs SlideCheck on each slide of a deck.

Pure: imports nothing from the rest of spark, nor flask or sqlalchemy.
"""

from __future__ import annotations

import posixpath

from lxml import etree

from spark.accessibility import text as text_rules
from spark.accessibility.contrast import NON_TEXT_RATIO, contrast_ratio, format_ratio, to_hex
from spark.accessibility.doc_rules import Budget, ContrastTally, finding
from spark.accessibility.findings import Finding
from spark.accessibility.pptx_colours import FILL_TAGS, Colour, fill_of
from spark.accessibility.pptx_runs import Inherited, look, paragraph_props, text_scale
from spark.accessibility.pptx_shapes import graphic_kind, is_decorative, shape_label, texts
from spark.accessibility.pptx_styles import Box, SlideStyles
from spark.accessibility.pptx_tables import TableLook, table_cell_fill, table_text_style
from spark.accessibility.pptx_xml import A, P, c_nv_pr, child, grandchild, ph_type, shape_children

MAX_GROUP_DEPTH = 10
MIN_SLIDE_PT = 18.0
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
R_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
_EXEMPT_SIZE = {"dt", "ftr", "sldNum"}
_SHAPE, _PICTURE, _FRAME = f"{P}sp", f"{P}pic", f"{P}graphicFrame"
_GROUP, _CONNECTOR = f"{P}grpSp", f"{P}cxnSp"
_C_SLD, _SP_TREE, _TX_BODY = f"{P}cSld", f"{P}spTree", f"{P}txBody"
_NV_SP_PR, _C_NV_SP_PR = f"{P}nvSpPr", f"{P}cNvSpPr"
_BLIP_FILL, _BLIP = f"{P}blipFill", f"{A}blip"
_PARAGRAPH, _RUN, _RUN_PROPS, _TEXT = f"{A}p", f"{A}r", f"{A}rPr", f"{A}t"
_LINK, _TBL_PR, _CELL_BODY = f"{A}hlinkClick", f"{A}tblPr", f"{A}txBody"
_CELL_PROPS, _LIST_STYLE = f"{A}tcPr", f"{A}lstStyle"


def _contains(box: Box | None, point: tuple[float, float]) -> bool:
    if box is None:
        return False
    x, y, cx, cy = box
    return x <= point[0] <= x + cx and y <= point[1] <= y + cy


class SlideCheck:
    """Walks one slide's shapes once and collects its findings."""

    def __init__(
        self, number: int, slide, styles: SlideStyles, acronyms: set[str], budget: Budget
    ) -> None:
        self.number = number
        self.acronyms = acronyms
        self.budget = budget
        self.slide = slide
        self.styles = styles
        self.findings: list[Finding] = []
        self.paragraphs: list[str] = []
        self.small: list[tuple[float, str]] = []
        self.contrast = ContrastTally()
        self.background = styles.background()

    def where(self, label: str) -> str:
        return f"slide {self.number}, {label}"

    def behind(self, box: Box | None, stack: list[tuple[Box | None, Colour]]) -> Colour:
        """What is painted behind a shape: the nearest earlier shape covering its centre."""
        if box is not None:
            centre = (box[0] + box[2] / 2, box[1] + box[3] / 2)
            for other, paint in reversed(stack):
                if _contains(other, centre):
                    return paint
        return self.background

    def walk(
        self,
        container: etree._Element,
        stack: list,
        depth: int = 0,
        shapes: list[etree._Element] | None = None,
    ) -> None:
        """`shapes` is shape_children(container), when the caller has it."""
        for shape in shape_children(container) if shapes is None else shapes:
            if not self.budget.spend("shapes"):
                return
            tag = shape.tag
            box = self.styles.box(shape)
            if tag == _GROUP:
                if depth < MAX_GROUP_DEPTH:
                    self.walk(shape, list(stack), depth + 1)
                continue
            paint = self.styles.shape_fill(shape)
            if tag == _SHAPE:
                self.text_shape(shape, box, stack, paint)
            elif tag == _PICTURE:
                self.picture(shape)
            elif tag == _FRAME:
                self.graphic_frame(shape, box, stack)
            elif tag == _CONNECTOR:
                self.nontext(shape, box, stack, paint)
            if paint is not None:
                stack.append((box, paint))

    def text_shape(
        self, shape: etree._Element, box: Box | None, stack: list, own: Colour | None
    ) -> None:
        body = child(shape, _TX_BODY)
        if body is None or not texts(body).strip():
            self.nontext(shape, box, stack, own)
            return
        background = own if own is not None else self.behind(box, stack)
        ph = self.styles.placeholder(shape)
        self.text_body(
            shape,
            body,
            self.styles.text_inherited(shape),
            background,
            text_scale(shape),
            exempt_size=ph is not None and ph_type(ph) in _EXEMPT_SIZE,
            decorative=is_decorative(c_nv_pr(shape)),
            label=shape_label(shape, ph),
        )

    def text_body(
        self,
        shape: etree._Element,
        body: etree._Element,
        inherited: Inherited,
        background: Colour,
        scale: float,
        *,
        exempt_size: bool = False,
        decorative: bool = False,
        label: str,
    ) -> None:
        where = self.where(label)
        spend, contrast = self.budget.spend, self.contrast
        for paragraph in body.iter(_PARAGRAPH):
            self.paragraphs.append(texts(paragraph))
            link_text, link = "", None
            props = None  # the paragraph's level and a:defRPr, once it has text to judge
            for run in paragraph.iterchildren(_RUN):
                if not spend("runs"):
                    return
                rpr, text, click = _run_parts(run)
                target = self.link_target(click)
                if target != link and link is not None:
                    self.findings += text_rules.check_link_text(link_text, link[1], where)
                    link_text = ""
                link = target
                link_text += text if target is not None else ""
                if not text.strip():
                    continue
                if props is None:
                    props = paragraph_props(paragraph)
                size, bold, colour = look(rpr, props[0], props[1], inherited, scale)
                if size is not None and size < MIN_SLIDE_PT and not exempt_size:
                    self.small.append((size, label))
                if not decorative:
                    contrast.add(where, text, colour, background, size, bold)
            if link is not None:
                self.findings += text_rules.check_link_text(link_text, link[1], where)

    def link_target(self, click: etree._Element | None) -> tuple[str, str | None] | None:
        """(what the link goes to, its web address): adjacent runs of one target are one link."""
        if click is None:
            return None
        rid = click.get(R_ID, "")
        rel = self.slide.part.rels.get(rid) if rid else None
        if rel is not None and rel.is_external:
            return rel.target_ref, rel.target_ref
        return f"{rid}{click.get('action', '')}", None

    def nontext(
        self, shape: etree._Element, box: Box | None, stack: list, fill: Colour | None
    ) -> None:
        """nontext-contrast-low: a meaningful shape's fill and outline against what is behind.

        `fill` is styles.shape_fill(shape), which walk() has worked out already.
        """
        c_nv = c_nv_pr(shape)
        if self.styles.placeholder(shape) is not None or is_decorative(c_nv):
            return
        box_props = grandchild(shape, _NV_SP_PR, _C_NV_SP_PR)
        if box_props is not None and box_props.get("txBox") == "1":
            return
        background = self.behind(box, stack)
        paints = [self.styles.outline(shape)]
        if shape.tag == _SHAPE:
            paints.append(fill)
        paints = [p for p in paints if p is not None]
        if not paints or not isinstance(background, tuple):
            return
        if any(not isinstance(p, tuple) for p in paints):
            return
        ratios = [contrast_ratio(p, background) for p in paints]
        if max(ratios) >= NON_TEXT_RATIO:
            return
        best = paints[ratios.index(max(ratios))]
        self.findings.append(
            finding(
                "nontext-contrast-low",
                self.where(shape_label(shape)),
                f"This {shape_label(shape).split(' ')[0]} has a contrast ratio of "
                f"{format_ratio(max(ratios))} against what is behind it ({to_hex(best)} on "
                f"{to_hex(background)}). Shapes that carry meaning need at least 3:1.",
                "Make its fill or outline darker or lighter so it stands out at 3:1 or more. "
                "If it is only decoration, mark it as decorative (right-click, Edit Alt Text).",
            )
        )

    def picture(self, shape: etree._Element) -> None:
        c_nv = c_nv_pr(shape)
        blip = grandchild(shape, _BLIP_FILL, _BLIP)
        filename = None
        if blip is not None and blip.get(R_EMBED) in self.slide.part.rels:
            rel = self.slide.part.rels[blip.get(R_EMBED)]
            if not rel.is_external:
                filename = posixpath.basename(str(rel.target_part.partname))
        self.findings += text_rules.check_alt_text(
            c_nv.get("descr") if c_nv is not None else None,
            decorative=is_decorative(c_nv),
            where=self.where(shape_label(shape)),
            filename=filename,
        )

    def graphic_frame(self, frame: etree._Element, box: Box | None, stack: list) -> None:
        kind = graphic_kind(frame)
        if kind in {"chart", "diagram"}:
            c_nv = c_nv_pr(frame)
            self.findings += text_rules.check_alt_text(
                c_nv.get("descr") if c_nv is not None else None,
                decorative=is_decorative(c_nv),
                where=self.where(shape_label(frame)),
            )
        table = frame.find(f"{A}graphic/{A}graphicData/{A}tbl")
        if table is not None:
            self.table(frame, table, self.behind(box, stack))

    def table(self, frame: etree._Element, table: etree._Element, behind: Colour) -> None:
        label = shape_label(frame)
        props = child(table, _TBL_PR)
        if props is None or props.get("firstRow") not in {"1", "true"}:
            self.findings.append(
                finding(
                    "table-header-missing",
                    self.where(label),
                    "This table has no header row, so screen readers cannot say which column "
                    "each cell is in.",
                    "Select the table, then in Table Design tick 'Header Row', and put the "
                    "column headings in the first row.",
                )
            )
        rows = table.findall(f"{A}tr")
        cells = [row.findall(f"{A}tc") for row in rows]
        cols = max((len(c) for c in cells), default=0)
        deck = self.styles.deck
        palette = self.styles.palette
        styles = TableLook(deck.table_styles, table)
        for r, row_cells in enumerate(cells):
            for c, cell in enumerate(row_cells):
                body = child(cell, _CELL_BODY)
                if body is None:
                    continue
                parts, known = styles.cell(r, c, len(rows), cols)
                # Cells sharing style parts share fill and text style, across the whole deck.
                key = (*parts, known, id(palette))
                if key not in deck.tables:
                    theme = self.styles.theme
                    fill = table_cell_fill(parts, palette, theme) if known else "unknown"
                    sources = [None, table_text_style(parts), deck.default_text_style]
                    deck.tables[key] = (fill, Inherited(sources, palette))
                fill, inherited = deck.tables[key]
                own_list = child(body, _LIST_STYLE)
                if own_list is not None and len(own_list):
                    inherited = Inherited([own_list, *inherited.sources[1:]], palette)
                props = child(cell, _CELL_PROPS)
                if props is not None and any(x.tag in FILL_TAGS for x in props):
                    fill = fill_of(props, palette)  # a:noFill: see-through to what is behind
                self.text_body(
                    cell, body, inherited, fill if fill is not None else behind, 1.0, label=label
                )

    def run(self, shapes: list[etree._Element] | None = None) -> list[Finding]:
        """`shapes` is shape_children() of the slide's p:spTree, when the caller has it."""
        tree = grandchild(self.slide._element, _C_SLD, _SP_TREE)
        if tree is not None:
            self.walk(tree, [], shapes=shapes)
        self.findings += self.contrast.findings(f"slide {self.number}", "text in")
        if self.small:
            smallest = min(size for size, _ in self.small)
            names = list(dict.fromkeys(label for _, label in self.small))
            self.findings.append(
                finding(
                    "font-too-small",
                    f"slide {self.number}",
                    f"Some text on this slide is smaller than 18pt: the smallest is "
                    f"{smallest:g}pt (in {', '.join(names[:3])}).",
                    "Use 18pt or larger on slides, so people can read them on a small screen "
                    "or from the back of a room. Put the detail in the notes or a handout.",
                )
            )
        text = self.budget.text("\n".join(p for p in self.paragraphs if p.strip()))
        return self.findings + text_rules.check_extracted_text(
            text, f"slide {self.number}", seen_acronyms=self.acronyms
        )


def _run_parts(
    run: etree._Element,
) -> tuple[etree._Element | None, str, etree._Element | None]:
    """An a:r's first a:rPr, the text of its first a:t, and find('a:rPr/a:hlinkClick')."""
    rpr = t = None
    more = False  # a second a:rPr: not valid, but find() would look in it for the link too
    for node in run:
        tag = node.tag
        if tag == _RUN_PROPS:
            if rpr is None:
                rpr = node
            else:
                more = True
        elif tag == _TEXT and t is None:
            t = node
    text = (t.text or "") if t is not None else ""
    if more:
        return rpr, text, grandchild(run, _RUN_PROPS, _LINK)
    return rpr, text, child(rpr, _LINK) if rpr is not None else None
