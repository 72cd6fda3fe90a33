"""Builders for the document checker's tests: decks, Word documents and PDFs made in the tests.

python-pptx, python-docx and pikepdf build the files; where they cannot set something (the
decorative flag, a:tblPr@firstRow, w:tblHeader, w:lang, theme colours) the XML parts are
edited directly with zipfile and lxml.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

import pikepdf
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt as DocxPt
from lxml import etree
from pikepdf import Array, Dictionary, Name, String
from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Inches, Pt

from spark.accessibility.findings import Finding

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
A, P, W = (f"{{{NS[prefix]}}}" for prefix in ("a", "p", "w"))
DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
ADEC = "http://schemas.microsoft.com/office/drawing/2017/decorative"
TITLE_ONLY = 5
BLANK = 6


# ---------------------------------------------------------------- findings


def rules(findings: Iterable[Finding]) -> list[str]:
    return [f.rule for f in findings]


def only(findings: Iterable[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


# ---------------------------------------------------------------- files and zips


def png_bytes(colour: str = "red", size: tuple[int, int] = (20, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def write_png(folder: Path, name: str = "chart.png") -> Path:
    path = folder / name
    path.write_bytes(png_bytes())
    return path


def rewrite_zip(
    path: Path,
    edits: dict[str, Callable[[bytes], bytes]] | None = None,
    add: dict[str, bytes] | None = None,
) -> Path:
    """Rewrite an Office zip in place: edit some members' bytes, add others."""
    edits, add = edits or {}, add or {}
    members = []
    with zipfile.ZipFile(path) as source:
        for info in source.infolist():
            data = source.read(info)
            if info.filename in edits:
                data = edits[info.filename](data)
            members.append((info.filename, data))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members:
            target.writestr(name, data)
        for name, data in add.items():
            target.writestr(name, data)
    return path


def edit_xml(path: Path, part: str, change: Callable[[etree._Element], None]) -> Path:
    """Change one XML part of an Office file with lxml."""

    def edit(data: bytes) -> bytes:
        root = etree.fromstring(data)
        change(root)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    return rewrite_zip(path, {part: edit})


def mark_decorative(c_nv_pr: etree._Element) -> None:
    """Office's 'Mark as decorative' on a p:cNvPr or wp:docPr."""
    ext_lst = c_nv_pr.find(f"{A}extLst")
    if ext_lst is None:
        ext_lst = etree.SubElement(c_nv_pr, f"{A}extLst")
    ext = etree.SubElement(ext_lst, f"{A}ext", uri=DECORATIVE_URI)
    etree.SubElement(ext, f"{{{ADEC}}}decorative", val="1")


# ---------------------------------------------------------------- slide decks


def new_deck() -> Presentation:
    return Presentation()


def titled_slide(prs, title: str = "How we pay people faster"):
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    slide.shapes.title.text = title
    return slide


def text_box(
    slide,
    text: str,
    *,
    size: float | None = 24,
    colour: str | None = None,
    bold: bool | None = None,
    box: tuple[float, float, float, float] = (1, 2.5, 6, 1),
):
    left, top, width, height = (Inches(v) for v in box)
    shape = slide.shapes.add_textbox(left, top, width, height)
    run = shape.text_frame.paragraphs[0].add_run()
    run.text = text
    if size is not None:
        run.font.size = Pt(size)
    if colour is not None:
        run.font.color.rgb = RGBColor.from_string(colour)
    if bold is not None:
        run.font.bold = bold
    return shape


def save_deck(prs, folder: Path, name: str = "deck.pptx") -> Path:
    path = folder / name
    prs.save(path)
    return path


def slide_part(number: int) -> str:
    return f"ppt/slides/slide{number}.xml"


# ---------------------------------------------------------------- Word documents


def clean_document(title: str = "Paying people faster"):
    """A document with no findings: a title, a Heading 1, and 12pt body text."""
    doc = Document()
    doc.core_properties.title = title
    doc.styles["Normal"].font.size = DocxPt(12)
    doc.add_heading("Paying people faster", level=1)
    doc.add_paragraph("We will pay people in 3 days, not 10.")
    return doc


def save_document(doc, folder: Path, name: str = "document.docx") -> Path:
    path = folder / name
    doc.save(path)
    return path


def add_hyperlink(paragraph, url: str, text: str, *, underline: bool = True, style: str = ""):
    """A w:hyperlink to an external address, its run underlined like Word's links."""
    rid = paragraph.part.relate_to(
        url,
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
        is_external=True,
    )
    link = etree.SubElement(paragraph._p, qn("w:hyperlink"))
    link.set(qn("r:id"), rid)
    run = etree.SubElement(link, qn("w:r"))
    props = etree.SubElement(run, qn("w:rPr"))
    if style:
        etree.SubElement(props, qn("w:rStyle")).set(qn("w:val"), style)
    if underline:
        etree.SubElement(props, qn("w:u")).set(qn("w:val"), "single")
    etree.SubElement(run, qn("w:t")).text = text
    return link


def run_props(run) -> etree._Element:
    return run._r.get_or_add_rPr()


# ---------------------------------------------------------------- PDFs


def make_pdf(
    path: Path,
    *,
    pages: int = 2,
    tagged: bool = True,
    marked: bool | None = True,
    lang: str | None = "en-GB",
    info_title: str | None = "Paying people faster",
    xmp_title: str | None = None,
    display_title: bool | None = True,
    figures: Iterable[dict] = (),
    role_map: dict[str, str] | None = None,
) -> Path:
    """A PDF with the accessibility settings asked for. Each figure is a dict with S ('/Figure'),
    alt, actual and page (0-based index, or None for no /Pg)."""
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page()
    root = pdf.Root
    if tagged:
        document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document))
        kids = [pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.P, P=document))]
        for spec in figures:
            element = Dictionary(Type=Name.StructElem, S=Name(spec.get("S", "/Figure")))
            if spec.get("alt") is not None:
                element.Alt = String(spec["alt"])
            if spec.get("actual") is not None:
                element.ActualText = String(spec["actual"])
            if spec.get("page") is not None:
                element.Pg = pdf.pages[spec["page"]].obj
            element.P = document
            kids.append(pdf.make_indirect(element))
        document.K = Array(kids)
        tree = Dictionary(Type=Name.StructTreeRoot, K=document)
        if role_map:
            tree.RoleMap = Dictionary({f"/{k}": Name(f"/{v}") for k, v in role_map.items()})
        root.StructTreeRoot = pdf.make_indirect(tree)
    if marked is not None:
        root.MarkInfo = Dictionary(Marked=marked)
    if lang is not None:
        root.Lang = String(lang)
    if info_title is not None:
        pdf.docinfo["/Title"] = String(info_title)
    if xmp_title is not None:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta["dc:title"] = xmp_title
    if display_title is not None:
        root.ViewerPreferences = Dictionary(DisplayDocTitle=display_title)
    pdf.save(path)
    return path


__all__ = [
    "BLANK",
    "NS",
    "TITLE_ONLY",
    "W",
    "A",
    "P",
    "Document",
    "DocxPt",
    "Inches",
    "Pt",
    "RGBColor",
]
