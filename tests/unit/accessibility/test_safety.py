"""Untrusted files: bombs, traps and damage each give one clear finding, quickly, never raising."""

from __future__ import annotations

import time
import tracemalloc
import warnings
import zipfile
import zlib
from pathlib import Path

import pikepdf
import pytest
from lxml import etree
from pikepdf import Array, Dictionary, Name, String

from spark.accessibility import safety
from spark.accessibility.files import check_file
from spark.accessibility.findings import Finding, Severity
from spark.accessibility.safety import Unreadable, inspect_office, parse_xml, safe_parser
from tests.unit.accessibility.conftest import (
    clean_document,
    make_pdf,
    new_deck,
    rewrite_zip,
    rules,
    save_deck,
    save_document,
    titled_slide,
)

MB = 1024 * 1024
BILLION_LAUGHS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE w:document [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>&secret;</w:t></w:r></w:p></w:body></w:document>"""


def one_unreadable(findings: list[Finding], name: str, reason: str = "") -> Finding:
    assert len(findings) == 1, findings
    finding = findings[0]
    assert finding.rule == "file-unreadable"
    assert finding.severity == Severity.BLOCKING
    assert finding.location == name
    assert finding.message.startswith("We could not open this file: ")
    assert reason in finding.message
    return finding


def timed_check(path: Path) -> tuple[list[Finding], float, int]:
    """The findings, the seconds taken and the peak Python memory (bytes)."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        findings = check_file(path)
    finally:
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return findings, seconds, peak


def add_zeros(path: Path, member: str, megabytes: int) -> Path:
    """Append a member of zeros, streamed in 1 MB chunks (200 MB compresses to about 200 KB)."""
    chunk = bytes(MB)
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open(member, "w") as target,
    ):
        for _ in range(megabytes):
            target.write(chunk)
    return path


@pytest.fixture
def deck_path(tmp_path) -> Path:
    prs = new_deck()
    titled_slide(prs)
    return save_deck(prs, tmp_path)


@pytest.fixture
def docx_path(tmp_path) -> Path:
    return save_document(clean_document(), tmp_path)


# ---------------------------------------------------------------- zip bombs and zip tricks


def test_zip_bomb_of_200_mb_is_refused_without_inflating_it(deck_path):
    add_zeros(deck_path, "ppt/media/image9.bin", 200)
    assert deck_path.stat().st_size < 2 * MB
    findings, seconds, peak = timed_check(deck_path)
    one_unreadable(findings, "deck.pptx", "too large")
    assert seconds < 5
    assert peak < 30 * MB


def test_absurd_compression_ratio_is_refused(deck_path):
    add_zeros(deck_path, "ppt/media/image9.bin", 20)  # about 1000:1
    one_unreadable(check_file(deck_path), "deck.pptx", "compressed in a way that is not safe")


def test_too_many_parts(deck_path, monkeypatch):
    monkeypatch.setattr(safety, "MAX_MEMBERS", 50)
    rewrite_zip(deck_path, add={f"customXml/extra{i}.bin": b"x" for i in range(60)})
    one_unreadable(check_file(deck_path), "deck.pptx", "too many parts")


@pytest.mark.parametrize("name", ["../evil.xml", "/etc/evil.xml", "ppt/../../evil.xml", "C:/x.xml"])
def test_unsafe_part_names(deck_path, name):
    rewrite_zip(deck_path, add={name: b"<x/>"})
    one_unreadable(check_file(deck_path), "deck.pptx", "unsafe names")


