"""Word document rules, on documents built in the tests with python-docx (and lxml)."""

from __future__ import annotations

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from lxml import etree

from spark.accessibility import docx_check
from spark.accessibility.files import check_file
from spark.accessibility.findings import Severity
from tests.unit.accessibility.conftest import (
    W,
    add_hyperlink,
    clean_document,
    edit_xml,
    mark_decorative,
    only,
    rules,
    run_props,
    save_document,
    write_png,
)

CONTRAST = "text-contrast-low"
HEADINGS = "docx-heading-structure"


def check_doc(doc, tmp_path):
    return check_file(save_document(doc, tmp_path))


def contrast(findings, severity=Severity.BLOCKING):
    return [f for f in only(findings, CONTRAST) if f.severity == severity]


def coloured(doc, text: str, colour: str | None, size: float = 12, bold: bool = False):
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour)
    return paragraph, run


def shade(parent_props: etree._Element, fill: str, pattern: str = "clear") -> None:
    etree.SubElement(
        parent_props, qn("w:shd"), {qn("w:val"): pattern, qn("w:color"): "auto", qn("w:fill"): fill}
    )


def test_a_clean_document_has_no_findings(tmp_path):
    assert check_doc(clean_document(), tmp_path) == []


# ---------------------------------------------------------------- headings


def test_no_heading_styles(tmp_path):
    doc = clean_document()
    doc.paragraphs[0].style = doc.styles["Normal"]
    found = only(check_doc(doc, tmp_path), HEADINGS)
    assert [(f.location, f.severity) for f in found] == [("document", Severity.WARNING)]


def test_first_heading_must_be_level_1(tmp_path):
    doc = clean_document()
    doc.paragraphs[0].style = doc.styles["Heading 2"]
    found = only(check_doc(doc, tmp_path), HEADINGS)
    assert [f.location for f in found] == ["paragraph 1"]
    assert "Heading 2" in found[0].message


def test_skipped_heading_level(tmp_path):
    doc = clean_document()
    doc.add_heading("Costs", level=3)
    found = only(check_doc(doc, tmp_path), HEADINGS)
    assert [f.location for f in found] == ["paragraph 3"]
    assert "Heading 3 after a Heading 1" in found[0].message


def test_headings_in_order_pass(tmp_path):
    doc = clean_document()
    for level in (2, 3, 2, 3, 3, 1, 2):
        doc.add_heading(f"Section at level {level}", level=level)
    assert only(check_doc(doc, tmp_path), HEADINGS) == []


def test_title_style_is_not_a_heading(tmp_path):
    doc = clean_document()
    doc.paragraphs[0].style = doc.styles["Title"]
    assert [f.location for f in only(check_doc(doc, tmp_path), HEADINGS)] == ["document"]


def test_outline_level_counts_as_a_heading(tmp_path):
    doc = clean_document()
    heading = doc.paragraphs[0]
    heading.style = doc.styles["Normal"]
    etree.SubElement(heading._p.get_or_add_pPr(), qn("w:outlineLvl")).set(qn("w:val"), "0")
    assert only(check_doc(doc, tmp_path), HEADINGS) == []


@pytest.mark.parametrize(
    ("text", "size", "bold", "fake"),
    [
        ("What it costs", 14, True, True),
        ("What it costs", 20, True, True),
        ("What it costs", 13, True, False),
        ("What it costs", 16, False, False),
        ("What it costs.", 16, True, False),
        (
            "A line of bold text that is far too long to be anything like a heading here",
            16,
            True,
            False,
        ),
    ],
)
def test_fake_headings(tmp_path, text, size, bold, fake):
    doc = clean_document()
    coloured(doc, text, None, size=size, bold=bold)
    found = only(check_doc(doc, tmp_path), HEADINGS)
    assert bool(found) is fake
    if fake:
        assert found[0].location == "paragraph 3" and "'What it costs'" in found[0].message


# ---------------------------------------------------------------- title and language


