"""PDF rules, with pikepdf (qpdf): tags, language, title, display title, figure alt text.

- pdf-untagged (blocking): no /StructTreeRoot with a non-empty /K, or /MarkInfo /Marked is not
  true.
- pdf-lang-missing (warning): Root /Lang missing or empty.
- pdf-title-missing (warning): no good title in XMP dc:title nor in /Info /Title. A title is
  not good when it is empty or a placeholder: 'Untitled', 'Document1', a file name
  ('deck.pptx') or 'Microsoft Word - x.docx'. The XMP is parsed with the safe parser, after a
  capped inflate, never by pikepdf's own metadata reader.
- pdf-display-doc-title-missing (advice): /ViewerPreferences /DisplayDocTitle is not true.
- pdf-figure-alt-missing (blocking): a structure element whose type is /Figure after /RoleMap
  (/MyImage -> /Figure, followed for a few steps) has no /Alt or /ActualText (blank counts as
  none). One finding per page ("page 3", from the element's /Pg or its nearest ancestor's),
  "document" when the page is unknown. The structure tree walk is iterative, remembers the
  objects it has seen (a cyclic tree cannot loop) and stops at a depth and a node count.

A PDF that needs a password, or that qpdf cannot open, raises safety.Unreadable.
Pure: imports nothing from the rest of spark, nor flask or sqlalchemy.
"""

from __future__ import annotations

import io
import re
import zlib

import pikepdf
from lxml import etree

from spark.accessibility.doc_rules import finding, quote
from spark.accessibility.findings import Finding
from spark.accessibility.safety import LOCKED, Unreadable, damaged, parse_xml

MAX_STRUCT_NODES = 200_000
MAX_STRUCT_DEPTH = 100
MAX_ROLE_HOPS = 10
MAX_PAGES_MAPPED = 10_000
MAX_XMP_BYTES = 4 * 1024 * 1024
DC = "{http://purl.org/dc/elements/1.1/}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
_PLACEHOLDER = re.compile(
    r"^(?:untitled(?:\s+document)?|no title|title|document\s*\d*|presentation\s*\d*|"
    r"slide\s*\d*|book\s*\d*|microsoft\s+(?:word|powerpoint|excel)\s*-.*|.*\.(?:docx?|pptx?|"
    r"xlsx?|pdf|odt|odp|rtf|txt|indd|pages|key|html?))$",
    re.IGNORECASE,
)


def _dict(obj) -> pikepdf.Dictionary | None:
    return obj if isinstance(obj, pikepdf.Dictionary) else None


def _is_true(obj) -> bool:
    return isinstance(obj, bool) and obj  # pikepdf gives PDF booleans as Python bool


def _text(obj) -> str:
    return str(obj).strip() if isinstance(obj, pikepdf.String) else ""


def good_title(title: str) -> bool:
    """A title that tells people what the document is: not empty, not a placeholder."""
    return bool(title.strip()) and not _PLACEHOLDER.match(title.strip())


def _xmp_bytes(stream) -> bytes | None:
    """The XMP packet, inflated with a cap (a deflate bomb cannot blow up memory)."""
    if not isinstance(stream, pikepdf.Stream):
        return None
    filters = stream.get("/Filter")
    raw = stream.read_raw_bytes()
    if len(raw) > MAX_XMP_BYTES:
        return None
    if filters is None:
        return raw
    names = [str(f) for f in filters] if isinstance(filters, pikepdf.Array) else [str(filters)]
    if names != ["/FlateDecode"] or stream.get("/DecodeParms") is not None:
        return None
    inflater = zlib.decompressobj()
    try:
        data = inflater.decompress(raw, MAX_XMP_BYTES)
    except zlib.error:
        return None
    return None if inflater.unconsumed_tail else data


def xmp_title(pdf: pikepdf.Pdf) -> str:
    data = _xmp_bytes(pdf.Root.get("/Metadata"))
    if not data:
        return ""
    start = data.find(b"<")
    try:
        root = parse_xml(data[start:].strip() if start >= 0 else data)
    except (etree.XMLSyntaxError, ValueError):
        return ""
    for title in root.iter(f"{DC}title"):
        items = [li.text or "" for li in title.iter(f"{RDF}li")] or [title.text or ""]
        for item in items:
            if item.strip():
                return item.strip()
    return ""


def _title_findings(pdf: pikepdf.Pdf) -> list[Finding]:
    from_xmp = xmp_title(pdf)
    info = _dict(pdf.trailer.get("/Info"))
    from_info = _text(info.get("/Title")) if info is not None else ""
    if good_title(from_xmp) or good_title(from_info):
        return []
    shown = from_xmp or from_info
    detail = (
        f"Its title is {quote(shown)}, which is a placeholder or a file name."
        if shown
        else ("It has no title.")
    )
    return [
        finding(
            "pdf-title-missing",
            "document",
            f"{detail} People see the title in the browser tab and screen readers announce it.",
            "Give the document a title in the program you made it with (in Word: File > Info > "
            "Properties > Title) and save the PDF again.",
        )
    ]


