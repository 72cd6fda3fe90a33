"""Stories' Markdown: the safe subset with GOV.UK classes, and hostile input made harmless."""

from __future__ import annotations

import re

import pytest

from spark.lab.markdown import clean, excerpt, link_allowed, plain_text, render

LINK = '<a href="{}" class="govuk-link" rel="noreferrer noopener">{}</a>'
QUOTE = 'class="govuk-inset-text govuk-!-margin-left-0 govuk-!-margin-right-0"'


def _tags(html: str) -> set[str]:
    return set(re.findall(r"<([a-z0-9]+)", html))


def _attributes(html: str) -> set[str]:
    """The attributes' names on the real tags (escaped text such as ``&lt;img src=x`` has
    none)."""
    return {
        name
        for inside in re.findall(r"<[a-z0-9]+([^>]*)>", html)
        for name in re.findall(r"([a-z-]+)=", inside)
    }


def test_paragraphs_bold_italics_and_inline_code():
    html = render("Some **bold**, _italic_ and `code`.\n\nA second paragraph.")
    assert html == (
        '<p class="govuk-body">Some <strong>bold</strong>, <em>italic</em> and <code>code</code>.'
        '</p>\n<p class="govuk-body">A second paragraph.</p>\n'
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("# One", ["h2 m One"]),
        ("## Two", ["h2 m Two"]),
        ("###### Six", ["h2 m Six"]),
        ("Underlined\n===", ["h2 m Underlined"]),
        ("# A\n## B\n### C\n#### D\n# E", ["h2 m A", "h3 s B", "h4 s C", "h4 s D", "h2 m E"]),
        ("## A\n### B\n## C", ["h2 m A", "h3 s B", "h2 m C"]),
        # Levels typed with gaps close up; none is ever more than one below the last.
        ("# A\n### B\n###### C", ["h2 m A", "h3 s B", "h4 s C"]),
        ("### A\n# B\n### C", ["h2 m A", "h2 m B", "h3 s C"]),
    ],
)
def test_headings_start_at_h2_below_the_page_title_and_never_skip_a_level(source, expected):
    found = re.findall(r'<(h\d) class="govuk-heading-(\w)">([^<]*)</(h\d)>', render(source))
    assert [f"{tag} {size} {text}" for tag, size, text, _ in found] == expected
    assert all(tag == closing for tag, _, _, closing in found)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("# One", ["h3 s One"]),
        ("## Two", ["h3 s Two"]),
        ("# A\n## B\n### C\n#### D\n# E", ["h3 s A", "h4 s B", "h5 s C", "h5 s D", "h3 s E"]),
        ("# A\n### B\n###### C", ["h3 s A", "h4 s B", "h5 s C"]),
    ],
)
def test_under_a_page_h2_headings_start_at_the_level_asked_for(source, expected):
    # Shown under a section's <h2> (a preview, a confirmation page), a story's own headings
    # start at <h3>, so that they do not rank with the section's heading.
    html = render(source, level=3)
    found = re.findall(r'<(h\d) class="govuk-heading-(\w)">([^<]*)</(h\d)>', html)
    assert [f"{tag} {size} {text}" for tag, size, text, _ in found] == expected
    assert all(tag == closing for tag, _, _, closing in found)
    assert "<h2" not in html


def test_the_level_defaults_to_2_and_is_2_or_3():
    assert render("# A") == render("# A", level=2) == '<h2 class="govuk-heading-m">A</h2>\n'
    for level in (1, 4, 0):
        with pytest.raises(ValueError, match="level"):
            render("# A", level=level)


def test_the_final_clean_keeps_only_the_heading_levels_of_its_level():
    dirty = "<h2>two</h2><h3>three</h3><h4>four</h4><h5>five</h5><h6>six</h6>"
    assert clean(dirty) == "<h2>two</h2><h3>three</h3><h4>four</h4>fivesix"
    assert clean(dirty, level=3) == "two<h3>three</h3><h4>four</h4><h5>five</h5>six"


