"""The one HTML-to-text conversion shared by the RSS and Mastodon collectors."""

from __future__ import annotations

import pytest

from collectors.html_text import html_to_text


@pytest.mark.parametrize(("html", "text"), [
    ("<p>Astronomes, aujourd'hui :</p> <p>RE: https://m.example/1</p>", "Astronomes, aujourd'hui :\n\nRE: https://m.example/1"),
    ("<p>un</p>\n\n<p>deux</p>", "un\n\ndeux"),
    ("<div>\n  <p>un</p>\n  <p>deux</p>\n</div>", "un\n\ndeux"),
    ("<ul>\n <li>un</li>\n <li>deux</li>\n</ul>", "un\ndeux"),
    ("ligne<br> suite<br />\n fin", "ligne\nsuite\nfin"),
    ("<p>&nbsp;</p><p>seul</p>", "seul"),
    ("<a>un</a> <a>deux</a>", "un deux"),  # a space between inline elements stays a space
    ("texte brut\nsur deux lignes", "texte brut\nsur deux lignes"),  # plain text labelled HTML keeps its lines
    ("a\r\nb", "a\nb"),
    ("<p>code :</p><pre>ligne 1\nligne 2</pre>", "code :\n\nligne 1\nligne 2"),
])
def test_whitespace_html_ignores_is_dropped(html, text):
    assert html_to_text(html) == text
