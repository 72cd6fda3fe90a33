"""The layout in a real browser: header, fonts, skip link, phase banner, keyboard use, reflow,
the Content-Security-Policy and GOV.UK Frontend's JavaScript running under it."""

from __future__ import annotations

import pytest

from tests.browser.support import active_element, assert_no_axe_violations, sign_in
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.browser

# Every element that shows text of its own, or is a form control, with its computed font.
_FONTS = """() => {
    const controls = ['INPUT', 'BUTTON', 'SELECT', 'TEXTAREA'];
    const fonts = {};
    for (const el of document.querySelectorAll('body *')) {
        if (['SCRIPT', 'STYLE', 'svg'].includes(el.tagName)) continue;
        const ownText = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
        if (!ownText && !controls.includes(el.tagName)) continue;
        const family = getComputedStyle(el).fontFamily;
        (fonts[family] = fonts[family] || []).push(el.tagName.toLowerCase() + '.' + el.className);
    }
    return fonts;
}"""

_FOCUSABLE = """() => [...document.querySelectorAll(
    'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])'
)].filter(el => !el.disabled && el.offsetParent !== null || el.matches('.govuk-skip-link'))
 .map(el => el.className)"""


# WCAG 1.4.10 (reflow): at 320 CSS px nothing may need sideways scrolling, except content that
# needs two dimensions, such as a data table. So measure the page with its tables set aside.
_REFLOW = """() => {
    const tables = [...document.querySelectorAll('table')];
    tables.forEach(table => { table.style.display = 'none'; });
    const width = document.documentElement.scrollWidth;
    tables.forEach(table => { table.style.display = ''; });
    return width;
}"""


def _assert_reflows(page, path: str) -> None:
    width = page.evaluate(_REFLOW)
    assert width <= 320, f"{path} scrolls sideways at 320px (outside tables): {width}px wide"


def _is_arial(family: str) -> bool:
    return family.split(",")[0].strip().strip("\"'").lower() == "arial"


def test_header_says_project_spark_without_crown_or_govuk(page):
    page.goto("/sign-in")
    header = page.locator("header.govuk-template__header")
    logo = header.locator("a", has_text="Project Spark!")
    assert logo.count() == 1
    assert logo.get_attribute("href") == "/"
    assert header.locator("svg").count() == 0, "the header must not show the crown"
    assert "GOV.UK" not in header.inner_text()
    assert page.locator("svg[aria-label='GOV.UK'], .govuk-header__logotype").count() == 0


def test_text_is_arial_and_gds_transport_is_never_loaded(page):
    font_requests: list[str] = []
    page.on("request", lambda request: font_requests.append(request.url))
    page.goto("/sign-in")
    page.get_by_role("button", name="Sign in").click()  # error states too
    page.locator(".govuk-error-summary").wait_for()
    fonts = page.evaluate(_FONTS)
    not_arial = {family: where for family, where in fonts.items() if not _is_arial(family)}
    assert not not_arial, f"text not in Arial: {not_arial}"
    assert "GDS Transport" not in page.content()
    css_mentions = page.evaluate(
        """() => [...document.styleSheets].flatMap(sheet => [...sheet.cssRules])
            .filter(rule => rule.cssText.includes('GDS Transport')).length"""
    )
    assert css_mentions == 0
    assert not [url for url in font_requests if "/fonts/" in url or url.endswith(".woff2")]


def test_body_font_is_arial(page):
    page.goto("/sign-in")
    assert _is_arial(page.evaluate("getComputedStyle(document.body).fontFamily"))


def test_skip_link_is_first_and_jumps_to_main_content(page):
    page.goto("/sign-in")
    assert page.evaluate(_FOCUSABLE)[0].startswith("govuk-skip-link")
    page.keyboard.press("Tab")
    focused = active_element(page)
    assert "govuk-skip-link" in focused["classes"]
    assert focused["href"] == "#main-content"
    assert focused["text"] == "Skip to main content"
    assert page.locator(".govuk-skip-link").is_visible()  # visible when it has focus
    page.keyboard.press("Enter")
    page.wait_for_url("**/sign-in#main-content")
    # GOV.UK Frontend's SkipLink moves focus to <main> itself.
    page.wait_for_function("() => document.activeElement.id === 'main-content'")
    assert page.evaluate("document.activeElement.tagName") == "MAIN"


def test_phase_banner_is_in_the_header_with_a_feedback_link(page, live_app):
    page.goto("/")
    banner = page.locator("header .govuk-phase-banner")
    assert banner.count() == 1
    assert banner.locator(".govuk-tag").inner_text() == "Beta"
    feedback = banner.get_by_role("link", name="give your feedback by email")
    href = feedback.get_attribute("href")
    assert href.startswith(f"mailto:{live_app.config['SPARK_FEEDBACK_EMAIL']}")


def test_footer_links_to_the_shared_pages(page):
    page.goto("/sign-in")
    footer = page.get_by_role("contentinfo")
    for name, path in [
        ("Accessibility statement", "/accessibility"),
        ("Privacy notice", "/privacy"),
        ("Cookies", "/cookies"),
    ]:
        assert footer.get_by_role("link", name=name).get_attribute("href") == path
    assert "Crown copyright" in footer.inner_text()
    assert footer.locator("svg").count() == 0


def _tab_to(page, predicate: str, limit: int = 10) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {predicate})(document.activeElement)"):
            return active_element(page)
    raise AssertionError(f"no element matching {predicate} within {limit} tabs")