def test_document_without_a_title(tmp_path):
    doc = clean_document(title="")
    found = only(check_doc(doc, tmp_path), "docx-title-missing")
    assert [(f.location, f.severity) for f in found] == [("document", Severity.WARNING)]


def remove_lang(root: etree._Element) -> None:
    for lang in list(root.iter(f"{W}lang")):
        lang.getparent().remove(lang)


def test_document_without_a_language(tmp_path):
    path = save_document(clean_document(), tmp_path)
    edit_xml(path, "word/styles.xml", remove_lang)
    found = only(check_file(path), "docx-lang-missing")
    assert [(f.location, f.severity) for f in found] == [("document", Severity.WARNING)]


def test_language_on_a_run_is_enough(tmp_path):
    doc = clean_document()
    lang = etree.SubElement(run_props(doc.paragraphs[1].runs[0]), qn("w:lang"))
    lang.set(qn("w:val"), "en-GB")
    path = edit_xml(save_document(doc, tmp_path), "word/styles.xml", remove_lang)
    assert "docx-lang-missing" not in rules(check_file(path))


# ---------------------------------------------------------------- images


def test_picture_without_alt_text(tmp_path):
    doc = clean_document()
    doc.add_picture(str(write_png(tmp_path)))
    found = only(check_doc(doc, tmp_path), "image-alt-missing")
    assert [(f.location, f.severity) for f in found] == [
        ("image 'Picture 1' (paragraph 3)", Severity.BLOCKING)
    ]


def doc_pr(doc) -> etree._Element:
    return next(doc.element.body.iter("{*}docPr"))


@pytest.mark.parametrize(
    ("descr", "found"),
    [
        ("chart.png", ["image-alt-filename"]),
        ("IMG_1234", ["image-alt-filename"]),
        ("Photo of the payments team", ["image-alt-redundant-prefix"]),
        ("Claims paid within 3 days rose to 80%", []),
    ],
)
def test_picture_alt_text(tmp_path, descr, found):
    doc = clean_document()
    doc.add_picture(str(write_png(tmp_path)))
    doc_pr(doc).set("descr", descr)
    assert rules(check_doc(doc, tmp_path)) == found


def test_decorative_picture_needs_no_alt_text(tmp_path):
    doc = clean_document()
    doc.add_picture(str(write_png(tmp_path)))
    mark_decorative(doc_pr(doc))
    assert check_doc(doc, tmp_path) == []


def test_picture_in_a_table_is_located_by_the_table(tmp_path):
    doc = clean_document()
    table = doc.add_table(rows=1, cols=1)
    etree.SubElement(table.rows[0]._tr.get_or_add_trPr(), qn("w:tblHeader"))
    table.cell(0, 0).paragraphs[0].add_run().add_picture(str(write_png(tmp_path)))
    assert [f.location for f in check_doc(doc, tmp_path)] == ["image 'Picture 1' (table 1)"]


# ---------------------------------------------------------------- tables


def add_table(doc, *, header: str | None = None):
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Item", "Cost"
    table.cell(1, 0).text, table.cell(1, 1).text = "Staff", "£10,000"
    if header is not None:
        flag = etree.SubElement(table.rows[0]._tr.get_or_add_trPr(), qn("w:tblHeader"))
        if header:
            flag.set(qn("w:val"), header)
    return table


def test_table_without_a_header_row(tmp_path):
    doc = clean_document()
    add_table(doc, header="")
    add_table(doc)
    found = only(check_doc(doc, tmp_path), "table-header-missing")
    assert [(f.location, f.severity) for f in found] == [("table 2", Severity.BLOCKING)]


@pytest.mark.parametrize(
    ("value", "missing"), [("", False), ("1", False), ("true", False), ("0", True)]
)
def test_table_header_flag_values(tmp_path, value, missing):
    doc = clean_document()
    add_table(doc, header=value)
    assert ("table-header-missing" in rules(check_doc(doc, tmp_path))) is missing


# ---------------------------------------------------------------- contrast


