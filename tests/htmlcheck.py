"""Checks every HTML page the tests fetch: one <h1>, a <title>, lang="en-GB", unique ids,
and none of our own markup escaped into text."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

# Our own markup shown as text: a template escaped HTML it built itself.
_ESCAPED_MARKUP = re.compile(r"&lt;/?(p|a|span|strong|ul|li|div|h[1-6])\b[^<>]{0,80}?(class|href)=")


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.h1 = 0
        self.titles: list[str] = []
        self.lang: str | None = None
        self.ids: Counter[str] = Counter()
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "title" and not self.titles:
            self._in_title = True
            self.titles.append("")
        if attributes.get("id"):
            self.ids[attributes["id"]] += 1

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.titles[-1] += data


def page_problems(html: str) -> list[str]:
    parser = _PageParser()
    parser.feed(html)
    problems = []
    if parser.h1 != 1:
        problems.append(f"expected one <h1>, found {parser.h1}")
    if not parser.titles or not parser.titles[0].strip():
        problems.append("no <title>")
    elif not parser.titles[0].strip().endswith("– Project Spark!"):
        problems.append(f"title {parser.titles[0].strip()!r} does not end '– Project Spark!'")
    if parser.lang != "en-GB":
        problems.append(f'<html lang="{parser.lang}"> is not en-GB')
    escaped = _ESCAPED_MARKUP.search(html)
    if escaped:
        problems.append(f"markup shown as text: {html[escaped.start() : escaped.start() + 60]!r}")
    duplicates = sorted(i for i, n in parser.ids.items() if n > 1)
    if duplicates:
        problems.append(f"duplicate ids: {', '.join(duplicates)}")
    return problems


def page_title(html: str) -> str:
    parser = _PageParser()
    parser.feed(html)
    return " ".join(parser.titles[0].split()) if parser.titles else ""
