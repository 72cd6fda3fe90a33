"""Slide deck rules, on decks built in the tests with python-pptx (and lxml where it cannot)."""

from __future__ import annotations

import pytest
from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE

from spark.accessibility import pptx_check
from spark.accessibility.files import check_file
from spark.accessibility.findings import Severity
from tests.unit.accessibility.conftest import (
    BLANK,
    A,
    Inches,
    P,
    Pt,
    RGBColor,
    edit_xml,
    mark_decorative,
    new_deck,
    only,
    rules,
    save_deck,
    slide_part,
    text_box,
    titled_slide,
    write_png,
)

MASTER = "ppt/slideMasters/slideMaster1.xml"
THEME = "ppt/theme/theme1.xml"
CONTRAST = "text-contrast-low"


def check_deck(prs, tmp_path):
    return check_file(save_deck(prs, tmp_path))


def contrast(findings, severity=Severity.BLOCKING):
    return [f for f in only(findings, CONTRAST) if f.severity == severity]


def test_a_clean_deck_has_no_findings(tmp_path):
    prs = new_deck()
    slide = titled_slide(prs)
    text_box(slide, "We will pay people in 3 days, not 10.")
    titled_slide(prs, "What it costs")
    assert check_deck(prs, tmp_path) == []


# ---------------------------------------------------------------- titles


def test_slide_without_a_title_placeholder_is_blocking_even_with_a_big_text_box(tmp_path):
    prs = new_deck()
    slide = prs.slides.add_slide(prs.slide_layouts[BLANK])
    text_box(slide, "Our plan", size=44, bold=True, box=(0.5, 0.3, 9, 1.2))
    found = only(check_deck(prs, tmp_path), "slide-title-missing")
    assert [(f.location, f.severity) for f in found] == [("slide 1", Severity.BLOCKING)]


def test_empty_title_placeholder_is_missing(tmp_path):
    prs = new_deck()
    titled_slide(prs, "   ")
    found = only(check_deck(prs, tmp_path), "slide-title-missing")
    assert [(f.location, f.message) for f in found] == [("slide 1, title", "The title is empty.")]


def test_centre_title_counts_as_a_title(tmp_path):
    prs = new_deck()
    slide = prs.slides.add_slide(prs.slide_layouts[0])  # Title Slide: a ctrTitle placeholder
    slide.shapes.title.text = "Paying people faster"
    slide.placeholders[1].text = "A pitch from the payments team"
    assert "slide-title-missing" not in rules(check_deck(prs, tmp_path))


def test_duplicate_titles_after_case_and_space_normalisation(tmp_path):
    prs = new_deck()
    titled_slide(prs, "Our Plan")
    titled_slide(prs, "What it costs")
    titled_slide(prs, "  our   PLAN ")
    found = only(check_deck(prs, tmp_path), "slide-title-duplicate")
    assert [(f.location, f.severity) for f in found] == [("slide 3, title", Severity.WARNING)]
    assert "slide 1" in found[0].message


def test_different_titles_are_not_duplicates(tmp_path):
    prs = new_deck()
    titled_slide(prs, "Our plan")
    titled_slide(prs, "Our plan (2 of 2)")
    assert "slide-title-duplicate" not in rules(check_deck(prs, tmp_path))


def test_title_not_first_in_the_shape_tree_is_a_reading_order_warning(tmp_path):
    prs = new_deck()
    slide = titled_slide(prs)
    text_box(slide, "We will pay people in 3 days.").name = "Intro"
    title = slide.shapes.title._element
    tree = title.getparent()
    tree.remove(title)
    tree.append(title)
    found = only(check_deck(prs, tmp_path), "slide-reading-order")
    assert [(f.location, f.severity) for f in found] == [("slide 1, title", Severity.WARNING)]
    assert "text box 'Intro'" in found[0].message


def test_title_first_is_the_right_reading_order(tmp_path):
    prs = new_deck()
    text_box(titled_slide(prs), "We will pay people in 3 days.")
    assert "slide-reading-order" not in rules(check_deck(prs, tmp_path))


# ---------------------------------------------------------------- tables


def add_table(slide, *, name="Costs", rows=2, cols=2):
    frame = slide.shapes.add_table(rows, cols, Inches(1), Inches(2), Inches(6), Inches(1.5))
    frame.name = name
    table = frame.table
    table.cell(0, 0).text, table.cell(0, 1).text = "Item", "Cost"
    table.cell(1, 0).text, table.cell(1, 1).text = "Staff", "£10,000"
    return frame