def test_lists_bulleted_and_numbered_with_their_start():
    html = render("- one\n- two\n\n3. three\n4. four\n")
    assert '<ul class="govuk-list govuk-list--bullet">\n<li>one</li>\n<li>two</li>\n</ul>' in html
    assert '<ol class="govuk-list govuk-list--number" start="3">\n<li>three</li>' in html
    assert "start" not in render("1. first\n2. second")


def test_a_blockquote_is_inset_text():
    assert render("> What we learnt") == (
        f'<blockquote {QUOTE}>\n<p class="govuk-body">What we learnt</p>\n</blockquote>\n'
    )


def test_code_blocks_scroll_in_their_own_numbered_regions_and_escape_html():
    html = render("```html\n<script>alert(1)</script>\n```\n\n    indented <b>\n")
    assert html == (
        '<div class="spark-table-scroll" role="region" tabindex="0" aria-label="Code example 1">'
        "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre></div>\n"
        '<div class="spark-table-scroll" role="region" tabindex="0" aria-label="Code example 2">'
        "<pre><code>indented &lt;b&gt;\n</code></pre></div>\n"
    )
    # Each story's numbering starts again.
    assert 'aria-label="Code example 1"' in render("```\nx\n```")


@pytest.mark.parametrize(
    "href",
    ["https://www.gov.uk/service-manual", "http://example.com/a?b=1", "mailto:lab@gov.uk"],
)
def test_web_and_email_links_keep_their_address_with_rel(href):
    assert render(f"[Read it]({href})").strip() == (
        f'<p class="govuk-body">{LINK.format(href, "Read it")}</p>'
    )


def test_an_autolink_is_a_link():
    assert LINK.format("https://www.gov.uk", "https://www.gov.uk") in render("<https://www.gov.uk>")


@pytest.mark.parametrize(
    "source",
    [
        "[Click](javascript:alert(1))",
        "[Click](JaVaScRiPt:alert(1))",
        "[Click](&#106;avascript:alert(1))",
        "[Click](&#x6A;avascript&#58;alert(1))",
        "[Click](<java\tscript:alert(1)>)",
        "[Click](%6Aavascript:alert(1))",
        "[Click](vbscript:msgbox(1))",
        "[Click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[Click](file:///etc/passwd)",
        "[Click](/admin/users)",
        "[Click](//evil.example.com)",
        "[Click](#top)",
        "[Click][ref]\n\n[ref]: javascript:alert(1)",
        "[Click](https:/missing-slash)",
    ],
)
def test_other_links_are_dropped_to_their_text(source):
    html = render(source)
    assert "<a" not in html
    assert "Click" in html
    assert "href" not in html


def test_an_autolink_to_a_script_is_only_text():
    html = render("<javascript:alert(1)>")
    assert html == '<p class="govuk-body">javascript:alert(1)</p>\n'


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src=https://evil.example.com></iframe>",
        "<style>body{display:none}</style>",
        "<p onclick=alert(1)>hi</p>",
        "<scr<script>ipt>alert(1)</script>",
        "<!-- a comment --><b>bold?</b>",
        '<div class="govuk-panel" style="position:fixed">x</div>',
        "**<svg onload=alert(1)>**",
        "> <details open ontoggle=alert(1)>",
        "- <math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    ],
)
def test_raw_html_is_shown_as_the_text_typed(source):
    html = render(source)
    assert _tags(html) <= {"p", "strong", "blockquote", "ul", "li"}
    assert "&lt;" in html
    # Whatever was typed, only our own attributes survive.
    assert _attributes(html) <= {"class"}


def test_html_entities_are_text_not_markup():
    html = render("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &copy; &#60;b&#62;")
    assert html == (
        '<p class="govuk-body">&lt;script&gt;alert(1)&lt;/script&gt; &amp; © &lt;b&gt;</p>\n'
    )


