"""Accessible PDFs from HTML, with WeasyPrint: tagged PDF/UA-1, or no PDF at all.

``render_pdf(html)`` returns the bytes of a PDF/UA-1 document (``pdf_variant="pdf/ua-1"``):
a structure tree (headings, paragraphs, lists, tables with header cells), ``/MarkInfo
/Marked``, the language from ``<html lang>``, the title from ``<title>`` shown in the reader's
title bar (``/DisplayDocTitle``). It refuses, by raising, rather than hand back a PDF that
fails someone:

- **Before rendering** (``html_problems``): the ``<html>`` element has no ``lang``, there is
  no ``<title>`` (or it is blank), or an ``<img>`` has no ``alt`` attribute
  (``PdfAccessibilityError``). Decorative images belong in CSS, not in ``<img>``: WeasyPrint
  70 treats ``alt=""`` as missing too (see the next point).
- **While rendering**: WeasyPrint only *logs* a missing language or alt text, so a handler on
  the ``weasyprint`` logger collects the render's own records (this thread's only) and any
  about alt text or language raise ``PdfAccessibilityError``; any other error it logs (an
  image or stylesheet it could not load) raises ``PdfRenderError``. Resources load from
  ``data:`` and ``file:`` URLs only - never the network - and a failed load stops the render.
- **After rendering** (``pdf_problems``, with pikepdf): the bytes must have a non-empty
  ``/StructTreeRoot``, ``/MarkInfo /Marked true``, ``/Lang``, a title in the document info
  or the XMP metadata, ``/ViewerPreferences /DisplayDocTitle true``, and every marked piece
  of content must belong to the structure tree. (WeasyPrint 70 tags ``@page`` margin boxes -
  running headers, page numbers - with elements that are not in the tree, so screen readers
  never reach them: templates put nothing in margin boxes, and this check keeps it so.)

One repair is made: WeasyPrint 70 writes table header cells without a ``/Scope``; each
``/TH`` in a ``/THead`` gets ``/Scope /Column`` and every other ``/TH`` ``/Scope /Row``
(the ``scope="col"`` / ``scope="row"`` the templates use), so assistive technology need not
guess which cells a header names.

Fonts come from the machine (fontconfig), never downloaded: ``FONT_STACK`` is the family list
print stylesheets use - Liberation Sans (Arial's metrics), then Arial, DejaVu Sans, any sans.
"""

from __future__ import annotations

import io
import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser

import pikepdf

FONT_STACK = '"Liberation Sans", Arial, "DejaVu Sans", sans-serif'
PDF_VARIANT = "pdf/ua-1"
#: WeasyPrint's own messages that mean the PDF will not be accessible.
_ACCESSIBILITY_LOG = re.compile(r'no required alt|required "lang"')
_MAX_STRUCT_NODES = 500_000


class PdfError(Exception):
    """The PDF could not be made as asked."""


class PdfRenderError(PdfError):
    """WeasyPrint could not render the document (a resource failed to load, an error)."""


class PdfAccessibilityError(PdfError):
    """The document would not be an accessible PDF; ``problems`` says why, one per line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("The PDF would not be accessible: " + "; ".join(self.problems))


# Before: the HTML -------------------------------------------------------------------------


class _Survey(HTMLParser):
    """What the accessibility checks need from the HTML: the root's lang, the title's text,
    and how many images lack an alt attribute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root_seen = False
        self.lang = ""
        self.title: str | None = None
        self.in_title = False
        self.images_without_alt = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html" and not self.root_seen:
            self.root_seen = True
            self.lang = (values.get("lang") or "").strip()
        elif tag == "title" and self.title is None:
            self.title, self.in_title = "", True
        elif tag == "img" and "alt" not in values:
            self.images_without_alt += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False

    def handle_data(self, data: str) -> None:
        if self.in_title and self.title is not None:
            self.title += data


def html_problems(html: str) -> list[str]:
    """Why this HTML cannot make an accessible PDF (empty when it can): no ``lang`` on
    ``<html>``, no non-blank ``<title>``, an ``<img>`` without ``alt``."""
    survey = _Survey()
    survey.feed(html)
    survey.close()
    problems = []
    if not survey.lang:
        problems.append('The <html> element has no lang attribute (lang="en-GB")')
    if not (survey.title or "").strip():
        problems.append("The document has no <title>")
    if survey.images_without_alt:
        count = survey.images_without_alt
        problems.append(f"{count} <img> element{'s' if count > 1 else ''} without alt text")
    return problems