def test_table_with_a_header_row_passes(tmp_path):
    prs = new_deck()
    add_table(titled_slide(prs))
    assert check_deck(prs, tmp_path) == []  # nor does the default table style fail contrast


def test_table_without_header_row_is_blocking(tmp_path):
    prs = new_deck()
    add_table(titled_slide(prs)).table.first_row = False
    found = only(check_deck(prs, tmp_path), "table-header-missing")
    assert [(f.location, f.severity) for f in found] == [
        ("slide 1, table 'Costs'", Severity.BLOCKING)
    ]


def test_table_with_no_first_row_attribute_is_blocking(tmp_path):
    prs = new_deck()
    add_table(titled_slide(prs))
    path = save_deck(prs, tmp_path)
    edit_xml(path, slide_part(1), lambda root: root.find(f".//{A}tblPr").attrib.clear())
    assert "table-header-missing" in rules(check_file(path))


# ---------------------------------------------------------------- font size


@pytest.mark.parametrize(("size", "small"), [(17, True), (17.5, True), (18, False), (28, False)])
def test_font_size_under_18pt_is_advice(tmp_path, size, small):
    prs = new_deck()
    text_box(titled_slide(prs), "We will pay people in 3 days.", size=size)
    found = only(check_deck(prs, tmp_path), "font-too-small")
    assert bool(found) is small
    if small:
        assert found[0].severity == Severity.ADVICE
        assert found[0].location == "slide 1"
        assert f"{size:g}pt" in found[0].message


def test_shrink_to_fit_makes_text_smaller(tmp_path):
    prs = new_deck()
    shape = text_box(titled_slide(prs), "We will pay people in 3 days.", size=24)
    body_pr = shape.text_frame._txBody.find(f"{A}bodyPr")
    etree.SubElement(body_pr, f"{A}normAutofit", fontScale="62500")
    found = only(check_deck(prs, tmp_path), "font-too-small")
    assert found and "15pt" in found[0].message


def test_size_inherited_from_the_master_body_style(tmp_path):
    prs = new_deck()
    slide = prs.slides.add_slide(prs.slide_layouts[1])  # Title and Content
    slide.shapes.title.text = "Our plan"
    slide.placeholders[1].text = "We will pay people in 3 days."
    assert "font-too-small" not in rules(check_deck(prs, tmp_path))  # master body is 32pt

    def shrink(root):
        root.find(f"{P}txStyles/{P}bodyStyle/{A}lvl1pPr/{A}defRPr").set("sz", "1400")

    path = edit_xml(save_deck(prs, tmp_path), MASTER, shrink)
    found = only(check_file(path), "font-too-small")
    assert found and "14pt" in found[0].message


# ---------------------------------------------------------------- text contrast


@pytest.mark.parametrize(
    ("colour", "fails"),
    [("767676", False), ("777777", True), ("D64040", False), ("8C7070", True)],
)
def test_text_contrast_threshold_is_not_rounded(tmp_path, colour, fails):
    prs = new_deck()
    text_box(titled_slide(prs), "We will pay people in 3 days.", size=16, colour=colour)
    found = contrast(check_deck(prs, tmp_path))
    assert bool(found) is fails
    if fails:
        assert found[0].location.startswith("slide 1, text box")
        assert f"#{colour} on #FFFFFF" in found[0].message
        assert "4.5:1" in found[0].message


@pytest.mark.parametrize(
    ("size", "bold", "fails"),
    [(18, False, False), (17, False, True), (14, True, False), (14, False, True), (13, True, True)],
)
def test_large_text_needs_3_to_1(tmp_path, size, bold, fails):
    prs = new_deck()  # #888888 on white is 3.54:1
    text_box(titled_slide(prs), "We will pay people.", size=size, colour="888888", bold=bold)
    assert bool(contrast(check_deck(prs, tmp_path))) is fails


def test_slide_background_is_used(tmp_path):
    prs = new_deck()
    slide = titled_slide(prs)
    slide.background.fill.solid()
    slide.background.fill.fore_color.rgb = RGBColor(0, 0, 0)
    text_box(slide, "We will pay people in 3 days.", colour="FFFFFF")
    found = contrast(check_deck(prs, tmp_path))
    assert [f.location for f in found] == ["slide 1, title"]  # the title is black on black
    assert "#000000 on #000000" in found[0].message