def test_duplicate_part_names(deck_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate as it writes it
        rewrite_zip(deck_path, add={"ppt/presentation.xml": b"<x/>"})
    one_unreadable(check_file(deck_path), "deck.pptx", "damaged")


def test_encrypted_zip_member(deck_path):
    rewrite_zip(deck_path, add={"ppt/media/secret.bin": b"not really encrypted"})
    data = bytearray(deck_path.read_bytes())
    entry = data.rindex(b"PK\x01\x02", 0, data.rindex(b"ppt/media/secret.bin"))
    data[entry + 8] |= 0x1  # the central directory's 'encrypted' flag
    deck_path.write_bytes(bytes(data))
    one_unreadable(check_file(deck_path), "deck.pptx", "password")


def test_xml_part_over_the_size_cap(docx_path, monkeypatch):
    monkeypatch.setattr(safety, "MAX_XML_PART", 1000)
    one_unreadable(check_file(docx_path), "document.docx", "too large")


# ---------------------------------------------------------------- XML traps


def replace_part(path: Path, part: str, data: bytes) -> Path:
    return rewrite_zip(path, {part: lambda _old: data})


def test_billion_laughs_in_the_document_is_refused_quickly(docx_path):
    replace_part(docx_path, "word/document.xml", BILLION_LAUGHS)
    findings, seconds, peak = timed_check(docx_path)
    one_unreadable(findings, "document.docx", "document type declaration")
    assert seconds < 5
    assert peak < 30 * MB


def test_external_entity_is_refused(docx_path):
    replace_part(docx_path, "word/document.xml", XXE)
    finding = one_unreadable(check_file(docx_path), "document.docx", "document type declaration")
    assert "root:" not in finding.message


def test_doctype_in_a_relationships_part_is_refused(deck_path):
    rels = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "b">]><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'
    replace_part(deck_path, "_rels/.rels", rels)
    one_unreadable(check_file(deck_path), "deck.pptx", "document type declaration")


def test_doctype_in_a_utf16_part_is_refused(docx_path):
    text = BILLION_LAUGHS.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    replace_part(docx_path, "word/document.xml", text.encode("utf-16"))
    one_unreadable(check_file(docx_path), "document.docx", "document type declaration")


def test_svg_picture_with_a_doctype_is_not_refused(deck_path):
    svg = (
        b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'
        b'<svg xmlns="http://www.w3.org/2000/svg"/>'
    )

    def svg_type(data: bytes) -> bytes:
        return data.replace(
            b"<Default ", b'<Default Extension="svg" ContentType="image/svg+xml"/><Default ', 1
        )

    rewrite_zip(deck_path, {"[Content_Types].xml": svg_type}, add={"ppt/media/logo.svg": svg})
    assert check_file(deck_path) == []  # nobody parses the picture, so its DTD is harmless


def test_damaged_xml_part(docx_path):
    replace_part(docx_path, "word/document.xml", b"<w:document><w:body>")
    one_unreadable(check_file(docx_path), "document.docx", "damaged or not a real .docx file")


def test_safe_parser_settings():
    parser = safe_parser()
    root = etree.fromstring(b"<a>&amp;</a>", parser=parser)  # noqa: S320
    assert root.text == "&"
    with pytest.raises((ValueError, etree.XMLSyntaxError)):
        parse_xml(BILLION_LAUGHS)  # libxml2 may stop it first, as an amplification
    with pytest.raises(ValueError, match="DOCTYPE"):
        parse_xml(XXE)


# ---------------------------------------------------------------- not what the name says


def test_exe_renamed_pptx(tmp_path):
    path = tmp_path / "deck.pptx"
    path.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200))
    one_unreadable(check_file(path), "deck.pptx", "damaged or not a real .pptx file")


def test_empty_file(tmp_path):
    path = tmp_path / "deck.pptx"
    path.write_bytes(b"")
    one_unreadable(check_file(path), "deck.pptx", "it is empty")


def test_password_protected_office_file(tmp_path):
    path = tmp_path / "plan.docx"
    directory = "EncryptionInfo".encode("utf-16-le") + bytes(50)
    directory += "EncryptedPackage".encode("utf-16-le")
    path.write_bytes(safety.OLE2_MAGIC + bytes(504) + directory + bytes(1000))
    finding = one_unreadable(check_file(path), "plan.docx")
    assert finding.message == (
        "We could not open this file: it is protected with a password. Remove the password "
        "and upload it again."
    )