def test_sign_in_with_the_keyboard_only(page):
    user = make_user()
    page.goto("/sign-in")
    _tab_to(page, "el.id === 'email'")
    page.keyboard.type(user.email)
    page.keyboard.press("Tab")
    assert active_element(page)["id"] == "password"
    page.keyboard.type(PASSWORD)
    # The password's Show button comes next, then the Sign in button.
    button = _tab_to(page, "el.matches('button.govuk-button:not(.govuk-password-input__toggle)')")
    assert button["text"] == "Sign in"
    page.keyboard.press("Enter")
    page.wait_for_url("**/")
    assert page.locator("h1").inner_text() == "Your Project Spark!"


def test_password_can_be_shown_with_the_keyboard(page):
    page.goto("/sign-in")
    page.fill("#password", "secret words")
    toggle = page.get_by_role("button", name="Show password")
    toggle.focus()
    page.keyboard.press("Enter")
    assert page.get_attribute("#password", "type") == "text"
    page.keyboard.press("Enter")
    assert page.get_attribute("#password", "type") == "password"


@pytest.mark.parametrize(
    "path",
    ["/", "/sign-in", "/create-account", "/accessibility", "/privacy", "/cookies", "/nope"],
)
def test_pages_reflow_at_320_css_pixels(page, path):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(path)
    _assert_reflows(page, path)


def test_signed_in_pages_reflow_and_menu_button_works_at_320_css_pixels(page):
    sign_in(page, make_user(roles=("organiser",)))
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ("/", "/admin/users", "/accessibility"):
        page.goto(path)
        _assert_reflows(page, path)
    # GOV.UK Frontend's ServiceNavigation shows a Menu button on narrow screens.
    page.goto("/")
    menu = page.get_by_role("button", name="Menu")
    assert menu.is_visible()
    assert menu.get_attribute("aria-expanded") == "false"
    users = page.get_by_role("navigation", name="Main menu").get_by_role(
        "link", name="Users", exact=True
    )
    assert not users.is_visible()
    assert_no_axe_violations(page, "home page at 320px, menu closed")
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert users.is_visible()
    assert_no_axe_violations(page, "home page at 320px, menu open")
    users.click()
    page.wait_for_url("**/admin/users")


def test_wide_screens_show_navigation_without_a_menu_button(page):
    sign_in(page, make_user(roles=("organiser",)))
    assert not page.get_by_role("button", name="Menu").is_visible()
    nav = page.get_by_role("navigation", name="Main menu")
    assert nav.get_by_role("link", name="Users", exact=True).is_visible()


def test_govuk_frontend_initialises_under_the_csp(page):
    response = page.goto("/sign-in")
    assert "script-src 'self' 'nonce-" in response.headers["content-security-policy"]
    # The template's inline script (it carries the nonce) ran...
    classes = page.evaluate("[...document.body.classList]")
    assert "js-enabled" in classes
    assert "govuk-frontend-supported" in classes
    # ...and so did initAll(): components mark themselves initialised and add their controls.
    page.wait_for_selector("[data-module='govuk-password-input'][data-govuk-password-input-init]")
    assert page.get_by_role("button", name="Show password").is_visible()


def test_csp_blocks_an_inline_script_without_the_nonce(page, page_problems):
    page_problems.expect_csp_violation = True
    page.goto("/sign-in")
    violations = page.evaluate(
        """() => new Promise(resolve => {
            const seen = [];
            document.addEventListener('securitypolicyviolation', event => {
                seen.push(event.violatedDirective);
            });
            const script = document.createElement('script');
            script.textContent = 'window.inlineScriptRan = true;';
            document.body.appendChild(script);
            setTimeout(() => resolve(seen), 100);
        })"""
    )
    assert page.evaluate("window.inlineScriptRan === true") is False
    assert violations and violations[0].startswith("script-src")
    assert page_problems.csp, "Chromium reported no CSP violation"


def test_a_script_with_the_page_nonce_does_run(page):
    # The other half of the proof above: the nonce, not the test, decides.
    page.goto("/sign-in")
    ran = page.evaluate(
        """() => {
            const nonce = document.querySelector('script[nonce]').nonce;
            const script = document.createElement('script');
            script.nonce = nonce;
            script.textContent = 'window.nonceScriptRan = true;';
            document.body.appendChild(script);
            return window.nonceScriptRan === true;
        }"""
    )
    assert ran is True


def test_only_the_session_cookie_is_set_and_it_is_httponly(page, context):
    user = make_user()
    sign_in(page, user)
    cookies = context.cookies()
    assert [cookie["name"] for cookie in cookies] == ["session"], (
        "a new cookie must be listed on the cookies page (spark/templates/pages/cookies.html)"
    )
    (session,) = cookies
    assert session["httpOnly"] is True
    assert session["sameSite"] == "Lax"
    # The cookies page says it expires when you close your browser: a session cookie.
    assert session["expires"] == -1


def test_sign_in_and_navigation_work_without_javascript(browser, live_server, live_data):
    user = make_user(roles=("organiser",))
    context = browser.new_context(
        base_url=live_server, java_script_enabled=False, viewport={"width": 320, "height": 640}
    )
    try:
        page = context.new_page()
        page.goto("/sign-in")
        page.get_by_role("button", name="Sign in").click()
        assert page.locator(".govuk-error-summary").is_visible()
        page.fill("#email", user.email)
        page.fill("#password", PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/")
        assert page.locator("h1").inner_text() == "Your Project Spark!"
        # Without JavaScript there is no Menu button: the navigation links are simply shown.
        assert not page.get_by_role("button", name="Menu").is_visible()
        nav = page.get_by_role("navigation", name="Main menu")
        nav.get_by_role("link", name="Users", exact=True).click()
        page.wait_for_url("**/admin/users")
    finally:
        context.close()