def test_master_background_is_used_when_the_slide_and_layout_have_none(tmp_path):
    prs = new_deck()
    titled_slide(prs)
    master = prs.slide_masters[0]
    master.background.fill.solid()
    master.background.fill.fore_color.rgb = RGBColor(0x10, 0x10, 0x10)
    assert [f.location for f in contrast(check_deck(prs, tmp_path))] == ["slide 1, title"]


def test_layout_background_is_used_before_the_master(tmp_path):
    prs = new_deck()
    slide = titled_slide(prs)
    prs.slide_masters[0].background.fill.solid()
    prs.slide_masters[0].background.fill.fore_color.rgb = RGBColor(0, 0, 0)
    slide.slide_layout.background.fill.solid()
    slide.slide_layout.background.fill.fore_color.rgb = RGBColor(255, 255, 255)
    assert contrast(check_deck(prs, tmp_path)) == []


def test_theme_colour_resolves_through_the_theme(tmp_path):
    prs = new_deck()
    shape = text_box(titled_slide(prs), "We will pay people in 3 days.", size=16)
    shape.text_frame.paragraphs[0].runs[0].font.color.theme_color = MSO_THEME_COLOR.ACCENT_1
    found = contrast(check_deck(prs, tmp_path))
    assert found and "#4F81BD on #FFFFFF" in found[0].message  # 4.0:1


def test_theme_colour_brightness_applies_lum_mod(tmp_path):
    prs = new_deck()
    shape = text_box(titled_slide(prs), "We will pay people in 3 days.", size=16)
    colour = shape.text_frame.paragraphs[0].runs[0].font.color
    colour.theme_color = MSO_THEME_COLOR.ACCENT_1
    colour.brightness = -0.5  # a:lumMod 50000: accent1 at half its lightness
    assert contrast(check_deck(prs, tmp_path)) == []


def test_clr_map_decides_what_text_1_means(tmp_path):
    prs = new_deck()
    titled_slide(prs)
    path = edit_xml(
        save_deck(prs, tmp_path), MASTER, lambda r: r.find(f"{P}clrMap").set("tx1", "lt1")
    )
    found = contrast(check_file(path))
    assert [f.location for f in found] == ["slide 1, title"]
    assert "#FFFFFF on #FFFFFF" in found[0].message


def test_theme_colour_scheme_is_read(tmp_path):
    prs = new_deck()
    titled_slide(prs)

    def grey_text(root):
        root.find(f".//{A}clrScheme/{A}dk1/{A}sysClr").set("lastClr", "AAAAAA")

    found = contrast(check_file(edit_xml(save_deck(prs, tmp_path), THEME, grey_text)))
    assert found and "#AAAAAA on #FFFFFF" in found[0].message


def test_table_cell_fill_is_the_background(tmp_path):
    prs = new_deck()
    cell = add_table(titled_slide(prs)).table.cell(1, 0)
    cell.fill.solid()
    cell.fill.fore_color.rgb = RGBColor(0, 0, 0)
    found = contrast(check_deck(prs, tmp_path))
    assert [f.location for f in found] == ["slide 1, table 'Costs'"]  # dk1 text on black
    cell.text_frame.paragraphs[0].runs[0].font.color.rgb = RGBColor(255, 255, 255)
    assert contrast(check_deck(prs, tmp_path)) == []


def test_shape_fill_and_its_style_font_colour(tmp_path):
    prs = new_deck()
    slide = titled_slide(prs)
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(1), Inches(2), Inches(4), Inches(1))
    shape.fill.solid()
    shape.fill.fore_color.rgb = RGBColor(0x1D, 0x35, 0x57)
    shape.text_frame.text = "Pay people faster"  # white: the shape style's fontRef is lt1
    assert contrast(check_deck(prs, tmp_path)) == []
    shape.fill.fore_color.rgb = RGBColor(0xF0, 0xF0, 0xF0)
    found = contrast(check_deck(prs, tmp_path))
    assert found and "#FFFFFF on #F0F0F0" in found[0].message