def test_images_are_not_supported_their_alt_text_shows_instead():
    html = render("![A *bar* chart of calls](https://example.com/chart.png)")
    assert html == '<p class="govuk-body">A bar chart of calls</p>\n'
    assert "img" not in render("![x](javascript:alert(1)) ![y](data:image/png;base64,AAAA)")


def test_an_image_inside_a_script_link_is_only_text():
    assert render("[![logo](https://x.png)](javascript:alert(1))").strip() == (
        '<p class="govuk-body">logo</p>'
    )


def test_tables_and_rules_are_not_part_of_the_subset():
    html = render("a | b\n--|--\n1 | 2\n\n***\n\nafter")
    assert "<table" not in html and "<hr" not in html


def test_titles_and_other_link_attributes_are_dropped():
    html = render('[x](https://www.gov.uk "A title")')
    assert "title" not in html


def test_the_final_clean_removes_anything_the_renderer_might_let_through():
    dirty = (
        '<h1 class="govuk-heading-xl" id="x">Big</h1><p class="govuk-body evil" style="x">t</p>'
        '<a href="javascript:alert(1)" class="govuk-link" onclick="x" target="_blank">a</a>'
        '<a href="/relative">r</a><img src="x" alt="y"><table><tr><td>c</td></tr></table>'
        '<div role="alert" tabindex="-1" aria-label="Sneaky">d</div>'
        '<ol start="1;alert(1)"><li>i</li></ol><script>alert(1)</script>'
    )
    assert clean(dirty) == (
        'Big<p class="govuk-body">t</p><a class="govuk-link" rel="noreferrer noopener">a</a>'
        '<a rel="noreferrer noopener">r</a>c<div>d</div><ol><li>i</li></ol>'
    )


def test_nested_structures_keep_their_classes():
    html = render("> - a [link](https://www.gov.uk)\n>\n> ## Heading in a quote")
    assert html == (
        f'<blockquote {QUOTE}>\n<ul class="govuk-list govuk-list--bullet">\n'
        f"<li>a {LINK.format('https://www.gov.uk', 'link')}</li>\n</ul>\n"
        '<h2 class="govuk-heading-m">Heading in a quote</h2>\n</blockquote>\n'
    )


def test_deep_nesting_is_bounded_and_never_fails():
    # markdown-it stops nesting at 20 levels (what lies deeper is left out; the preview
    # shows the writer so).
    assert render(">" * 200 + " deep").count("<blockquote") <= 20
    assert render("- " * 200 + "x").count("<ul") <= 20
    assert "end" in render("*" * 5000 + "[" * 5000 + "`" * 5000 + "end")


def test_empty_input():
    assert render("") == ""
    assert plain_text("") == ""
    assert excerpt("") == ""


def test_link_allowed():
    assert link_allowed("https://www.gov.uk")
    assert link_allowed("MAILTO:lab@gov.uk")
    assert not link_allowed("javascript:alert(1)")
    assert not link_allowed(" java\nscript:alert(1)")
    assert not link_allowed("https://")
    assert not link_allowed("mailto:")


def test_plain_text_drops_the_markup_and_keeps_the_words():
    source = (
        "# We learnt\n\nUsers **need** [help](https://x.gov.uk).\n\n- a\n- <b>\n\n```\ncode\n```"
    )
    assert plain_text(source) == "We learnt Users need help. a <b> code"


def test_an_excerpt_is_cut_at_a_word_with_an_ellipsis():
    source = "Word " * 100 + "end."
    short = excerpt(source, limit=30)
    assert short == "Word Word Word Word Word Word…"
    assert len(short) <= 30
    assert excerpt("Short story.", limit=30) == "Short story."
    assert excerpt("# What worked\n\n- Testing\n- Asking: early\n\nAll *good*!") == (
        "What worked. Testing. Asking: early. All good!"
    )
    assert excerpt("x" * 50, limit=10) == "x" * 9 + "…"