def test_old_office_file_is_unsupported(tmp_path):
    path = tmp_path / "plan.doc"
    path.write_bytes(safety.OLE2_MAGIC + bytes(504) + "WordDocument".encode("utf-16-le"))
    findings = check_file(path)
    assert rules(findings) == ["file-unsupported"]
    assert "older Office file" in findings[0].message


def test_truncated_zip(deck_path):
    data = deck_path.read_bytes()
    deck_path.write_bytes(data[: len(data) // 2])
    one_unreadable(check_file(deck_path), "deck.pptx", "damaged or not a real .pptx file")


def test_inspect_office_kinds(deck_path, docx_path):
    assert inspect_office(deck_path.read_bytes(), ".pptx").kind == "pptx"
    assert inspect_office(docx_path.read_bytes(), ".docx").kind == "docx"
    with pytest.raises(Unreadable):
        inspect_office(b"PK\x03\x04 not really", ".pptx")


# ---------------------------------------------------------------- PDFs


def test_password_protected_pdf(tmp_path):
    path = make_pdf(tmp_path / "plan.pdf")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="owner-secret", user="user-secret"))
    one_unreadable(check_file(path), "plan.pdf", "protected with a password")


@pytest.mark.parametrize(
    "data", [b"%PDF-1.7\nthis is not a pdf at all\n", b"%PDF-", b"%PDF-1.4\n" + bytes(5000)]
)
def test_damaged_pdf(tmp_path, data):
    path = tmp_path / "plan.pdf"
    path.write_bytes(data)
    one_unreadable(check_file(path), "plan.pdf", "damaged or not a real PDF file")


def test_cyclic_structure_tree_ends(tmp_path):
    path = make_pdf(tmp_path / "plan.pdf")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        document = pdf.Root.StructTreeRoot.K
        figure = pdf.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name.Figure, P=document, Pg=pdf.pages[0].obj)
        )
        figure.K = Array([document, figure])  # back to its parent, and to itself
        document.K.append(figure)
        pdf.save(path)
    findings, seconds, _ = timed_check(path)
    assert rules(findings) == ["pdf-figure-alt-missing"]
    assert findings[0].location == "page 1"
    assert seconds < 5


def test_very_deep_structure_tree_does_not_recurse(tmp_path):
    path = make_pdf(tmp_path / "plan.pdf")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        parent = pdf.Root.StructTreeRoot.K
        for _ in range(3000):
            child = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Div))
            parent.K = Array([child])
            parent = child
        parent.K = Array([pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Figure))])
        pdf.save(path)
    findings, seconds, _ = timed_check(path)
    assert all(isinstance(f, Finding) for f in findings)
    assert "file-unreadable" not in rules(findings)
    assert seconds < 5


def test_xmp_deflate_bomb_is_not_inflated(tmp_path):
    path = make_pdf(tmp_path / "plan.pdf", info_title="Paying people faster")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        stream = pikepdf.Stream(pdf, zlib.compress(bytes(100 * MB), 9))
        stream.Filter = Name.FlateDecode  # no /Type /Metadata: qpdf would store it inflated
        pdf.Root.Metadata = pdf.make_indirect(stream)
        pdf.save(path, fix_metadata_version=False)
    assert path.stat().st_size < 2 * MB
    findings, seconds, peak = timed_check(path)
    assert findings == []
    assert seconds < 5
    assert peak < 30 * MB


def test_xmp_with_a_doctype_is_ignored(tmp_path):
    path = make_pdf(tmp_path / "plan.pdf", info_title=None)
    xmp = BILLION_LAUGHS.replace(b"<w:document", b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><w:document")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.Root.Metadata = pdf.make_indirect(pikepdf.Stream(pdf, xmp))
        pdf.docinfo["/Title"] = String("Paying people faster")
        pdf.save(path, fix_metadata_version=False)
    assert check_file(path) == []


def test_too_much_xml_altogether(docx_path, monkeypatch):
    monkeypatch.setattr(safety, "MAX_TOTAL_XML", 5000)
    one_unreadable(check_file(docx_path), "document.docx", "too large")