def test_text_box_over_a_dark_rectangle_takes_the_rectangle_as_background(tmp_path):
    prs = new_deck()
    slide = titled_slide(prs)
    panel = slide.shapes.add_shape(
        MSO_SHAPE.RECTANGLE, Inches(0.5), Inches(2), Inches(8), Inches(3)
    )
    panel.fill.solid()
    panel.fill.fore_color.rgb = RGBColor(0x0B, 0x0C, 0x0C)
    text_box(slide, "White words on a dark panel", colour="FFFFFF", box=(1, 3, 6, 1))
    assert contrast(check_deck(prs, tmp_path)) == []


def test_white_text_on_the_white_slide_fails(tmp_path):
    prs = new_deck()
    text_box(titled_slide(prs), "White words", colour="FFFFFF", box=(1, 3, 6, 1))
    assert len(contrast(check_deck(prs, tmp_path))) == 1


def test_unknown_colours_are_advice_not_blocking(tmp_path):
    prs = new_deck()
    slide = titled_slide(prs)
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(1), Inches(2), Inches(4), Inches(1))
    shape.name = "Banner"
    shape.fill.gradient()
    shape.text_frame.text = "Pay people faster"
    found = only(check_deck(prs, tmp_path), CONTRAST)
    assert [(f.location, f.severity) for f in found] == [("slide 1", Severity.ADVICE)]
    assert "could not work out" in found[0].message and "shape 'Banner'" in found[0].message


def test_text_on_a_picture_is_unknown(tmp_path):
    prs = new_deck()
    slide = titled_slide(prs)
    picture = slide.shapes.add_picture(str(write_png(tmp_path)), Inches(0), Inches(1.5), Inches(10))
    picture._element.nvPicPr.cNvPr.set("descr", "Staff at a payments desk")
    text_box(slide, "Over the photo", colour="FFFFFF", box=(1, 3, 6, 1))
    found = only(check_deck(prs, tmp_path), CONTRAST)
    assert [f.severity for f in found] == [Severity.ADVICE]


def test_decorative_text_is_exempt(tmp_path):
    prs = new_deck()
    shape = text_box(titled_slide(prs), "Faint watermark", colour="EEEEEE")
    mark_decorative(shape._element.find(f"{P}nvSpPr/{P}cNvPr"))
    assert only(check_deck(prs, tmp_path), CONTRAST) == []


def test_hyperlink_text_takes_the_theme_link_colour(tmp_path):
    prs = new_deck()
    slide = titled_slide(prs)
    slide.background.fill.solid()
    slide.background.fill.fore_color.rgb = RGBColor(0, 0, 0)
    slide.shapes.title.text_frame.paragraphs[0].runs[0].font.color.rgb = RGBColor(255, 255, 255)
    run = text_box(slide, "Read the discovery report", colour=None).text_frame.paragraphs[0].runs[0]
    run.hyperlink.address = "https://www.gov.uk/discovery"
    found = contrast(check_deck(prs, tmp_path))
    assert found and "#0000FF on #000000" in found[0].message


# ---------------------------------------------------------------- non-text contrast


def add_box(slide, fill: str | None, line: str | None = None, name: str = "Marker"):
    shape = slide.shapes.add_shape(MSO_SHAPE.OVAL, Inches(7), Inches(5), Inches(1), Inches(1))
    shape.name = name
    if fill is None:
        shape.fill.background()
    else:
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor.from_string(fill)
    if line is None:
        shape.line.fill.background()
    else:
        shape.line.color.rgb = RGBColor.from_string(line)
    return shape


def test_pale_shape_on_white_is_a_non_text_contrast_warning(tmp_path):
    prs = new_deck()
    add_box(titled_slide(prs), "F0F0F0")
    found = only(check_deck(prs, tmp_path), "nontext-contrast-low")
    assert [(f.location, f.severity) for f in found] == [
        ("slide 1, shape 'Marker'", Severity.WARNING)
    ]


@pytest.mark.parametrize(
    ("fill", "line"), [("767676", None), ("F0F0F0", "000000"), (None, "505A5F")]
)
def test_shape_that_stands_out_by_fill_or_outline_passes(tmp_path, fill, line):
    prs = new_deck()
    add_box(titled_slide(prs), fill, line)
    assert "nontext-contrast-low" not in rules(check_deck(prs, tmp_path))


def test_decorative_shape_is_exempt_from_non_text_contrast(tmp_path):
    prs = new_deck()
    shape = add_box(titled_slide(prs), "F0F0F0")
    mark_decorative(shape._element.find(f"{P}nvSpPr/{P}cNvPr"))
    assert "nontext-contrast-low" not in rules(check_deck(prs, tmp_path))


