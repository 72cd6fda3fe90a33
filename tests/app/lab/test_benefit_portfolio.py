"""The portfolio's benefit totals: for the lab and organisers only, added up per unit where
units agree, percentages never, and read in one query however many projects there are."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from spark.extensions import db
from tests.app.lab.test_benefits import add_metric, add_reading
from tests.app.test_panel_query_counts import repeated, statements_of
from tests.factories import make_user, sign_in
from tests.lab_factories import funded_project, make_colleague, make_lab_user, make_organiser

URL = "/lab/benefits"


def _rows(html: str) -> list[list[str]]:
    body = re.search(r"<tbody.*?</tbody>", html, re.S)
    if body is None:
        return []
    return [
        [cell.strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr.*?</tr>", body.group(0), re.S)
    ]


@pytest.mark.parametrize("who", ["lab", "organiser"])
def test_the_lab_and_organisers_see_the_totals(app, client, who):
    sign_in(client, make_lab_user() if who == "lab" else make_organiser())
    response = client.get(URL)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<h1 class="govuk-heading-l">Benefits across the portfolio</h1>' in html
    assert "No benefit is measured yet, so there is nothing to add up." in html
    assert "Percentages are never added up" in html


def test_anyone_else_signed_in_is_refused(app, client):
    funded = funded_project()
    for person in (funded.lead, make_colleague(), make_user()):
        sign_in(client, person)
        assert client.get(URL).status_code == 403


def test_signed_out_people_are_sent_to_sign_in(app, client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")


def test_totals_per_unit_where_units_agree(app, client):
    first, second = funded_project(), funded_project()
    gained = add_metric(first, name="Income", baseline=Decimal(0), target=Decimal(10000))
    add_reading(first, gained, "9000", date(2025, 1, 1))
    add_reading(first, gained, "4000", date(2025, 3, 1))  # the latest, though recorded later
    add_reading(first, gained, "1000", date(2025, 2, 1))
    spent = add_metric(
        second, name="Cost", better="lower", baseline=Decimal(9000), target=Decimal(4000)
    )
    add_reading(second, spent, "6000", date(2025, 1, 1))
    hours = add_metric(first, name="Hours", unit="hours", baseline=Decimal(0), target=Decimal(100))
    add_reading(first, hours, "30", date(2025, 1, 1))
    for funded, label, value in ((first, "Forms", "4"), (second, "forms", "3")):
        forms = add_metric(
            funded,
            name="Forms",
            unit="other",
            unit_label=label,
            baseline=Decimal(0),
            target=Decimal(10),
        )
        add_reading(funded, forms, value, date(2025, 1, 1))
    share = add_metric(
        second, name="Share online", unit="percent", baseline=Decimal(10), target=Decimal(50)
    )
    add_reading(second, share, "30", date(2025, 1, 1))
    add_metric(second, name="Not measured yet")
    # A stopped project's benefits still count.
    second.project.status = "stopped"
    db.session.commit()

    sign_in(client, make_lab_user())
    html = client.get(URL).get_data(as_text=True)
    assert _rows(html) == [
        ["Pounds (£)", "£7,000", "2", "2"],  # 4,000 gained + 3,000 less spent
        ["Hours", "30 hours", "1", "1"],
        ["Forms", "7 Forms", "2", "2"],
    ]
    assert "1 benefit in percent has readings." in html
    assert "1 benefit has no readings yet, so it adds nothing." in html
    assert "In all, 7 benefits measured by 2 projects." in html


def _projects_with_benefits(count: int) -> None:
    for n in range(count):
        funded = funded_project()
        for unit in ("gbp", "hours"):
            metric = add_metric(funded, name=f"{unit} {n}", unit=unit)
            for month in (1, 2, 3):
                add_reading(funded, metric, str(100 * month), date(2025, month, n % 28 + 1))
    db.session.remove()


def test_the_totals_are_read_in_one_query_however_many_projects(app, client):
    sign_in(client, make_lab_user())
    _projects_with_benefits(2)
    small = statements_of(client, URL)
    _projects_with_benefits(8)
    big = statements_of(client, URL)
    assert len(big) == len(small), repeated(small, big)
    mine = [sql for sql in big if "lab_benefit_metrics" in sql]
    assert len(mine) == 1, mine
    assert _rows(client.get(URL).get_data(as_text=True))[0] == ["Pounds (£)", "£3,000", "10", "10"]
