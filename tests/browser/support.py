"""Helpers for browser tests: axe-core checks and signing in through the real form."""

from __future__ import annotations

import json
from pathlib import Path

from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Playwright serves axe to the page from this same-origin path (context.route in conftest), so
# the page's Content-Security-Policy (script-src 'self' 'nonce-...') stays in force while axe
# runs and the page is checked exactly as people get it. The app itself never sees this path.
# (page.add_script_tag(path=...) would inject an inline script, which the CSP rightly blocks.)
AXE_URL_PATH = "/__axe__/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def _format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'no impact'}): "
            f"{violation['help']} <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            target = " ".join(json.dumps(part) for part in node["target"])
            lines.append(f"    at {target}")
            if node.get("failureSummary"):
                summary = " ".join(node["failureSummary"].split())
                lines.append(f"      {summary}")
    return "\n".join(lines)


def assert_no_axe_violations(page, context: str | None = None) -> dict:
    """Run axe-core on the page as it is now; fail with a readable list of any violations.

    Tags: WCAG 2.0, 2.1 and 2.2 levels A and AA, and axe's best practices. ``context`` names
    the page state in the failure message (the URL is used otherwise). Returns axe's results.
    """
    # A click that navigates returns before the new document is ready: check that one.
    page.wait_for_load_state("load")
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(url=AXE_URL_PATH)
    results = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    violations = results["violations"]
    where = f"{context} ({page.url})" if context else page.url
    assert not violations, (
        f"axe found {len(violations)} accessibility violation(s) on {where}:\n"
        + _format_violations(violations)
    )
    return results


def sign_in(page, user, password: str = PASSWORD) -> None:
    """Sign in through the real form, as a person would, and land on the home page."""
    page.goto("/sign-in")
    page.fill("#email", user.email)
    page.fill("#password", password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
    assert page.locator("h1").inner_text() == "Your Project Spark!"


def active_element(page) -> dict:
    """What has focus: tag, id, classes, href and text, for assertions."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {
                tag: el.tagName.toLowerCase(),
                id: el.id,
                classes: [...el.classList],
                href: el.getAttribute('href'),
                text: (el.innerText || el.value || '').trim(),
            };
        }"""
    )


def page_title(page) -> str:
    return " ".join(page.title().split())


def assert_errors_shown(page, expected: list[str]) -> None:
    """The error summary has focus, lists these errors and links each to something on the page."""
    page.locator(".govuk-error-summary").wait_for(state="visible")
    # GOV.UK Frontend's ErrorSummary moves focus to the summary when it initialises. A function,
    # not an expression: Playwright polls expressions with eval, which our CSP blocks.
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.matches('.govuk-error-summary')"
    )
    assert page_title(page).startswith("Error: ")
    assert page.locator(".govuk-error-summary__list a").all_inner_texts() == expected
    for href in page.locator(".govuk-error-summary__list a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    ):
        assert page.locator(href).count() == 1, f"error summary links to missing {href}"


def new_window(browser, base_url: str, problems, **options):
    """Another browser window: a fresh context (its own cookies) and page, 1024px wide unless
    ``options`` say otherwise, serving axe like the conftest's ``context`` and recording
    script errors and CSP violations in ``problems`` (the conftest's ``page_problems``), so
    the test fails on them as it does for ``page``. The caller closes ``page.context``."""
    options.setdefault("viewport", {"width": 1024, "height": 768})
    context = browser.new_context(base_url=base_url, **options)
    context.set_default_timeout(5000)
    context.route(
        f"{base_url}{AXE_URL_PATH}",
        lambda route: route.fulfill(
            path=str(AXE_JS), content_type="text/javascript; charset=utf-8"
        ),
    )
    page = context.new_page()
    page.on("pageerror", lambda error: problems.errors.append(str(error)))

    def on_console(message) -> None:
        if "Content Security Policy" in message.text:
            problems.csp.append(message.text)
        elif message.type == "error" and "Failed to load resource" not in message.text:
            problems.errors.append(message.text)

    page.on("console", on_console)
    return page


def assert_no_axe_violations_without_javascript(page, helper, context: str) -> None:
    """axe on a page open with JavaScript off: axe needs JavaScript, so the page's HTML as the
    browser built it, without its scripts, is shown at the same address in ``helper`` (a page
    with JavaScript on, same viewport, same stylesheets from the live app) and checked there."""
    import re

    html = re.sub(r"<script\b.*?</script>", "", page.content(), flags=re.DOTALL | re.IGNORECASE)
    # Requests never carry the #fragment, so route the address without it.
    url = re.compile(re.escape(page.url.split("#", 1)[0]) + "$")
    helper.set_viewport_size(page.viewport_size)
    helper.route(
        url, lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8")
    )
    try:
        helper.goto(page.url)
        assert not helper.evaluate("() => document.body.classList.contains('js-enabled')")
        helper.evaluate("() => {" + AXE_JS.read_text(encoding="utf-8") + "\n}")
        assert_no_axe_violations(helper, f"{context}, without JavaScript")
    finally:
        helper.unroute(url)


def click_for_status(page, button: str) -> int:
    """Click the button named ``button`` (it posts a form) and return the HTTP status of the
    page shown after it (the final one, so 200 after a redirect), once that page has loaded."""
    with page.expect_navigation() as shown:
        page.get_by_role("button", name=button, exact=True).click()
    return shown.value.status


def scroll_width(page) -> int:
    """The page's full width in CSS pixels: no wider than the viewport when nothing scrolls
    sideways."""
    return page.evaluate("() => document.documentElement.scrollWidth")