@pytest.mark.parametrize(("colour", "warns"), [("DDDDDD", True), ("000000", False)])
def test_line_against_the_background(tmp_path, colour, warns):
    prs = new_deck()
    line = titled_slide(prs).shapes.add_connector(
        MSO_CONNECTOR.STRAIGHT, Inches(1), Inches(3), Inches(6), Inches(3)
    )
    line.line.color.rgb = RGBColor.from_string(colour)
    assert ("nontext-contrast-low" in rules(check_deck(prs, tmp_path))) is warns


# ---------------------------------------------------------------- pictures and charts


def add_picture(slide, tmp_path, *, name="Chart", descr: str | None = None):
    picture = slide.shapes.add_picture(str(write_png(tmp_path)), Inches(6), Inches(4), Inches(1))
    picture.name = name
    if descr is not None:
        picture._element.nvPicPr.cNvPr.set("descr", descr)
    return picture


def test_python_pptx_default_alt_text_is_the_file_name(tmp_path):
    prs = new_deck()
    picture = add_picture(titled_slide(prs), tmp_path)
    assert picture._element.nvPicPr.cNvPr.get("descr") == "chart.png"
    found = only(check_deck(prs, tmp_path), "image-alt-filename")
    assert [(f.location, f.severity) for f in found] == [
        ("slide 1, picture 'Chart'", Severity.BLOCKING)
    ]


def test_picture_without_alt_text_is_blocking(tmp_path):
    prs = new_deck()
    add_picture(titled_slide(prs), tmp_path, descr="")
    assert rules(check_deck(prs, tmp_path)) == ["image-alt-missing"]


def test_picture_with_good_alt_text_passes(tmp_path):
    prs = new_deck()
    add_picture(titled_slide(prs), tmp_path, descr="Claims paid within 3 days rose to 80%")
    assert check_deck(prs, tmp_path) == []


def test_picture_alt_text_redundant_prefix(tmp_path):
    prs = new_deck()
    add_picture(titled_slide(prs), tmp_path, descr="Picture of the payments team")
    assert rules(check_deck(prs, tmp_path)) == ["image-alt-redundant-prefix"]


def test_decorative_picture_needs_no_alt_text(tmp_path):
    prs = new_deck()
    picture = add_picture(titled_slide(prs), tmp_path, descr="")
    mark_decorative(picture._element.nvPicPr.cNvPr)
    assert check_deck(prs, tmp_path) == []


def test_decorative_flag_set_to_0_is_not_decorative(tmp_path):
    prs = new_deck()
    picture = add_picture(titled_slide(prs), tmp_path, descr="")
    mark_decorative(picture._element.nvPicPr.cNvPr)
    next(picture._element.nvPicPr.cNvPr.iter("{*}decorative")).set("val", "0")
    assert rules(check_deck(prs, tmp_path)) == ["image-alt-missing"]


def test_picture_inside_a_group_is_checked(tmp_path):
    prs = new_deck()
    group = titled_slide(prs).shapes.add_group_shape()
    picture = group.shapes.add_picture(str(write_png(tmp_path)), Inches(6), Inches(4), Inches(1))
    picture._element.nvPicPr.cNvPr.set("descr", "")
    assert rules(check_deck(prs, tmp_path)) == ["image-alt-missing"]


def test_chart_needs_alt_text(tmp_path):
    prs = new_deck()
    data = CategoryChartData()
    data.categories = ["2025", "2026"]
    data.add_series("Days to pay", (10, 3))
    frame = titled_slide(prs).shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(1), Inches(2), Inches(6), Inches(4), data
    )
    frame.name = "Days to pay"
    found = only(check_deck(prs, tmp_path), "image-alt-missing")
    assert [f.location for f in found] == ["slide 1, chart 'Days to pay'"]
    frame._element.nvGraphicFramePr.cNvPr.set("descr", "Days to pay fell from 10 to 3")
    assert "image-alt-missing" not in rules(check_deck(prs, tmp_path))


# ---------------------------------------------------------------- links and wording


def add_link(slide, *parts: str, url="https://www.gov.uk/report"):
    shape = text_box(slide, parts[0])
    paragraph = shape.text_frame.paragraphs[0]
    for extra in parts[1:]:
        paragraph.add_run().text = extra
        paragraph.runs[-1].font.size = Pt(24)
    for run in paragraph.runs:
        run.hyperlink.address = url
    return shape


