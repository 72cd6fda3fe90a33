"""Word document (.docx) rules, on python-docx's parts and lxml on the document XML.

Locations: "paragraph 12" counts the paragraphs of the body in order (Word shows no page
numbers in the file); text in tables is "table 2"; images are "image 'Chart' (paragraph 5)".

- docx-heading-structure (warning): no heading styles; the first heading is not level 1; a
  level is skipped (1 then 3); 'fake' headings: a short line (at most 12 words, not ending in
  a full stop) of bold text 14pt or larger in the Normal style, reported together.
- docx-title-missing (warning): core_properties.title is empty.
- docx-lang-missing (warning): no w:lang in docDefaults, styles or runs.
- image-alt-*: wp:docPr@descr of pictures, charts and diagrams (Office's decorative flag
  honoured) and VML v:shape@alt, through text.check_alt_text.
- table-header-missing (blocking): the first row has no w:tblHeader ('Repeat as header row').
- text-contrast-low: each run's colour (direct, character style, paragraph style, table style,
  defaults; theme colours resolved) against its shading or highlight, else the paragraph's, the
  cell's (or table style's), else the page colour, else white. Word's 'Automatic' colour always
  contrasts, so it is not judged. The worst failing run of each paragraph is blocking; colours we
  cannot work out give one 'unknown' advice.
- font-too-small (advice): text under 12pt, one finding listing where.
- link-text-vague: w:hyperlink runs, and HYPERLINK fields.
- italic-underline-misuse (advice): italic runs, and underlined runs that are not links
  (w:hyperlink, a HYPERLINK field or the Hyperlink character style); one finding for each.
- Words, acronyms, capitals and sentence length: text.check_extracted_text paragraph by
  paragraph, sharing one set of acronyms so first use counts across the whole document.

Pure: imports nothing from the rest of spark, nor flask or sqlalchemy.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from docx import Document
from lxml import etree

from spark.accessibility import text as text_rules
from spark.accessibility.doc_rules import Budget, ContrastTally, finding
from spark.accessibility.docx_colours import AUTO, page_background, shading
from spark.accessibility.docx_runs import is_on
from spark.accessibility.docx_styles import W, WordStyles
from spark.accessibility.docx_tables import TableParts, table_shading
from spark.accessibility.findings import Finding
from spark.accessibility.pptx_colours import Colour, read_theme
from spark.accessibility.pptx_shapes import is_decorative
from spark.accessibility.pptx_xml import related_xml

WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
PIC = "{http://schemas.openxmlformats.org/drawingml/2006/picture}"
V = "{urn:schemas-microsoft-com:vml}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
RT_THEME = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"

MAX_PARAGRAPHS = 20_000  # paragraphs, table cells' and text boxes' included
MAX_RUNS = 200_000
MAX_TEXT_CHARS = 1_000_000  # characters given to the wording rules, for the whole document
MIN_DOC_PT = 12.0
FAKE_HEADING_PT = 14.0
FAKE_HEADING_WORDS = 12
_RUN_CONTAINERS = {
    f"{W}{n}" for n in ("smartTag", "sdt", "sdtContent", "ins", "moveTo", "customXml", "dir", "bdo")
}
_BLOCK_CONTAINERS = {f"{W}sdt", f"{W}sdtContent", f"{W}customXml"}
_GRAPHIC = {"picture": "image", "chart": "chart", "diagram": "diagram"}
_HYPERLINK_FIELD = re.compile(r'^\s*HYPERLINK\s+(?:"([^"]*)"|(\S+))?(?:.*?\\l\s+"([^"]*)")?', re.I)


@dataclass(frozen=True)
class Place:
    where: str
    background: Colour | None = None  # the table cell's shading
    table_rprs: tuple = ()
    body: bool = True  # a body paragraph (headings count), not a table cell or text box


def _field_url(instr: str) -> str | None:
    match = _HYPERLINK_FIELD.match(instr)
    if not match:
        return None
    url, bare, anchor = match.groups()
    return url or bare or (f"#{anchor}" if anchor else None)


def _in_fallback(element: etree._Element, stop: etree._Element) -> bool:
    node = element.getparent()
    while node is not None and node is not stop:
        if node.tag == f"{MC}Fallback":
            return True
        node = node.getparent()
    return False


class DocumentCheck:
    def __init__(self, doc) -> None:
        self.doc = doc
        self.rels = doc.part.rels
        self.theme = read_theme(related_xml(doc.part, RT_THEME))
        self.styles_root = doc.styles.element
        self.styles = WordStyles.of(self.styles_root)
        self.page = page_background(doc.element, self.theme)
        self.findings: list[Finding] = []
        self.contrast = ContrastTally()
        self.small: list[tuple[float, str]] = []
        self.italic: list[str] = []
        self.underline: list[str] = []
        self.headings: list[tuple[str, int, str]] = []
        self.fake: list[tuple[str, str]] = []
        self.paragraphs = 0
        self.tables = 0
        self.budget = Budget(paragraphs=MAX_PARAGRAPHS, runs=MAX_RUNS, chars=MAX_TEXT_CHARS)
        self.acronyms: set[str] = set()

    # ------------------------------------------------------------ walking

    def blocks(self, container: etree._Element, place: Place | None = None) -> None:
        for child in container:
            if self.budget.exhausted:
                return
            if child.tag == f"{W}p":
                self.paragraph(child, place)
            elif child.tag == f"{W}tbl":
                self.table(child)
            elif child.tag in _BLOCK_CONTAINERS:
                self.blocks(child, place)

    def runs(self, container: etree._Element, link=None):
        """(run, link) pairs; link is the w:hyperlink or field the run belongs to, or None.

        A link is (key, url). The key is the w:hyperlink or w:fldSimple element itself, not its
        id(): lxml makes a new Python object for an element each time it is reached, and the
        next link's object may get the id of the last one once that is freed.
        """
        for child in container:
            if child.tag == f"{W}r":
                yield child, link
            elif child.tag == f"{W}hyperlink":
                rid, anchor = child.get(R_ID), child.get(f"{W}anchor")
                rel = self.rels.get(rid) if rid else None
                url = rel.target_ref if rel is not None and rel.is_external else None
                yield from self.runs(child, (child, url or (f"#{anchor}" if anchor else None)))
            elif child.tag == f"{W}fldSimple":
                url = _field_url(child.get(f"{W}instr", ""))
                instr = child.get(f"{W}instr", "").strip().upper()
                yield from self.runs(child, (child, url) if instr.startswith("HYPERLINK") else link)
            elif child.tag in _RUN_CONTAINERS:
                yield from self.runs(child, link)

    def paragraph(self, p: etree._Element, place: Place | None) -> None:
        if not self.budget.spend("paragraphs"):
            return
        if place is None:
            self.paragraphs += 1
            place = Place(f"paragraph {self.paragraphs}")
        where = place.where
        style_id = self.styles.paragraph_style(p)
        shade = self.styles.paragraph_shading(p, self.theme, style_id)
        behind = shade if shade is not None else place.background
        behind = behind if behind is not None else self.page
        texts: list[str] = []
        links: dict[object, list] = {}  # link key (see runs) -> [url, text]
        fields: list[list] = []  # complex fields: [instruction, in result part, number]
        begun = 0  # complex fields begun so far: each one's number, its key in `links`
        bold_all, sizes = True, []
        for run, link in self.runs(p):
            if not self.budget.spend("runs"):
                break
            for char in run.iter(f"{W}fldChar", f"{W}instrText"):
                kind = char.get(f"{W}fldCharType")
                if char.tag == f"{W}instrText" and fields:
                    fields[-1][0] += char.text or ""
                elif kind == "begin":
                    begun += 1
                    fields.append(["", False, begun])
                elif kind == "separate" and fields:
                    fields[-1][1] = True
                elif kind == "end" and fields:
                    fields.pop()
            field_link = next(
                (f for f in fields if f[1] and f[0].strip().upper().startswith("HYPERLINK")), None
            )
            if link is None and field_link is not None:
                link = (("field", field_link[2]), _field_url(field_link[0]))
            self.images(run, where)
            text = "".join(t.text or "" for t in run.iter(f"{W}t"))
            texts.append(text)
            if link is not None:
                links.setdefault(link[0], [link[1], ""])[1] += text
            if not text.strip():
                continue
            look = self.styles.run_look(run, style_id, place.table_rprs, self.theme)
            sizes.append(look.size)
            bold_all = bold_all and look.bold
            if look.size < MIN_DOC_PT:
                self.small.append((look.size, where))
            if look.italic:
                self.italic.append(where)
            if look.underline and link is None and not look.link_style:
                self.underline.append(where)
            if look.colour != AUTO:
                bg = look.background if look.background is not None else behind
                self.contrast.add(where, text, look.colour, bg, look.size, look.bold)
        for url, link_text in links.values():
            self.findings += text_rules.check_link_text(link_text, url, where)
        for box in p.iter(f"{W}txbxContent"):
            if not _in_fallback(box, p):
                self.blocks(box, Place(f"text box in {where}", body=False))
        text = "".join(texts)
        if not text.strip():
            return
        if place.body:
            level = self.styles.heading_level(p, style_id)
            if level is not None:
                self.headings.append((where, level, text))
            elif (
                self.styles.is_normal(p, style_id)
                and bold_all
                and min(sizes, default=0) >= FAKE_HEADING_PT
                and len(text.split()) <= FAKE_HEADING_WORDS
                and not text.rstrip().endswith(".")
            ):
                self.fake.append((where, text))
        wording = self.budget.text(text)
        if wording:
            self.findings += text_rules.check_extracted_text(
                wording, where, seen_acronyms=self.acronyms
            )

    def images(self, run: etree._Element, where: str) -> None:
        for drawing in run.iter(f"{W}drawing"):
            if _in_fallback(drawing, run):
                continue
            frame = next((c for c in drawing if c.tag in {f"{WP}inline", f"{WP}anchor"}), None)
            doc_pr = frame.find(f"{WP}docPr") if frame is not None else None
            data = frame.find(f"{A}graphic/{A}graphicData") if frame is not None else None
            kind = _GRAPHIC.get(
                (data.get("uri", "") if data is not None else "").rsplit("/", 1)[-1]
            )
            if doc_pr is None or kind is None:
                continue  # shapes and text boxes: their text is walked as paragraphs
            c_nv = data.find(f"{PIC}pic/{PIC}nvPicPr/{PIC}cNvPr")
            name = doc_pr.get("name", "")
            self.findings += text_rules.check_alt_text(
                doc_pr.get("descr"),
                decorative=is_decorative(doc_pr),
                where=f"{kind} '{name}' ({where})" if name else f"{kind} ({where})",
                filename=c_nv.get("name") if c_nv is not None else None,
            )
        for shape in run.iter(f"{V}shape"):
            if shape.find(f"{V}imagedata") is not None and not _in_fallback(shape, run):
                self.findings += text_rules.check_alt_text(
                    shape.get("alt"), decorative=False, where=f"image ({where})"
                )

    def table(self, tbl: etree._Element) -> None:
        self.tables += 1
        where = f"table {self.tables}"
        rows = tbl.findall(f"{W}tr")
        if not rows:
            return
        if not is_on(rows[0].find(f"{W}trPr/{W}tblHeader")):
            self.findings.append(
                finding(
                    "table-header-missing",
                    where,
                    "This table has no header row, so screen readers cannot say which column "
                    "each cell is in.",
                    "Put the column headings in the first row, select it, then in Table "
                    "Properties > Row tick 'Repeat as header row at the top of each page'.",
                )
            )
        cells = [r.findall(f"{W}tc") for r in rows]
        cols = max(len(c) for c in cells)
        styles = TableParts(self.styles, tbl)
        by_parts: dict[tuple, tuple] = {}  # cells with the same style parts share these
        for r, row_cells in enumerate(cells):
            for c, cell in enumerate(row_cells):
                parts = tuple(styles.cell(r, c, len(rows), cols))
                if parts not in by_parts:
                    by_parts[parts] = (
                        table_shading(parts, self.theme),
                        tuple(x for x in (p.find(f"{W}rPr") for p in parts) if x is not None),
                    )
                style_fill, rprs = by_parts[parts]
                own = cell.find(f"{W}tcPr/{W}shd")
                fill = shading(own, self.theme) if own is not None else None
                if fill is None:
                    fill = style_fill
                self.blocks(cell, Place(where, fill, rprs, body=False))

    # ------------------------------------------------------------ document-wide rules

    def run(self) -> list[Finding]:
        self.blocks(self.doc.element.body)
        if self.budget.exhausted:
            self.findings.append(
                finding(
                    "file-partly-checked",
                    f"paragraph {self.paragraphs} onwards",
                    "This document is so long or so detailed that we stopped checking at "
                    f"paragraph {self.paragraphs}.",
                    "Check the rest yourself, or split the document.",
                )
            )
        self.findings += self.contrast.findings("document", "text in")
        self.findings += self.document_rules()
        return self.findings

    def document_rules(self) -> list[Finding]:
        from spark.accessibility.docx_rules import document_findings  # it imports this module

        return document_findings(self)


def check_docx(data: bytes) -> list[Finding]:
    """Every document rule on a .docx already checked by safety.inspect_office."""
    return DocumentCheck(Document(io.BytesIO(data))).run()
