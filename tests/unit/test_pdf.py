"""core.pdf: a tagged PDF/UA-1 document, or an exception saying why not."""

from __future__ import annotations

import base64
import io
import struct
import zlib

import pikepdf
import pytest

from spark.core import pdf
from spark.core.pdf import (
    PdfAccessibilityError,
    PdfRenderError,
    html_problems,
    page_count,
    page_texts,
    pdf_problems,
    render_pdf,
)

TABLE = """<table><caption>Scores</caption>
<thead><tr><th scope="col">Criterion</th><th scope="col">Mean score</th></tr></thead>
<tbody>{rows}</tbody></table>"""
ROW = '<tr><th scope="row">{name}</th><td>{score}</td></tr>'


def page(
    body: str = "",
    *,
    lang: str | None = "en-GB",
    title: str | None = "Decision letter",
    style: str = "",
) -> str:
    lang_attribute = f' lang="{lang}"' if lang is not None else ""
    title_element = f"<title>{title}</title>" if title is not None else ""
    return (
        f'<!DOCTYPE html><html{lang_attribute}><head><meta charset="utf-8">{title_element}'
        f"<style>html {{ font-family: {pdf.FONT_STACK}; }} {style}</style></head><body>"
        f"<h1>Funded £12,500</h1><p>The panel’s vote was split: 2 in, 1 out.</p>{body}"
        "</body></html>"
    )


def png_uri() -> str:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    data = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )
    return "data:image/png;base64," + base64.b64encode(data).decode()


def structure(data: bytes) -> list[tuple[str, dict[str, str]]]:
    """Each structure element's type and attributes (/A), in tree order."""
    found = []
    with pikepdf.open(io.BytesIO(data)) as document:
        stack = [document.Root.StructTreeRoot.K]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(reversed(list(node)))
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                attributes = node.get("/A")
                found.append(
                    (
                        str(node.S),
                        {str(k): str(v) for k, v in attributes.items()}
                        if isinstance(attributes, pikepdf.Dictionary)
                        else {},
                    )
                )
                stack.append(node.get("/K"))
    return found


# A good document ----------------------------------------------------------------------------


def test_a_good_document_is_tagged_titled_and_in_british_english():
    rows = "".join(ROW.format(name=name, score=score) for name, score in [("Impact", "4.5")])
    data = render_pdf(page(TABLE.format(rows=rows) + f'<img src="{png_uri()}" alt="A dot">'))
    assert data.startswith(b"%PDF-")
    assert pdf_problems(data) == []
    with pikepdf.open(io.BytesIO(data)) as document:
        root = document.Root
        assert root.MarkInfo.Marked is True
        assert str(root.Lang) == "en-GB"
        assert root.ViewerPreferences.DisplayDocTitle is True
        assert str(document.docinfo["/Title"]) == "Decision letter"
        with document.open_metadata() as meta:
            assert meta["dc:title"] == "Decision letter"
            assert meta["pdfuaid:part"] == "1"
    kinds = [kind for kind, _ in structure(data)]
    for kind in ("/Document", "/H1", "/P", "/Table", "/Caption", "/TH", "/TD", "/Figure"):
        assert kind in kinds
    assert page_texts(data)[0].splitlines()[:2] == [
        "Funded £12,500",
        "The panel’s vote was split: 2 in, 1 out.",
    ]


def test_header_cells_get_a_scope_column_in_the_head_row_in_the_body():
    rows = "".join(ROW.format(name=f"Criterion {n}", score=n) for n in range(1, 3))
    data = render_pdf(page(TABLE.format(rows=rows)))
    scopes = [attributes.get("/Scope") for kind, attributes in structure(data) if kind == "/TH"]
    assert scopes == ["/Column", "/Column", "/Row", "/Row"]