@pytest.mark.parametrize(
    ("colour", "fails"),
    [("767676", False), ("777777", True), ("D64040", False), ("8C7070", True)],
)
def test_text_contrast_threshold_is_not_rounded(tmp_path, colour, fails):
    doc = clean_document()
    coloured(doc, "We will pay people in 3 days.", colour)
    found = contrast(check_doc(doc, tmp_path))
    assert bool(found) is fails
    if fails:
        assert found[0].location == "paragraph 3"
        assert f"#{colour} on #FFFFFF" in found[0].message


@pytest.mark.parametrize(
    ("size", "bold", "fails"),
    [(18, False, False), (17, False, True), (14, True, False), (14, False, True), (13, True, True)],
)
def test_large_text_needs_3_to_1(tmp_path, size, bold, fails):
    doc = clean_document()  # #888888 on white is 3.54:1
    coloured(doc, "We will pay people in 3 days.", "888888", size=size, bold=bold)
    assert bool(contrast(check_doc(doc, tmp_path))) is fails


def test_run_shading_is_the_background(tmp_path):
    doc = clean_document()
    _, run = coloured(doc, "White on dark", "FFFFFF")
    assert len(contrast(check_doc(doc, tmp_path))) == 1
    shade(run_props(run), "0B0C0C")
    assert contrast(check_doc(doc, tmp_path)) == []


def test_paragraph_shading_is_the_background(tmp_path):
    doc = clean_document()
    paragraph, _ = coloured(doc, "White on dark", "FFFFFF")
    shade(paragraph._p.get_or_add_pPr(), "1D3557")
    assert contrast(check_doc(doc, tmp_path)) == []


def test_cell_shading_is_the_background(tmp_path):
    doc = clean_document()
    table = add_table(doc, header="")
    cell = table.cell(1, 1)
    cell.paragraphs[0].runs[0].font.color.rgb = RGBColor(255, 255, 255)
    assert [f.location for f in contrast(check_doc(doc, tmp_path))] == ["table 1"]
    shade(cell._tc.get_or_add_tcPr(), "0B0C0C")
    assert contrast(check_doc(doc, tmp_path)) == []


def test_highlight_is_the_background(tmp_path):
    doc = clean_document()
    _, run = coloured(doc, "White on yellow", "FFFFFF")
    etree.SubElement(run_props(run), qn("w:highlight")).set(qn("w:val"), "yellow")
    found = contrast(check_doc(doc, tmp_path))
    assert found and "#FFFFFF on #FFFF00" in found[0].message


def test_automatic_colour_always_contrasts(tmp_path):
    doc = clean_document()
    paragraph, _ = coloured(doc, "Automatic colour on dark", None)
    shade(paragraph._p.get_or_add_pPr(), "0B0C0C")
    assert only(check_doc(doc, tmp_path), CONTRAST) == []