def _role(name: str, role_map: pikepdf.Dictionary | None) -> str:
    seen = 0
    while role_map is not None and name != "/Figure" and name in role_map and seen < MAX_ROLE_HOPS:
        mapped = role_map.get(name)
        if not isinstance(mapped, pikepdf.Name):
            break
        name, seen = str(mapped), seen + 1
    return name


def _has_alt(element: pikepdf.Dictionary) -> bool:
    return any(_text(element.get(key)) for key in ("/Alt", "/ActualText"))


def figures_without_alt(pdf: pikepdf.Pdf, tree: pikepdf.Dictionary) -> list[int | None]:
    """The page number (or None) of each /Figure without alt text, in tree order."""
    role_map = _dict(tree.get("/RoleMap"))
    pages: dict[tuple[int, int], int] | None = None
    missing: list[int | None] = []
    seen: set[tuple[int, int]] = set()
    stack = [(tree.get("/K"), 0, None)]
    visited = 0
    while stack and visited < MAX_STRUCT_NODES:
        node, depth, page = stack.pop()
        visited += 1
        if depth > MAX_STRUCT_DEPTH or node is None:
            continue
        objgen = getattr(node, "objgen", (0, 0))
        if objgen != (0, 0):
            if objgen in seen:
                continue  # a cycle, or an element listed twice
            seen.add(objgen)
        if isinstance(node, pikepdf.Array):
            stack.extend((kid, depth + 1, page) for kid in reversed(list(node)))
            continue
        element = _dict(node)
        if element is None or "/S" not in element:
            continue  # a marked-content id, an MCR or an OBJR
        own_page = element.get("/Pg")
        if isinstance(own_page, pikepdf.Dictionary):
            page = own_page
        if _role(str(element.get("/S")), role_map) == "/Figure" and not _has_alt(element):
            if pages is None:
                pages = {}
                for number, p in enumerate(pdf.pages, start=1):
                    if number > MAX_PAGES_MAPPED:
                        break
                    pages[p.obj.objgen] = number
            missing.append(pages.get(page.objgen) if page is not None else None)
        kids = element.get("/K")
        if kids is not None:
            stack.append((kids, depth + 1, page))
    return missing


def _figure_findings(missing: list[int | None]) -> list[Finding]:
    by_page: dict[int | None, int] = {}
    for page in missing:
        by_page[page] = by_page.get(page, 0) + 1
    found = []
    for page, count in by_page.items():
        where = f"page {page}" if page is not None else "document"
        what, has, show = (
            ("A figure", "has", "it shows")
            if count == 1
            else (f"{count} figures", "have", "they show")
        )
        found.append(
            finding(
                "pdf-figure-alt-missing",
                where,
                f"{what} {'on this page ' if page else ''}{has} no alternative text, so screen "
                f"reader users will not know what {show}.",
                "Add alt text to each image in the source document and export the PDF again "
                "with tags (or add it in Acrobat's Reading Order tool). Mark purely decorative "
                "images as artifacts.",
            )
        )
    return found


def check_pdf(data: bytes) -> list[Finding]:
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise Unreadable(LOCKED) from None
    except (pikepdf.PdfError, ValueError, OSError, RuntimeError):
        raise damaged("PDF") from None
    with pdf:
        root = pdf.Root
        findings: list[Finding] = []
        tree = _dict(root.get("/StructTreeRoot"))
        kids = tree.get("/K") if tree is not None else None
        has_kids = isinstance(kids, pikepdf.Dictionary) or (
            isinstance(kids, pikepdf.Array) and len(kids) > 0
        )
        mark_info = _dict(root.get("/MarkInfo"))
        marked = mark_info is not None and _is_true(mark_info.get("/Marked"))
        if not (has_kids and marked):
            findings.append(
                finding(
                    "pdf-untagged",
                    "document",
                    "This PDF is not tagged, so screen readers cannot tell its headings, lists, "
                    "tables and images apart, or read them in the right order.",
                    "Export the PDF again with tags turned on (in Word: File > Save As > PDF > "
                    "Options > 'Document structure tags for accessibility'), or upload the "
                    ".docx or .pptx instead.",
                )
            )
        if not _text(root.get("/Lang")):
            findings.append(
                finding(
                    "pdf-lang-missing",
                    "document",
                    "This PDF does not say what language it is in, so screen readers may read it "
                    "with the wrong pronunciation.",
                    "Set the document's language (English (United Kingdom)) in the program you "
                    "made it with and export it again.",
                )
            )
        findings += _title_findings(pdf)
        prefs = _dict(root.get("/ViewerPreferences"))
        if prefs is None or not _is_true(prefs.get("/DisplayDocTitle")):
            findings.append(
                finding(
                    "pdf-display-doc-title-missing",
                    "document",
                    "PDF readers will show the file name rather than the document's title.",
                    "Turn on 'Show document title' in the PDF's properties (Initial View), or "
                    "export it again with that option.",
                )
            )
        if tree is not None and has_kids:
            findings += _figure_findings(figures_without_alt(pdf, tree))
        return findings