def test_a_table_over_many_pages_stays_inside_the_structure_tree():
    rows = "".join(ROW.format(name=f"Criterion {n}", score=n) for n in range(150))
    data = render_pdf(page(TABLE.format(rows=rows)))
    assert page_count(data) > 2
    assert pdf_problems(data) == []
    assert "Criterion 149" in page_texts(data)[-1]


# Refused before rendering -------------------------------------------------------------------


@pytest.mark.parametrize("lang", [None, "", "  "])
def test_no_language_is_refused(lang):
    with pytest.raises(PdfAccessibilityError, match="lang attribute") as raised:
        render_pdf(page(lang=lang))
    assert raised.value.problems == ['The <html> element has no lang attribute (lang="en-GB")']


@pytest.mark.parametrize("title", [None, "", "   "])
def test_no_title_is_refused(title):
    with pytest.raises(PdfAccessibilityError, match="no <title>"):
        render_pdf(page(title=title))


def test_an_image_without_alt_is_refused():
    with pytest.raises(PdfAccessibilityError, match="1 <img> element without alt text"):
        render_pdf(page(f'<img src="{png_uri()}">'))


def test_every_problem_is_listed():
    problems = html_problems(page('<img src="a.png"><img src="b.png">', lang=None, title=None))
    assert problems == [
        'The <html> element has no lang attribute (lang="en-GB")',
        "The document has no <title>",
        "2 <img> elements without alt text",
    ]


# Refused on WeasyPrint's own word -----------------------------------------------------------


def test_weasyprints_missing_alt_message_fails_the_render():
    # alt="" passes the HTML check but WeasyPrint 70 logs it as missing alt text.
    with pytest.raises(PdfAccessibilityError, match="no required alt description"):
        render_pdf(page(f'<img src="{png_uri()}" alt="">'))


def test_weasyprints_missing_language_message_fails_the_render(monkeypatch):
    monkeypatch.setattr(pdf, "html_problems", lambda html: [])
    with pytest.raises(PdfAccessibilityError, match='Missing required "lang"'):
        render_pdf(page(lang=None))


def test_other_threads_weasyprint_messages_are_not_ours():
    import logging
    import threading

    with pdf._weasyprint_log() as log:
        worker = threading.Thread(
            target=lambda: logging.getLogger("weasyprint").error("someone else's render")
        )
        worker.start()
        worker.join()
        logging.getLogger("weasyprint").warning("Ignored `colour: red`")
    assert [record.getMessage() for record in log.records] == ["Ignored `colour: red`"]
    pdf._raise_for_log(log.records)  # a CSS warning is no reason to fail


@pytest.mark.parametrize(
    "source", ["https://example.com/logo.png", "file:///no/such/logo.png", "ftp://example.com/a"]
)
def test_images_from_the_network_or_missing_files_fail_the_render(source):
    with pytest.raises(PdfRenderError, match="could not render"):
        render_pdf(page(f'<img src="{source}" alt="Logo">'))


# Refused after rendering --------------------------------------------------------------------


def test_content_in_page_margins_is_refused():
    style = '@page { @bottom-center { content: "Page " counter(page); } }'
    with pytest.raises(PdfAccessibilityError, match="outside the structure tree"):
        render_pdf(page(style=style))


def test_an_untagged_pdf_has_every_problem():
    document = pikepdf.new()
    document.add_blank_page()
    out = io.BytesIO()
    document.save(out)
    assert pdf_problems(out.getvalue()) == [
        "The PDF has no structure tree (/StructTreeRoot)",
        "The PDF is not marked as tagged (/MarkInfo /Marked true)",
        "The PDF has no language (/Lang)",
        "The PDF has no title (document info or XMP dc:title)",
        "The PDF does not show its title (/DisplayDocTitle true)",
    ]


def test_a_check_failing_after_the_render_raises(monkeypatch):
    monkeypatch.setattr(pdf, "pdf_problems", lambda data: ["The PDF has no language (/Lang)"])
    with pytest.raises(PdfAccessibilityError, match=r"no language \(/Lang\)"):
        render_pdf(page())
