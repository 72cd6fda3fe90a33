"""Stories' Markdown, shown as a safe subset of HTML in GOV.UK style.

Allowed: paragraphs, headings, bold, italics, bulleted and numbered lists, links (http,
https and mailto only), blockquotes, inline code and code blocks. The story page's title is
its ``<h1>``, so the story's headings start at ``<h2>``: its highest level of heading (``#``,
or ``##`` if it has no ``#``) becomes ``<h2>``, the next ``<h3>`` and any deeper ``<h4>``;
and no heading is more than one level below the one before it, so the page's outline never
skips a level whatever was typed. Where a story is shown under a section's ``<h2>`` (a
preview, a confirmation page) its headings start at ``<h3>`` instead (``level=3``), down to
``<h5>``.

Not allowed: raw HTML (shown as the text typed), images (an image would need alt text that
describes it, which Markdown cannot make anyone write: its alt text is shown instead), tables
and horizontal rules. A link to anything else (``javascript:``, ``data:``, a relative
address) keeps its text and loses its address.

The renderer adds the GOV.UK classes; its output is then cleaned again with nh3 down to
exactly the tags, attributes and classes listed here, so a mistake in the renderer (or in
markdown-it) cannot let anything else through.

Pure: no flask, no database. ``render`` returns a string of safe HTML; the views mark it safe.
"""

from __future__ import annotations

import re
from functools import cache

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

LINK_REL = "noreferrer noopener"
# The three schemes a link may use: anything else is dropped to its text.
_ALLOWED_LINK = re.compile(r"^(?:https?://[^\s/?#]+|mailto:[^\s]+)", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f]")

#: The levels a story's first heading may start at: 2 under the page's <h1>, 3 under an <h2>.
LEVELS = (2, 3)
#: How many levels of heading a story has (deeper ones share the last).
DEPTH = 3
# The first level of a story's headings under the page's <h1> is medium; all else small.
_HEADING_CLASS = {"h2": "govuk-heading-m"}
_BLOCK_CLASS = {
    "paragraph_open": "govuk-body",
    "bullet_list_open": "govuk-list govuk-list--bullet",
    "ordered_list_open": "govuk-list govuk-list--number",
    # Inset text is a <div> in GOV.UK Frontend: a <blockquote> also has the browser's side
    # margins, which the overrides take away.
    "blockquote_open": "govuk-inset-text govuk-!-margin-left-0 govuk-!-margin-right-0",
}

# What survives the final clean, and nothing else.
TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "h5",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "code",
    "pre",
    "br",
    "div",
}
CLASSES = {
    "p": {"govuk-body"},
    "h2": {"govuk-heading-m"},
    "h3": {"govuk-heading-s"},
    "h4": {"govuk-heading-s"},
    "h5": {"govuk-heading-s"},
    "ul": {"govuk-list", "govuk-list--bullet"},
    "ol": {"govuk-list", "govuk-list--number"},
    "a": {"govuk-link"},
    "blockquote": {"govuk-inset-text", "govuk-!-margin-left-0", "govuk-!-margin-right-0"},
    # A code block scrolls sideways in its own box at 320px (WCAG 1.4.10), not the page.
    "div": {"spark-table-scroll"},
}
_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}, "div": {"aria-label"}}
_ATTRIBUTE_VALUES = {"div": {"role": {"region"}, "tabindex": {"0"}}}
_CODE_LABEL = re.compile(r"^Code example \d{1,4}$")


def link_allowed(href: str) -> bool:
    """Only web addresses (http, https) and email addresses (mailto) are links. Control
    characters and spaces are removed first, as browsers do (``java\\tscript:``)."""
    return bool(_ALLOWED_LINK.match(_CONTROL.sub("", href)))


def _plain(tokens: list[Token] | None) -> str:
    """The text of inline tokens, without their markup (an image's alt text)."""
    parts = []
    for token in tokens or []:
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.children:
            parts.append(_plain(token.children))
    return "".join(parts)


def _inline(children: list[Token]) -> list[Token]:
    """Links: the GOV.UK class, or dropped to their text when the address is not allowed.
    Images: their alt text."""
    kept: list[Token] = []
    dropped: list[bool] = []  # one per open link: whether it was dropped
    for token in children:
        if token.type == "link_open":
            allowed = link_allowed(str(token.attrGet("href") or ""))
            dropped.append(not allowed)
            if not allowed:
                continue
            token.attrs = {"href": token.attrGet("href") or "", "class": "govuk-link"}
        elif token.type == "link_close":
            if dropped and dropped.pop():
                continue
        elif token.type == "image":
            text = Token("text", "", 0)
            text.content = _plain(token.children)
            token = text
        kept.append(token)
    return kept