# During: WeasyPrint's log -----------------------------------------------------------------


class _Collect(logging.Handler):
    """Keeps the ``weasyprint`` logger's warnings and errors from one thread."""

    def __init__(self, thread: int) -> None:
        super().__init__(level=logging.WARNING)
        self.thread = thread
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread and not record.name.startswith("weasyprint.progress"):
            self.records.append(record)


@contextmanager
def _weasyprint_log() -> Iterator[_Collect]:
    logger = logging.getLogger("weasyprint")
    handler = _Collect(threading.get_ident())
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def _raise_for_log(records: list[logging.LogRecord]) -> None:
    messages = [record.getMessage() for record in records]
    accessibility = [m for m in messages if _ACCESSIBILITY_LOG.search(m)]
    if accessibility:
        raise PdfAccessibilityError([f"WeasyPrint: {m}" for m in accessibility])
    errors = [r.getMessage() for r in records if r.levelno >= logging.ERROR]
    if errors:
        raise PdfRenderError("WeasyPrint: " + "; ".join(errors))


# After: the PDF ---------------------------------------------------------------------------


def _text(value: object) -> str:
    return str(value).strip() if isinstance(value, pikepdf.String) else ""


def _xmp_title(pdf: pikepdf.Pdf) -> str:
    try:
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            return str(meta.get("dc:title") or "").strip()
    except Exception:  # an unreadable packet is as good as none
        return ""


def _walk(tree: pikepdf.Dictionary) -> tuple[int, set[tuple[int, int]]]:
    """The structure elements reachable from the root: their count and their object ids."""
    reached: set[tuple[int, int]] = set()
    stack = [tree.get("/K")]
    count = 0
    while stack and count < _MAX_STRUCT_NODES:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
            continue
        if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
            continue
        if node.objgen != (0, 0):
            if node.objgen in reached:
                continue
            reached.add(node.objgen)
        count += 1
        stack.append(node.get("/K"))
    return count, reached


def _parent_tree_elements(tree: pikepdf.Dictionary) -> Iterator[pikepdf.Dictionary]:
    """Every structure element the parent tree names as the owner of marked content."""
    stack = [tree.get("/ParentTree")]
    while stack:
        node = stack.pop()
        if not isinstance(node, pikepdf.Dictionary):
            continue
        stack.extend(node.get("/Kids") or [])
        nums = list(node.get("/Nums") or [])
        for value in nums[1::2]:
            for element in value if isinstance(value, pikepdf.Array) else [value]:
                if isinstance(element, pikepdf.Dictionary) and "/S" in element:
                    yield element


def _check_structure(root: pikepdf.Dictionary) -> list[str]:
    tree = root.get("/StructTreeRoot")
    if not isinstance(tree, pikepdf.Dictionary):
        return ["The PDF has no structure tree (/StructTreeRoot)"]
    count, reached = _walk(tree)
    if count == 0:
        return ["The PDF's structure tree is empty"]
    outside = {
        element.objgen for element in _parent_tree_elements(tree) if element.objgen not in reached
    }
    if outside:
        return [
            f"{len(outside)} tagged piece(s) of content are outside the structure tree "
            "(content in @page margin boxes?)"
        ]
    return []


