"""The GOV.UK date input: GOV.UK error messages, what was typed kept, one id each box."""

from __future__ import annotations

from datetime import date

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from spark.core.date_field import GovukDateField


class _Form(FlaskForm):
    class Meta:
        csrf = False

    due = GovukDateField(
        "When is it due?", subject="The due date", required="Enter the date it is due"
    )
    done = GovukDateField("When was it done?", subject="The date it was done", required=None)


def _form(due: tuple[str, str, str] | None, done=("", "", "")) -> _Form:
    data = MultiDict()
    for value in due or ():
        data.add("due", value)
    for value in done:
        data.add("done", value)
    return _Form(formdata=data)


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        (("", "", ""), "Enter the date it is due"),
        (None, "Enter the date it is due"),
        (("12", "", "2027"), "The due date must include a month"),
        (("", "", "2027"), "The due date must include a day and a month"),
        (("31", "2", "2027"), "The due date must be a real date"),
        (("a", "2", "2027"), "The due date must be a real date"),
        (("3", "2", "27"), "Year must include 4 numbers"),
        (("1" + "0" * 20, "1", "2027"), "The due date must be a real date"),
        (("²", "1", "2027"), "The due date must be a real date"),
        (("1", "1", "²⁰²⁷"), "The due date must be a real date"),
        (("001", "1", "2027"), "The due date must be a real date"),
    ],
)
def test_errors_follow_the_design_system(app, typed, error):
    form = _form(typed)
    assert not form.validate()
    assert form.errors == {"due": [error]}


def test_a_real_date_and_an_optional_one_left_out(app):
    form = _form((" 3", "2 ", "2027"))
    assert form.validate(), form.errors
    assert (form.due.data, form.done.data) == (date(2027, 2, 3), None)


def test_the_boxes_keep_what_was_typed_and_the_summary_links_to_the_day_box(app):
    form = _form(("31", "2", "2027"))
    form.validate()
    html = str(form.due())
    assert form.due.id == "due-day"
    assert html.count('id="due-day"') == 1 and 'id="due"' in html
    assert 'value="31"' in html and "govuk-input--error" in html
    assert "The due date must be a real date" in html
