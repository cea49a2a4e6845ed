"""Plain text from HTML fragments: the one conversion used for feed items (RSS/Atom) and Mastodon statuses.

Nothing is ever rendered. Tags are dropped and entities decoded; block elements become paragraph
breaks, `<br>` and list items line breaks; `script`, `style` and the like are skipped. Whitespace
is read as a browser reads it: where tags mark the breaks, the newlines and indentation of the
source are mere spaces, spaces next to a break are dropped (Mastodon leaves one between `</p> <p>`)
and runs of spaces become one. A fragment with no break tag keeps its newlines: many feeds label
plain text as HTML.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

BLOCKS = {"p", "div", "section", "article", "header", "footer", "aside", "blockquote", "pre", "ul", "ol", "dl",
          "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "hr", "address", "main",
          "nav", "form", "fieldset"}
LINES = {"br", "li", "dt", "dd", "td", "th"}
SKIP = {"script", "style", "noscript", "template", "head", "title", "iframe", "object", "svg", "math"}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.texts: set[int] = set()  # indexes in `parts` of the document's own text (the rest are breaks)
        self.skipping = 0
        self.preformatted = 0  # inside <pre>, the source's newlines are the text's

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "pre":
            self.preformatted += 1
        if tag in SKIP:
            self.skipping += 1
        elif tag in BLOCKS:
            self.parts.append("\n\n")
        elif tag in LINES:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in LINES or tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self.preformatted = max(0, self.preformatted - 1)
        if tag in SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            if not self.preformatted:
                self.texts.add(len(self.parts))
            self.parts.append(data)

    def text(self) -> str:
        """The parts joined; where tags mark the breaks, newlines in the text are only spaces, as in a browser."""
        if len(self.texts) == len(self.parts):  # no break tag: plain text labelled as HTML keeps its lines
            return "".join(self.parts)
        return "".join(re.sub(r"\s+", " ", part) if i in self.texts else part for i, part in enumerate(self.parts))


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: tags dropped, entities decoded, paragraph and line breaks kept."""
    if "<" not in fragment and "&" not in fragment:
        return squeeze(fragment)
    parser = _TextExtractor()
    parser.feed(fragment)
    parser.close()
    return squeeze(parser.text())


def squeeze(text: str) -> str:
    """Collapse spaces inside lines, drop them at line ends, keep at most one blank line between paragraphs.

    A line holding only whitespace (what was between two blocks) becomes empty, so it merges
    into the paragraph break instead of leaving a space before it. CRLF and CR end a line once.
    """
    lines = [" ".join(line.split()) for line in re.sub(r"\r\n?", "\n", text).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
