"""PDF rules, on PDFs built in the tests with pikepdf: tags, language, titles, figure alt text."""

from __future__ import annotations

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, String

from spark.accessibility.files import check_file
from spark.accessibility.findings import Severity
from spark.accessibility.pdf_check import good_title
from tests.unit.accessibility.conftest import make_pdf, only, rules


def check_pdf(tmp_path, **settings):
    return check_file(make_pdf(tmp_path / "document.pdf", **settings))


def test_a_clean_tagged_pdf_has_no_findings(tmp_path):
    assert check_pdf(tmp_path, figures=[{"alt": "Days to pay fell from 10 to 3", "page": 0}]) == []


# ---------------------------------------------------------------- tags


@pytest.mark.parametrize(
    "settings",
    [
        {"tagged": False, "marked": None},
        {"tagged": False},  # marked, but no structure tree
        {"marked": None},  # a structure tree, but no /MarkInfo
        {"marked": False},
    ],
)
def test_untagged_pdf_is_blocking(tmp_path, settings):
    found = only(check_pdf(tmp_path, **settings), "pdf-untagged")
    assert [(f.location, f.severity) for f in found] == [("document", Severity.BLOCKING)]


def test_structure_tree_without_kids_is_untagged(tmp_path):
    path = make_pdf(tmp_path / "document.pdf")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.Root.StructTreeRoot.K = Array([])
        pdf.save(path)
    assert "pdf-untagged" in rules(check_file(path))


# ---------------------------------------------------------------- language


@pytest.mark.parametrize(
    ("lang", "missing"), [(None, True), ("", True), ("  ", True), ("en-GB", False)]
)
def test_language(tmp_path, lang, missing):
    found = only(check_pdf(tmp_path, lang=lang), "pdf-lang-missing")
    assert bool(found) is missing
    if missing:
        assert found[0].severity == Severity.WARNING


# ---------------------------------------------------------------- title


@pytest.mark.parametrize(
    ("title", "good"),
    [
        ("Paying people faster", True),
        ("Untitled", False),
        ("untitled document", False),
        ("Document1", False),
        ("deck.pptx", False),
        ("Microsoft Word - plan.docx", False),
        ("Microsoft PowerPoint - Our pitch", False),
        ("Version 2.0 of the plan", True),
        ("", False),
    ],
)
def test_good_title(title, good):
    assert good_title(title) is good


@pytest.mark.parametrize(
    ("info", "xmp", "missing"),
    [
        (None, None, True),
        ("", None, True),
        ("Untitled", None, True),
        ("deck.pptx", None, True),
        ("Microsoft Word - x.docx", None, True),
        ("Paying people faster", None, False),
        (None, "Paying people faster", False),  # XMP dc:title alone is enough
        ("deck.pptx", "Paying people faster", False),
        ("Paying people faster", "Untitled", False),
        ("Untitled", "deck.pptx", True),
    ],
)
def test_title(tmp_path, info, xmp, missing):
    found = only(check_pdf(tmp_path, info_title=info, xmp_title=xmp), "pdf-title-missing")
    assert bool(found) is missing
    if missing:
        assert found[0].severity == Severity.WARNING


def test_placeholder_title_is_quoted(tmp_path):
    found = only(check_pdf(tmp_path, info_title="deck.pptx"), "pdf-title-missing")
    assert "'deck.pptx'" in found[0].message


@pytest.mark.parametrize(("display", "missing"), [(None, True), (False, True), (True, False)])
def test_display_doc_title(tmp_path, display, missing):
    found = only(check_pdf(tmp_path, display_title=display), "pdf-display-doc-title-missing")
    assert [f.severity for f in found] == ([Severity.ADVICE] if missing else [])


# ---------------------------------------------------------------- figures


def test_figure_without_alt_is_blocking_on_its_page(tmp_path):
    found = only(check_pdf(tmp_path, figures=[{"page": 1}]), "pdf-figure-alt-missing")
    assert [(f.location, f.severity) for f in found] == [("page 2", Severity.BLOCKING)]


@pytest.mark.parametrize("figure", [{"alt": "A chart"}, {"actual": "Days to pay: 3"}])
def test_alt_or_actual_text_is_enough(tmp_path, figure):
    assert "pdf-figure-alt-missing" not in rules(check_pdf(tmp_path, figures=[figure]))


def test_blank_alt_counts_as_none(tmp_path):
    assert "pdf-figure-alt-missing" in rules(check_pdf(tmp_path, figures=[{"alt": "  "}]))


def test_role_map_makes_a_custom_tag_a_figure(tmp_path):
    figures = [{"S": "/MyImage", "page": 0}]
    found = only(
        check_pdf(tmp_path, figures=figures, role_map={"MyImage": "Figure"}),
        "pdf-figure-alt-missing",
    )
    assert [f.location for f in found] == ["page 1"]


def test_role_map_chain_is_followed(tmp_path):
    figures = [{"S": "/Chart", "page": 0}]
    role_map = {"Chart": "Graphic", "Graphic": "Figure"}
    assert "pdf-figure-alt-missing" in rules(
        check_pdf(tmp_path, figures=figures, role_map=role_map)
    )


def test_custom_tag_not_mapped_to_figure_needs_no_alt(tmp_path):
    figures = [{"S": "/MyImage"}, {"S": "/P"}]
    assert "pdf-figure-alt-missing" not in rules(
        check_pdf(tmp_path, figures=figures, role_map={"MyImage": "Span"})
    )


def test_role_map_cycle_does_not_hang(tmp_path):
    figures = [{"S": "/A"}]
    assert "pdf-figure-alt-missing" not in rules(
        check_pdf(tmp_path, figures=figures, role_map={"A": "B", "B": "A"})
    )


def test_figures_on_one_page_are_counted_together(tmp_path):
    figures = [{"page": 0}, {"page": 0}, {"page": 1, "alt": "A chart"}, {"page": 1}]
    found = only(check_pdf(tmp_path, figures=figures), "pdf-figure-alt-missing")
    assert [(f.location, f.message.split(" ")[0]) for f in found] == [
        ("page 1", "2"),
        ("page 2", "A"),
    ]


def test_figure_without_a_page_is_located_in_the_document(tmp_path):
    found = only(check_pdf(tmp_path, figures=[{}]), "pdf-figure-alt-missing")
    assert [f.location for f in found] == ["document"]


def test_page_is_inherited_from_the_parent_element(tmp_path):
    path = make_pdf(tmp_path / "document.pdf", pages=3)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        document = pdf.Root.StructTreeRoot.K
        section = pdf.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name.Sect, P=document, Pg=pdf.pages[2].obj)
        )
        figure = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Figure, P=section))
        section.K = Array([figure])
        document.K.append(section)
        pdf.save(path)
    assert [f.location for f in only(check_file(path), "pdf-figure-alt-missing")] == ["page 3"]


def test_nested_figures_are_found(tmp_path):
    path = make_pdf(tmp_path / "document.pdf")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        parent = pdf.Root.StructTreeRoot.K
        for _ in range(30):
            child = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Div, P=parent))
            parent.K = Array([child])
            parent = child
        parent.K = Array(
            [pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Figure, Alt=String("")))]
        )
        pdf.save(path)
    assert "pdf-figure-alt-missing" in rules(check_file(path))


def test_empty_user_password_pdf_is_checked(tmp_path):
    path = make_pdf(tmp_path / "document.pdf")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="owner-secret", user=""))
    assert check_file(path) == []