def test_vague_link_text_is_a_warning(tmp_path):
    prs = new_deck()
    add_link(titled_slide(prs), "click ", "here").name = "Link"
    found = only(check_deck(prs, tmp_path), "link-text-vague")
    assert [(f.location, f.severity) for f in found] == [
        ("slide 1, text box 'Link'", Severity.WARNING)
    ]
    assert "'click here'" in found[0].message  # two runs of one link are one link


@pytest.mark.parametrize(
    ("text", "vague"), [("Read the discovery report", False), ("www.gov.uk/report", True)]
)
def test_link_text(tmp_path, text, vague):
    prs = new_deck()
    add_link(titled_slide(prs), text)
    assert ("link-text-vague" in rules(check_deck(prs, tmp_path))) is vague


def test_slide_text_goes_through_the_wording_rules_with_the_slide_as_location(tmp_path):
    prs = new_deck()
    titled_slide(prs, "Our plan")
    text_box(titled_slide(prs, "Next steps"), "We will leverage our data.")
    found = only(check_deck(prs, tmp_path), "words-to-avoid")
    assert [f.location for f in found] == ["slide 2"]


def test_acronym_first_use_counts_across_the_deck(tmp_path):
    prs = new_deck()
    text_box(titled_slide(prs, "Who pays"), "The Department for Work and Pensions (DWP) pays.")
    text_box(titled_slide(prs, "What changes"), "DWP will pay people in 3 days.")
    assert "acronym-unexpanded" not in rules(check_deck(prs, tmp_path))


def test_acronym_never_expanded_is_found_on_its_slide(tmp_path):
    prs = new_deck()
    titled_slide(prs, "Who pays")
    text_box(titled_slide(prs, "What changes"), "DWP will pay people in 3 days.")
    assert [f.location for f in only(check_deck(prs, tmp_path), "acronym-unexpanded")] == [
        "slide 2"
    ]


def test_very_long_decks_are_checked_in_part(tmp_path, monkeypatch):
    monkeypatch.setattr(pptx_check, "MAX_SLIDES", 2)
    prs = new_deck()
    for number in range(3):
        titled_slide(prs, f"Slide number {number + 1}")
    prs.slides.add_slide(prs.slide_layouts[BLANK])  # slide 4: never reached
    found = check_deck(prs, tmp_path)
    assert rules(found) == ["file-partly-checked"]
    assert found[0].severity == Severity.ADVICE


def test_a_deck_with_too_many_shapes_stops_where_the_budget_runs_out(tmp_path, monkeypatch):
    monkeypatch.setattr(pptx_check, "MAX_SHAPES", 4)
    prs = new_deck()
    slide = titled_slide(prs, "First")
    for number in range(5):
        text_box(slide, f"Box number {number}")
    titled_slide(prs, "")  # slide 2 is never reached, so its empty title is not reported
    found = check_deck(prs, tmp_path)
    assert [(f.rule, f.location) for f in found] == [("file-partly-checked", "slide 1")]


def test_wording_rules_get_a_capped_amount_of_text(tmp_path, monkeypatch):
    monkeypatch.setattr(pptx_check, "MAX_TEXT_CHARS", 40)
    prs = new_deck()
    text_box(titled_slide(prs, "Plan"), "We will pay people in 3 days. We will leverage data.")
    assert rules(check_deck(prs, tmp_path)) == ["file-partly-checked"]


def test_table_cell_with_no_fill_shows_the_slide_behind_it(tmp_path):
    prs = new_deck()
    slide = titled_slide(prs)
    cell = add_table(slide).table.cell(1, 0)
    cell.fill.background()  # a:noFill: the table style's band colour is not painted
    cell.text_frame.paragraphs[0].runs[0].font.color.rgb = RGBColor(255, 255, 255)
    assert [f.location for f in contrast(check_deck(prs, tmp_path))] == ["slide 1, table 'Costs'"]
    slide.background.fill.solid()
    slide.background.fill.fore_color.rgb = RGBColor(0, 0, 0)
    slide.shapes.title.text_frame.paragraphs[0].runs[0].font.color.rgb = RGBColor(255, 255, 255)
    assert contrast(check_deck(prs, tmp_path)) == []
