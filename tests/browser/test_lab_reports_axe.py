"""axe-core on the lab's reports page in every state, in Chromium against the live app with its
real CSP: nothing to report yet, a filled portfolio (and its downloads, which a browser saves
as files), a portfolio too large for one PDF with the message that says so, 320px wide, and
without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from spark.lab import report_pdf
from tests.browser.support import (
    assert_no_axe_violations,
    assert_no_axe_violations_without_javascript,
    new_window,
    scroll_width,
    sign_in,
)
from tests.lab_factories import funded_project, make_lab_user, make_organiser
from tests.lab_report_data import fill, london_today, stop

pytestmark = pytest.mark.browser


def test_the_reports_page_with_nothing_yet(page):
    sign_in(page, make_lab_user())
    page.goto("/lab/reports")
    expect(page.locator("h1")).to_have_text("Lab reports")
    expect(page.locator("main")).to_contain_text("PDF, 0 projects.")
    assert_no_axe_violations(page, "reports page, no projects")


def test_the_reports_page_and_its_downloads(page, browser, live_server, page_problems):
    fill(funded_project().project)
    stop(funded_project().project, "The problem went away")
    sign_in(page, make_organiser())
    page.goto("/lab/reports")
    expect(page.locator("main")).to_contain_text("PDF, 2 projects.")
    assert_no_axe_violations(page, "reports page, two projects")
    today = london_today().isoformat()
    for link, name in (
        ("Download the portfolio report (PDF)", f"lab-portfolio-{today}.pdf"),
        ("Download the projects (CSV)", f"lab-projects-{today}.csv"),
        ("Download the milestones (CSV)", f"lab-milestones-{today}.csv"),
        ("Download the benefit readings (CSV)", f"lab-benefit-readings-{today}.csv"),
    ):
        with page.expect_download() as download:
            page.get_by_role("link", name=link).click()
        assert download.value.suggested_filename == name

    page.set_viewport_size({"width": 320, "height": 640})
    page.reload()
    assert scroll_width(page) <= 320
    assert_no_axe_violations(page, "reports page, 320px wide")

    nojs = new_window(browser, live_server, page_problems, java_script_enabled=False)
    try:
        sign_in(nojs, make_lab_user())
        nojs.goto("/lab/reports")
        with nojs.expect_download() as download:
            nojs.get_by_role("link", name="Download the projects (CSV)").click()
        assert download.value.suggested_filename == f"lab-projects-{today}.csv"
        assert_no_axe_violations_without_javascript(nojs, page, "reports page")
    finally:
        nojs.context.close()


def test_a_portfolio_too_large_for_one_pdf(page, monkeypatch):
    monkeypatch.setattr(report_pdf, "PDF_PROJECT_LIMIT", 1)
    funded_project()
    funded_project()
    sign_in(page, make_lab_user())
    page.goto("/lab/reports")
    expect(page.locator(".govuk-inset-text")).to_contain_text("The lab has 2")
    expect(page.get_by_role("link", name="Download the portfolio report (PDF)")).to_have_count(0)
    assert_no_axe_violations(page, "reports page, too many projects for the PDF")
    page.goto("/lab/reports/portfolio.pdf")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Download the projects as a CSV file instead."
    )
    assert_no_axe_violations(page, "reports page, after asking for the PDF")