def pdf_problems(data: bytes) -> list[str]:
    """Why these PDF bytes are not the tagged PDF promised (empty when they are)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        problems = _check_structure(root)
        mark_info = root.get("/MarkInfo")
        if not (isinstance(mark_info, pikepdf.Dictionary) and mark_info.get("/Marked") is True):
            problems.append("The PDF is not marked as tagged (/MarkInfo /Marked true)")
        if not _text(root.get("/Lang")):
            problems.append("The PDF has no language (/Lang)")
        info = pdf.trailer.get("/Info")
        info_title = _text(info.get("/Title")) if isinstance(info, pikepdf.Dictionary) else ""
        if not (info_title or _xmp_title(pdf)):
            problems.append("The PDF has no title (document info or XMP dc:title)")
        prefs = root.get("/ViewerPreferences")
        if not (isinstance(prefs, pikepdf.Dictionary) and prefs.get("/DisplayDocTitle") is True):
            problems.append("The PDF does not show its title (/DisplayDocTitle true)")
        return problems


def _add_header_scopes(data: bytes) -> bytes:
    """Give every /TH a /Scope: /Column inside a /THead, /Row elsewhere."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        tree = pdf.Root.get("/StructTreeRoot")
        if not isinstance(tree, pikepdf.Dictionary):
            return data
        changed = False
        stack: list[tuple[object, bool]] = [(tree.get("/K"), False)]
        seen: set[tuple[int, int]] = set()
        while stack:
            node, in_head = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend((kid, in_head) for kid in node)
                continue
            if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
                continue
            if node.objgen != (0, 0):
                if node.objgen in seen:
                    continue
                seen.add(node.objgen)
            kind = str(node.get("/S"))
            if kind == "/TH":
                attributes = node.get("/A")
                if not isinstance(attributes, pikepdf.Dictionary):
                    attributes = pikepdf.Dictionary(O=pikepdf.Name.Table)
                    node.A = attributes
                if "/Scope" not in attributes:
                    attributes.Scope = pikepdf.Name.Column if in_head else pikepdf.Name.Row
                    changed = True
            stack.append((node.get("/K"), in_head or kind == "/THead"))
        if not changed:
            return data
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


# The render -------------------------------------------------------------------------------


def render_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """The HTML as a tagged PDF/UA-1 document; PdfAccessibilityError when it would not be
    accessible, PdfRenderError when WeasyPrint cannot render it (see the module docstring)."""
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    problems = html_problems(html)
    if problems:
        raise PdfAccessibilityError(problems)
    fetcher = URLFetcher(allowed_protocols=("data", "file"), fail_on_errors=True)
    with _weasyprint_log() as log:
        try:
            data = HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(
                pdf_variant=PDF_VARIANT
            )
        except (Exception, FatalURLFetchingError) as error:  # a failed fetch is BaseException
            raise PdfRenderError(f"WeasyPrint could not render the PDF: {error}") from error
    _raise_for_log(log.records)
    if not data:
        raise PdfRenderError("WeasyPrint returned no PDF")
    data = _add_header_scopes(data)
    problems = pdf_problems(data)
    if problems:
        raise PdfAccessibilityError(problems)
    return data


# Reading a PDF we made back (tests, the benchmark) -------------------------------------------


def page_count(data: bytes) -> int:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_BFRANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


def _unicode_map(font: pikepdf.Dictionary) -> dict[int, str]:
    """A font's /ToUnicode CMap as code -> text (bfchar and simple bfrange entries)."""
    cmap = font.get("/ToUnicode")
    if not isinstance(cmap, pikepdf.Stream):
        return {}
    data = cmap.read_bytes()
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, start in _BFRANGE.findall(block):
            first = int(start, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(first + offset)
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in _BFCHAR.findall(block):
            mapping[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    return mapping


def page_texts(data: bytes) -> list[str]:
    """The text of each page of a PDF WeasyPrint made (two-byte Identity-H fonts with a
    /ToUnicode map), one line per text object. Not a general PDF text extractor."""
    pages = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            fonts = page.Resources.get("/Font") or pikepdf.Dictionary()
            maps: dict[str, dict[int, str]] = {}
            current: dict[int, str] = {}
            lines: list[str] = []
            line: list[str] = []
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op == "Tf":
                    name = str(operands[0])
                    if name not in maps:
                        maps[name] = _unicode_map(fonts.get(name) or pikepdf.Dictionary())
                    current = maps[name]
                elif op in ("Tj", "TJ"):
                    items = operands[0] if op == "TJ" else [operands[0]]
                    for item in items:
                        if isinstance(item, pikepdf.String):
                            raw = bytes(item)
                            line.extend(
                                current.get(int.from_bytes(raw[i : i + 2], "big"), "")
                                for i in range(0, len(raw) - 1, 2)
                            )
                elif op == "ET":
                    lines.append("".join(line))
                    line = []
            pages.append("\n".join(lines))
    return pages