def test_style_colour_is_inherited(tmp_path):
    doc = clean_document()
    style = doc.styles.add_style("Grey note", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.font.color.rgb = RGBColor(0x99, 0x99, 0x99)
    doc.add_paragraph("We will pay people in 3 days.", style="Grey note")
    found = contrast(check_doc(doc, tmp_path))
    assert [f.location for f in found] == ["paragraph 3"] and "#999999" in found[0].message


@pytest.mark.parametrize(("shade_value", "fails"), [(None, True), ("80", False)])
def test_theme_colour_resolves_through_the_theme(tmp_path, shade_value, fails):
    doc = clean_document()
    _, run = coloured(doc, "Theme coloured words", None)
    color = etree.SubElement(run_props(run), qn("w:color"))
    color.set(qn("w:val"), "000000")  # Word's stored value; the theme decides
    color.set(qn("w:themeColor"), "accent1")
    if shade_value:
        color.set(qn("w:themeShade"), shade_value)
    found = contrast(check_doc(doc, tmp_path))
    assert bool(found) is fails
    if fails:
        assert "#4F81BD on #FFFFFF" in found[0].message


def test_page_colour_is_the_background(tmp_path):
    doc = clean_document()
    coloured(doc, "White on a dark page", "FFFFFF")
    background = etree.Element(qn("w:background"))
    background.set(qn("w:color"), "0B0C0C")
    doc.element.insert(0, background)
    assert contrast(check_doc(doc, tmp_path)) == []


def test_patterned_shading_is_unknown_advice(tmp_path):
    doc = clean_document()
    paragraph, _ = coloured(doc, "On a dotted pattern", "FFFFFF")
    shade(paragraph._p.get_or_add_pPr(), "0B0C0C", pattern="pct50")
    found = only(check_doc(doc, tmp_path), CONTRAST)
    assert [(f.location, f.severity) for f in found] == [("document", Severity.ADVICE)]
    assert "paragraph 3" in found[0].message


# ---------------------------------------------------------------- font size


def test_python_docx_default_11pt_is_too_small(tmp_path):
    doc = Document()
    doc.core_properties.title = "Paying people faster"
    doc.add_heading("Paying people faster", level=1)
    doc.add_paragraph("We will pay people in 3 days.")
    found = only(check_doc(doc, tmp_path), "font-too-small")
    assert [(f.location, f.severity) for f in found] == [("paragraph 2", Severity.ADVICE)]
    assert "11pt" in found[0].message


@pytest.mark.parametrize(("size", "small"), [(11.5, True), (12, False), (14, False)])
def test_font_size_under_12pt(tmp_path, size, small):
    doc = clean_document()
    coloured(doc, "We will pay people in 3 days.", None, size=size)
    assert ("font-too-small" in rules(check_doc(doc, tmp_path))) is small


# ---------------------------------------------------------------- links, italics, underline


@pytest.mark.parametrize(
    ("text", "vague"),
    [("click here", True), ("here", True), ("Read the discovery report", False)],
)
def test_hyperlink_text(tmp_path, text, vague):
    doc = clean_document()
    add_hyperlink(doc.add_paragraph("See the report: "), "https://www.gov.uk/report", text)
    found = only(check_doc(doc, tmp_path), "link-text-vague")
    assert [f.location for f in found] == (["paragraph 3"] if vague else [])


def test_hyperlink_field(tmp_path):
    doc = clean_document()
    paragraph = doc.add_paragraph()
    field = etree.SubElement(paragraph._p, qn("w:fldSimple"))
    field.set(qn("w:instr"), ' HYPERLINK "https://www.gov.uk/report" ')
    run = etree.SubElement(field, qn("w:r"))
    etree.SubElement(run, qn("w:t")).text = "here"
    assert rules(check_doc(doc, tmp_path)) == ["link-text-vague"]


def complex_field_link(paragraph, text: str) -> None:
    """A HYPERLINK as Word often writes it: begin, instruction, separate, result, end."""

    def run(*children):
        r = etree.SubElement(paragraph._p, qn("w:r"))
        for child in children:
            r.append(child)
        return r

    def char(kind):
        element = etree.Element(qn("w:fldChar"))
        element.set(qn("w:fldCharType"), kind)
        return element

    instr = etree.Element(qn("w:instrText"))
    instr.text = ' HYPERLINK "https://www.gov.uk/report" '
    run(char("begin"))
    run(instr)
    run(char("separate"))
    result = run()
    props = etree.SubElement(result, qn("w:rPr"))
    etree.SubElement(props, qn("w:u")).set(qn("w:val"), "single")
    etree.SubElement(result, qn("w:t")).text = text
    run(char("end"))


def test_complex_hyperlink_field_is_a_link(tmp_path):
    doc = clean_document()
    complex_field_link(doc.add_paragraph(), "read more")
    assert rules(check_doc(doc, tmp_path)) == ["link-text-vague"]  # and no underline finding


def test_italic_text_is_advice(tmp_path):
    doc = clean_document()
    doc.add_paragraph().add_run("We will pay people in 3 days.").italic = True
    found = only(check_doc(doc, tmp_path), "italic-underline-misuse")
    assert [(f.location, f.severity) for f in found] == [("paragraph 3", Severity.ADVICE)]
    assert "italics" in found[0].message


def test_underlined_text_that_is_not_a_link_is_advice(tmp_path):
    doc = clean_document()
    doc.add_paragraph().add_run("We will pay people in 3 days.").underline = True
    found = only(check_doc(doc, tmp_path), "italic-underline-misuse")
    assert [f.location for f in found] == ["paragraph 3"] and "underlined" in found[0].message


def test_underlined_hyperlink_is_not_misuse(tmp_path):
    doc = clean_document()
    add_hyperlink(doc.add_paragraph("See "), "https://www.gov.uk/report", "the discovery report")
    assert check_doc(doc, tmp_path) == []


def test_hyperlink_character_style_is_not_misuse(tmp_path):
    doc = clean_document()
    run = doc.add_paragraph("See ").add_run("the discovery report")
    run.underline = True
    etree.SubElement(run_props(run), qn("w:rStyle")).set(qn("w:val"), "Hyperlink")
    assert check_doc(doc, tmp_path) == []


def test_underline_none_is_not_underlined(tmp_path):
    doc = clean_document()
    run = doc.add_paragraph().add_run("We will pay people in 3 days.")
    etree.SubElement(run_props(run), qn("w:u")).set(qn("w:val"), "none")
    assert check_doc(doc, tmp_path) == []


# ---------------------------------------------------------------- wording


def test_body_text_goes_through_the_wording_rules_by_paragraph(tmp_path):
    doc = clean_document()
    doc.add_paragraph("We will leverage our data.")
    assert [f.location for f in only(check_doc(doc, tmp_path), "words-to-avoid")] == ["paragraph 3"]


def test_table_text_is_located_by_the_table(tmp_path):
    doc = clean_document()
    add_table(doc, header="").cell(1, 0).text = "We will leverage our data."
    assert [f.location for f in only(check_doc(doc, tmp_path), "words-to-avoid")] == ["table 1"]


def test_acronym_first_use_counts_across_the_document(tmp_path):
    doc = clean_document()
    doc.add_paragraph("The Department for Work and Pensions (DWP) pays benefits.")
    doc.add_paragraph("DWP will pay people in 3 days.")
    assert "acronym-unexpanded" not in rules(check_doc(doc, tmp_path))
    doc = clean_document()
    doc.add_paragraph("DWP will pay people in 3 days.")
    assert [f.location for f in only(check_doc(doc, tmp_path), "acronym-unexpanded")] == [
        "paragraph 3"
    ]


def test_very_long_documents_are_checked_in_part(tmp_path, monkeypatch):
    monkeypatch.setattr(docx_check, "MAX_PARAGRAPHS", 3)
    doc = clean_document()
    for number in range(5):
        doc.add_paragraph(f"Paragraph {number}.")
    assert "file-partly-checked" in rules(check_doc(doc, tmp_path))


def test_too_many_runs_stops_the_walk(tmp_path, monkeypatch):
    monkeypatch.setattr(docx_check, "MAX_RUNS", 5)
    doc = clean_document()
    paragraph = doc.add_paragraph()
    for number in range(10):
        paragraph.add_run(f"Run {number}. ").italic = True
    found = check_doc(doc, tmp_path)
    assert "file-partly-checked" in rules(found)


def test_each_link_in_a_paragraph_is_judged_on_its_own(tmp_path):
    # Links were told apart by id() of a short-lived lxml proxy, which Python may reuse for
    # the next link: two links could then be read as one ('the reporthere'), hiding a vague one.
    doc = clean_document()
    paragraph = doc.add_paragraph("See ")
    for _ in range(8):
        add_hyperlink(paragraph, "https://www.gov.uk/report", "the discovery report")
        add_hyperlink(paragraph, "https://www.gov.uk/other", "here")
    second = doc.add_paragraph()
    for _ in range(4):
        complex_field_link(second, "the discovery report")
        complex_field_link(second, "read more")
    found = only(check_doc(doc, tmp_path), "link-text-vague")
    assert [f.location for f in found] == ["paragraph 3"] * 8 + ["paragraph 4"] * 4