def _heading_levels(tokens: list[Token], start: int) -> None:
    """Headings from ``<h{start}>`` down ``DEPTH`` levels: the levels used, in rank order,
    then each at most one below the heading before it."""
    used = sorted({int(token.tag[1]) for token in tokens if token.type == "heading_open"})
    rank = {level: min(start + index, start + DEPTH - 1) for index, level in enumerate(used)}
    previous, tag = start - 1, f"h{start}"
    for token in tokens:
        if token.type == "heading_open":
            previous = min(rank[int(token.tag[1])], previous + 1)
            tag = f"h{previous}"
            token.attrs = {"class": _HEADING_CLASS.get(tag, "govuk-heading-s")}
        if token.type in ("heading_open", "heading_close"):
            token.tag = tag


def _govuk(state) -> None:
    """A core rule: GOV.UK classes on blocks, headings as ``_heading_levels`` says, and links
    and images as ``_inline`` says."""
    _heading_levels(state.tokens, state.env.get("heading_level", LEVELS[0]))
    for token in state.tokens:
        if token.type in _BLOCK_CLASS:
            start = token.attrGet("start") if token.type == "ordered_list_open" else None
            token.attrs = {"class": _BLOCK_CLASS[token.type]}
            if start is not None:
                token.attrs["start"] = start
        elif token.type == "inline" and token.children:
            token.children = _inline(token.children)


def _code_block(self, tokens, idx, options, env) -> str:
    """A fenced or indented code block, in a box of its own that scrolls sideways, named
    with a number so that each region's name is unique on the page."""
    env["code_blocks"] = env.get("code_blocks", 0) + 1
    code = escapeHtml(tokens[idx].content)
    return (
        f'<div class="spark-table-scroll" role="region" tabindex="0" '
        f'aria-label="Code example {env["code_blocks"]}"><pre><code>{code}</code></pre></div>\n'
    )


@cache
def _parser() -> MarkdownIt:
    # html: False escapes raw HTML; no linkify, no typographer: what is typed is what shows.
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "xhtmlOut": False})
    md.disable(["hr", "html_block", "html_inline"])
    # Every address parses as a link; ``_govuk`` then keeps only the allowed ones, as text.
    md.validateLink = lambda url: True
    md.core.ruler.push("govuk", _govuk)
    md.add_render_rule("fence", _code_block)
    md.add_render_rule("code_block", _code_block)
    return md


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "ol" and attribute == "start":
        return value if value.isascii() and value.isdigit() and len(value) <= 9 else None
    if tag == "div" and attribute == "aria-label":
        return value if _CODE_LABEL.match(value) else None
    if tag == "a" and attribute == "href":
        return value if link_allowed(value) else None
    return value


def _headings(level: int) -> set[str]:
    if level not in LEVELS:
        raise ValueError(f"A story's headings start at level {LEVELS}, not {level!r}")
    return {f"h{level + step}" for step in range(DEPTH)}


def clean(html: str, level: int = LEVELS[0]) -> str:
    """Only the subset's tags, attributes and classes, with only the headings a story
    starting at ``level`` has; links get ``rel`` and one of the allowed schemes; anything
    else is removed (script and style with their content)."""
    others = {tag for tag in TAGS if tag[0] == "h" and tag[1:].isdigit()} - _headings(level)
    return nh3.clean(
        html,
        tags=TAGS - others,
        clean_content_tags={"script", "style"},
        attributes=_ATTRIBUTES,
        tag_attribute_values=_ATTRIBUTE_VALUES,
        attribute_filter=_keep_attribute,
        allowed_classes=CLASSES,
        link_rel=LINK_REL,
        url_schemes={"http", "https", "mailto"},
        url_relative="deny",
        strip_comments=True,
    )


def render(source: str, level: int = LEVELS[0]) -> str:
    """The story's Markdown as safe HTML with GOV.UK classes, its first heading an
    ``<h{level}>`` (2 on a page whose ``<h1>`` is the story's title, 3 under an ``<h2>``)."""
    _headings(level)
    return clean(_parser().render(source or "", {"heading_level": level}), level)


def _block_texts(source: str) -> list[str]:
    """The text of each block (paragraph, heading, list item, code), without markup."""
    texts = []
    for token in _parser().parse(source or "", {}):
        if token.type == "inline":
            texts.append(_plain(token.children))
        elif token.type in ("fence", "code_block"):
            texts.append(token.content)
    return [text for text in (" ".join(text.split()) for text in texts) if text]


def plain_text(source: str) -> str:
    """The words of the story without its markup, on one line. Raw HTML typed in the story
    is text, as it shows."""
    return " ".join(_block_texts(source))


def excerpt(source: str, limit: int = 200) -> str:
    """The start of the story as plain text, cut at a word boundary within ``limit``
    characters, with an ellipsis when cut. Headings and list items end with a full stop, so
    that they do not run into the next words."""
    text = " ".join(
        block if block[-1] in ".!?:;…" else f"{block}." for block in _block_texts(source)
    )
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut:  # cut mid-word: back to the word's start
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,.;:–—-") + "…"
