"""Image alt text rules."""

from __future__ import annotations

import pytest

from spark.accessibility.findings import Severity
from spark.accessibility.text import check_alt_text


def rules(alt, *, decorative=False, filename=None):
    found = check_alt_text(
        alt, decorative=decorative, where="slide 3, picture 'Chart'", filename=filename
    )
    return [f.rule for f in found]


def test_missing_alt_text_is_blocking():
    for alt in [None, "", "   \n"]:
        (finding,) = check_alt_text(alt, decorative=False, where="image 'team.jpg'")
        assert finding.rule == "image-alt-missing"
        assert finding.severity == Severity.BLOCKING
        assert finding.location == "image 'team.jpg'"
        assert finding.reference == "WCAG 2.2 1.1.1 Non-text content (A)"
        assert "decorative" in finding.fix


@pytest.mark.parametrize("alt", [None, "", "IMG_1234", "Photo of x" + "y" * 200])
def test_decorative_images_are_respected(alt):
    assert check_alt_text(alt, decorative=True, where="x", filename="IMG_1234.jpg") == []


def test_good_alt_text_passes():
    assert rules("Bar chart: calls fell by half after the new form", filename="chart.png") == []


@pytest.mark.parametrize(
    ("alt", "filename"),
    [
        ("chart.png", "chart.png"),
        ("CHART.PNG", "chart.png"),
        ("chart", "chart.png"),
        ("team_photo_final", "team_photo_final.jpg"),
        ("our team.jpeg", None),
        ("Picture of the team (team.JPG)", None),
        ("diagram.svg", None),
        ("IMG_1234", None),
        ("IMG-20240501-WA0001", None),
        ("DSC0001", None),
        ("DSC_0001.JPG", None),
        ("PXL_20240501_101500123", None),
        ("Screenshot 2024-05-01 at 10.15.32", None),
        ("Screen Shot 2024-05-01 at 10.15.32", None),
        ("screenshot_20240501", None),
        ("WhatsApp Image 2024-05-01 at 10.15.32", None),
        ("20240501_101500", None),
        ("Picture 3", None),
    ],
)
def test_file_names_are_blocking(alt, filename):
    found = check_alt_text(alt, decorative=False, where="x", filename=filename)
    assert [f.rule for f in found] == ["image-alt-filename"]
    assert found[0].severity == Severity.BLOCKING
    assert "file name" in found[0].reference


@pytest.mark.parametrize(
    "alt",
    [
        "Chart showing costs in 2024",
        "The Picture House cinema",
        "Screenshots of the old and new forms side by side",
        "A map of Imgton village",
        "The team at the 2024 awards",
    ],
)
def test_descriptions_that_mention_pictures_or_dates_are_not_file_names(alt):
    assert "image-alt-filename" not in rules(alt, filename="photo.jpg")


def test_stem_with_spaces_is_a_description_not_a_file_name():
    assert rules("Team at the awards", filename="Team at the awards.jpg") == []


@pytest.mark.parametrize(
    "alt",
    [
        "Image of a chart",
        "image of a chart",
        "Picture of the team",
        "Photo of the office",
        "A photograph of the office",
        "Graphic of the process",
        "An image of a map",
    ],
)
def test_redundant_prefix_is_a_warning(alt):
    (finding,) = check_alt_text(alt, decorative=False, where="x")
    assert finding.rule == "image-alt-redundant-prefix"
    assert finding.severity == Severity.WARNING


@pytest.mark.parametrize("alt", ["Photographers at work", "Imagery from space", "Graphics card"])
def test_words_starting_like_the_prefix_pass(alt):
    assert rules(alt) == []


def test_alt_text_of_125_characters_passes_and_126_is_advice():
    assert rules("a" * 125) == []
    assert rules("  " + "a" * 125 + "  ") == []  # spaces around do not count
    found = check_alt_text("a" * 126, decorative=False, where="x")
    assert [f.rule for f in found] == ["image-alt-too-long"]
    assert found[0].severity == Severity.ADVICE
    assert "126 characters" in found[0].message
    assert "body text" in found[0].fix


def test_prefix_and_length_can_both_apply():
    assert rules("Photo of " + "a" * 130) == ["image-alt-redundant-prefix", "image-alt-too-long"]
