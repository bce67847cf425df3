"""Every HTML page is checked the same way: strict HTML5, one <h1>, and a <title> that starts
with the text of that <h1>."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import html5lib


def text_of(element: ET.Element) -> str:
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


@dataclass
class Page:
    tree: ET.Element
    title: str
    h1: str

    def text(self) -> str:
        body = self.tree.find("body")
        assert body is not None
        return text_of(body)

    def all(self, path: str) -> list[ET.Element]:
        return self.tree.findall(path)

    def links(self) -> list[str]:
        return [a.get("href", "") for a in self.tree.iter("a")]


def assert_page(content: bytes | str) -> Page:
    """Parse strictly (any parse error fails) and check the heading and title."""
    html5lib.HTMLParser(strict=True).parse(content)
    tree = html5lib.parse(content, treebuilder="etree", namespaceHTMLElements=False)
    headings = list(tree.iter("h1"))
    assert len(headings) == 1, f"expected exactly one <h1>, found {len(headings)}"
    title_element = tree.find("head/title")
    assert title_element is not None, "the page has no <title>"
    title, h1 = text_of(title_element), text_of(headings[0])
    assert h1, "the <h1> is empty"
    assert title.startswith(h1), f"<title> {title!r} does not start with the <h1> {h1!r}"
    assert title.endswith(" – localgrowth"), title
    return Page(tree=tree, title=title, h1=h1)


def assert_html_response(response, status: int = 200) -> Page:
    assert response.status_code == status, response.status_code
    assert response["Content-Type"].startswith("text/html"), response["Content-Type"]
    return assert_page(response.content)
