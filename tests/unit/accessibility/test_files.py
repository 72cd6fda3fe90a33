"""check_file: the type comes from the bytes, every outcome is a list of findings, never a raise."""

from __future__ import annotations

import zipfile

import pytest

import spark.accessibility
from spark.accessibility import files, pptx_check, safety
from spark.accessibility.findings import Finding, Severity
from tests.unit.accessibility.conftest import (
    BLANK,
    clean_document,
    make_pdf,
    new_deck,
    png_bytes,
    rules,
    save_deck,
    save_document,
    titled_slide,
)


def untitled_deck(tmp_path, name: str):
    prs = new_deck()
    prs.slides.add_slide(prs.slide_layouts[BLANK])
    return save_deck(prs, tmp_path, name)


def test_deck_is_recognised_by_its_bytes_whatever_its_name(tmp_path):
    path = untitled_deck(tmp_path, "really-a-deck.pdf")
    assert rules(files.check_file(path)) == ["slide-title-missing"]


def test_document_is_recognised_by_its_bytes(tmp_path):
    path = save_document(clean_document(title=""), tmp_path, "notes.bin")
    assert rules(files.check_file(path)) == ["docx-title-missing"]


def test_pdf_is_recognised_by_its_bytes(tmp_path):
    path = make_pdf(tmp_path / "scan.docx", tagged=False, marked=None)
    assert "pdf-untagged" in rules(files.check_file(path))


def test_check_file_accepts_a_string_path(tmp_path):
    path = untitled_deck(tmp_path, "deck.pptx")
    assert rules(files.check_file(str(path))) == ["slide-title-missing"]


def test_package_entry_point_is_this_check_file(tmp_path):
    path = untitled_deck(tmp_path, "deck.pptx")
    assert spark.accessibility.check_file(path) == files.check_file(path)


@pytest.mark.parametrize(
    ("name", "data", "why"),
    [
        ("photo.png", png_bytes(), "the checker reads .pptx, .docx and PDF files"),
        ("notes.txt", b"Just some text", "the checker reads .pptx, .docx and PDF files"),
    ],
)
def test_other_types_are_unsupported_warnings(tmp_path, name, data, why):
    path = tmp_path / name
    path.write_bytes(data)
    found = files.check_file(path)
    assert [(f.rule, f.severity, f.location) for f in found] == [
        ("file-unsupported", Severity.WARNING, name)
    ]
    assert found[0].message.startswith("This type of file cannot be checked")
    assert why in found[0].message


def test_spreadsheet_is_unsupported(tmp_path):
    path = tmp_path / "budget.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        )
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert rules(files.check_file(path)) == ["file-unsupported"]


def test_plain_zip_named_as_a_deck_is_unreadable(tmp_path):
    path = tmp_path / "deck.pptx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    found = files.check_file(path)
    assert rules(found) == ["file-unreadable"]
    assert "not a real .pptx file" in found[0].message


def test_text_named_as_a_pdf_is_unreadable(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_text("not a pdf")
    found = files.check_file(path)
    assert rules(found) == ["file-unreadable"]
    assert "not a real PDF file" in found[0].message


def test_missing_file(tmp_path):
    found = files.check_file(tmp_path / "gone.pptx")
    assert [(f.rule, f.location) for f in found] == [("file-unreadable", "gone.pptx")]
    assert "not found" in found[0].message


def test_file_over_the_size_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 1000)
    path = untitled_deck(tmp_path, "deck.pptx")
    found = files.check_file(path)
    assert rules(found) == ["file-unreadable"] and "too large" in found[0].message


def test_unexpected_error_names_only_its_type(tmp_path, monkeypatch):
    def broken(data):
        raise KeyError("/secret/internal/path.py line 42")

    monkeypatch.setattr(pptx_check, "check_pptx", broken)
    path = untitled_deck(tmp_path, "deck.pptx")
    found = files.check_file(path)
    assert [(f.rule, f.severity, f.location) for f in found] == [
        ("file-unreadable", Severity.BLOCKING, "deck.pptx")
    ]
    assert "(KeyError)" in found[0].message
    assert "secret" not in found[0].message and "Traceback" not in found[0].message


@pytest.mark.parametrize("error", [MemoryError, RecursionError])
def test_memory_and_recursion_errors_are_unreadable(tmp_path, monkeypatch, error):
    def broken(data):
        raise error()

    monkeypatch.setattr(pptx_check, "check_pptx", broken)
    assert rules(files.check_file(untitled_deck(tmp_path, "deck.pptx"))) == ["file-unreadable"]


def test_directory_is_unreadable_not_an_exception(tmp_path):
    found = files.check_file(tmp_path)
    assert rules(found) == ["file-unreadable"]
    assert "could not be read (IsADirectoryError)" in found[0].message


def test_every_finding_has_all_its_parts(tmp_path):
    prs = new_deck()
    titled_slide(prs, "")
    path = save_deck(prs, tmp_path)
    for finding in files.check_file(path):
        assert isinstance(finding, Finding)
        assert finding.severity in set(Severity)
        assert finding.rule and finding.location and finding.message
        assert finding.fix and finding.reference


def test_caps_are_sane():
    assert safety.MAX_TOTAL_UNCOMPRESSED <= 200 * 1024 * 1024
    assert safety.MAX_MEMBERS <= 5000
    assert safety.MAX_RATIO <= 100
