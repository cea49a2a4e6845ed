"""The report as a reader gets it: the HTML drawn by headless Chromium (every chart shown, nothing fetched from
the network), the PDF printed by WeasyPrint and turned into PNG pages by `pdftoppm`; on the demo and on a
database built from the real news feeds of ../shared (sparse, over years: the report must stay true there).

Screenshots and pages land in test-artifacts/screenshots/report/ (…/real/ for the real feeds). Skips with the
reason when Chromium or poppler-utils is missing (CI installs both, see .ci/run).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.dashboard.cdp import Browser, find_chromium
from tests.dashboard.conftest import ENGLISH_NUMBER, RAW
from tests.report.conftest import SHOTS, chart_svgs, report, visible_text

pytestmark = pytest.mark.browser

# What Chromium loaded for the page: no resource but the page itself, every image drawn with a size.
LOADED = """(() => ({
  resources: performance.getEntriesByType('resource').map(e => e.name),
  images: Array.from(document.images).map(i => ({complete: i.complete, width: i.naturalWidth})),
  title: document.querySelector('h1')?.innerText,
  sections: Array.from(document.querySelectorAll('h2')).map(h => h.innerText),
}))()"""


def chromium() -> str:
    binary = find_chromium()
    if binary is None:
        pytest.skip("Chromium absent : installez le paquet Debian `chromium` pour le test navigateur du rapport")
    return binary


def pdf_pages(pdf: Path, shots: Path, prefix: str) -> tuple[list[Path], str]:
    """The PDF's pages as PNG files (`pdftoppm`, 80 dpi) in `shots`, and its text (`pdftotext`)."""
    if not (shutil.which("pdftoppm") and shutil.which("pdftotext")):
        pytest.skip("pdftoppm absent : installez le paquet Debian `poppler-utils` pour voir les pages du PDF")
    shots.mkdir(parents=True, exist_ok=True)
    for old in shots.glob(f"{prefix}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(shots / prefix)], check=True)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return sorted(shots.glob(f"{prefix}-*.png")), text


def show_in_chromium(page: Path, shot: Path, tmp_path: Path) -> dict:
    """Open the HTML file in headless Chromium, screenshot the whole page; what it loaded and drew."""
    shot.parent.mkdir(parents=True, exist_ok=True)
    browser = Browser(chromium(), tmp_path / "profile")
    try:
        browser.load(page.as_uri())
        seen = browser.evaluate(LOADED)
        browser.screenshot(shot, max_height=12000)
    finally:
        browser.close()
    return seen


def test_the_html_report_is_drawn_by_chromium_without_the_network(demo_reports, tmp_path) -> None:
    page = demo_reports["html"]
    seen = show_in_chromium(page, SHOTS / "rapport-html.png", tmp_path)
    assert seen["title"] == "Orbelle"
    assert seen["sections"][:3] == ["Chiffres clés", "Volume et sentiment", "Part de voix"]
    assert seen["resources"] == []  # nothing fetched but the file itself: images are data: URIs
    assert len(seen["images"]) == len(chart_svgs(page.read_text(encoding="utf-8"))) == 5
    assert all(i["complete"] and i["width"] > 300 for i in seen["images"]), seen["images"]
    assert (SHOTS / "rapport-html.png").stat().st_size > 50_000


def test_the_pdf_report_has_its_pages_in_french(demo_reports) -> None:
    pages, text = pdf_pages(demo_reports["pdf"], SHOTS, "rapport-pdf")
    assert 3 <= len(pages) <= 10, len(pages)
    assert f"page 1 sur {len(pages)}" in text and f"page {len(pages)} sur {len(pages)}" in text
    for words in ("Chiffres clés", "Part de voix", "À traiter", "Alertes de la période", "Méthode"):
        assert words in text, words
    assert not RAW.search(text)


def test_the_report_on_the_real_news_feeds_stays_true(real_feeds_template, tmp_path) -> None:
    """Sparse mentions over years, few per brand: no invented trend (nothing before the first mention to compare
    with: « — »), no raw value, no English number, in the HTML as in the PDF."""
    db = tmp_path / "real.db"
    shutil.copy(real_feeds_template, db)
    html, pdf = tmp_path / "rapport.html", tmp_path / "rapport.pdf"
    for out in (html, pdf):
        assert report(db, out, "--period", "tout") == 0
    page = html.read_text(encoding="utf-8")
    assert "Depuis la première mention : pas de période précédente à comparer" in page
    assert "Aucune mention avant cette période : pas de thème en hausse à comparer." in page
    assert "nouveau</td>" not in page  # not every theme « new » against the empty years before the first mention
    figures = page.split('id="chiffres"')[1].split("</section>")[0]
    assert "pas de comparaison" in figures and "+" not in figures.split("<table")[0]  # no change shown
    assert "<td class=\"num\">—</td>" in figures  # the table's changes are missing, not 0
    text = visible_text(page)
    found = [m.group(0) for pattern in (RAW, ENGLISH_NUMBER) for m in pattern.finditer(text)]
    assert not found, found
    seen = show_in_chromium(html, SHOTS / "real" / "rapport-html.png", tmp_path)
    assert seen["resources"] == [] and all(i["complete"] and i["width"] > 300 for i in seen["images"])
    pages, pdf_text = pdf_pages(pdf, SHOTS / "real", "rapport-pdf")
    assert pages and f"page 1 sur {len(pages)}" in pdf_text and "Chiffres clés" in pdf_text
    assert not RAW.search(pdf_text)
