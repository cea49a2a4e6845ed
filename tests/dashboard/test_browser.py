"""`veille dashboard` in headless Chromium, every page loaded and screenshotted, on three databases: the
bench generator's (test-artifacts/screenshots/), the demo's (…/demo/) and one built from the real French news
feeds of ../shared (…/real/; skipped with the reason when ../shared is absent).

A page fails when it shows a Streamlit exception or a traceback, never finishes loading, or shows "None",
"nan", "NaT" or a number in English format (`3.2M`, `1,000`, `-29.8`) in its text, its charts' axes and
legends, or its tables' cells. Skips with the reason when no Chromium is installed (CI installs Debian's
`chromium` before `make test`).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from dashboard.pages import PAGES as ALL_PAGES
from presentation import labels
from tests.dashboard.cdp import Browser, find_chromium
from tests.dashboard.conftest import ENGLISH_NUMBER, PAGES, RAW

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artifacts" / "screenshots"
URLS = {p.module: p.url_path for p in ALL_PAGES}

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def dashboard_server(db: Path, tmp_path: Path) -> Iterator[str]:
    """`veille dashboard` as a user starts it, on a free port of 127.0.0.1."""
    port = free_port()
    log = (tmp_path / "dashboard.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "veille.cli", "dashboard", "--db", str(db),
                             "--port", str(port)], cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.read() == b"ok":
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail("le tableau de bord n'a pas démarré :\n" + (tmp_path / "dashboard.log").read_text())
        time.sleep(0.3)
    try:
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # the CLI and its Streamlit child: the group this test started
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture
def server(populated_db, tmp_path):
    with dashboard_server(populated_db, tmp_path) as url:
        yield url


# The text a reader sees outside the tables (Streamlit draws their cells on a canvas: test_app.py checks what
# they show) and the mention card (a mention's own text is quoted as written): the page's, and the charts'.
PAGE_TEXT = r"""(() => {
  const main = document.querySelector('[data-testid="stMain"]').cloneNode(true);
  main.querySelectorAll('[data-testid="stDataFrame"], [data-testid="stText"]').forEach(e => e.remove());
  const charts = Array.from(document.querySelectorAll('[data-testid="stVegaLiteChart"] svg text'));
  return [main.innerText, charts.map(t => t.textContent).join('\n')];
})()"""


def text_problems(page: str, texts: list[str]) -> list[str]:
    """Raw values (None, nan, NaT, a traceback) and numbers in English format in a page's text and charts."""
    found = []
    for where, text in zip(("page", "graphiques"), texts, strict=True):
        for pattern, what in ((RAW, "valeur brute"), (ENGLISH_NUMBER, "nombre à l'anglaise")):
            for match in pattern.finditer(text):
                context = text[max(0, match.start() - 40):match.end() + 40].replace("\n", " ")
                found.append(f"{page} ({where}) : {what} « {match.group(0)} » dans …{context}…")
    return found


def load_every_page(browser: Browser, server: str, db: Path, shots: Path, period: str = "12+derniers+mois",
                    check_text: bool = False) -> list[str]:
    """Open each page (the alert page by a notification's link), screenshot it, list what is wrong."""
    shots.mkdir(parents=True, exist_ok=True)
    problems = []
    with sqlite3.connect(db) as conn:
        alert = conn.execute("SELECT id FROM alerts ORDER BY status = 'open' DESC, id LIMIT 1").fetchone()
    for page, path in URLS.items():
        extra = f"&alert={alert[0]}" if page == "alerts" and alert else ""  # the link a notification carries
        browser.open(f"{server}/{path}?periode={period}{extra}")
        shot = shots / f"{path or 'vue-d-ensemble'}.png"
        browser.screenshot(shot)
        assert shot.stat().st_size > 10_000
        title = browser.evaluate("document.querySelector('[data-testid=\"stMainBlockContainer\"] h1')?.innerText")
        errors = browser.evaluate("Array.from(document.querySelectorAll('[data-testid=\"stException\"]'))"
                                  ".map(e => e.innerText)")
        charts = browser.evaluate("document.querySelectorAll('[data-testid=\"stVegaLiteChart\"] canvas, "
                                  "[data-testid=\"stVegaLiteChart\"] svg').length")
        if errors:
            problems.append(f"{page}: {errors}")
        if title != PAGES[page]:
            problems.append(f"{page}: titre {title!r}")
        if (lang := browser.evaluate("document.documentElement.lang")) != "fr":
            problems.append(f"{page}: langue de la page {lang!r}")  # a browser would offer to translate it
        if page in ("overview", "trends", "competition", "themes", "motivations") and not charts:
            problems.append(f"{page}: aucun graphique dessiné")
        if check_text:
            problems += text_problems(page, browser.evaluate(PAGE_TEXT))
    return problems


def chromium() -> str:
    binary = find_chromium()
    if binary is None:
        pytest.skip("Chromium absent : installez-le (`apt-get install -y chromium`) pour le test navigateur")
    return binary


def test_every_page_loads_in_chromium_without_exception(server, tmp_path, populated_db) -> None:
    browser = Browser(chromium(), tmp_path / "profile")
    try:
        problems = load_every_page(browser, server, populated_db, SHOTS)
        problems += click_a_point(browser, server)
    finally:
        browser.close()
    assert not problems, problems


@pytest.mark.slow
def test_every_page_of_the_demo_loads_in_chromium(demo_db, tmp_path) -> None:
    """The database `make demo` builds, as a new user first sees it."""
    binary = chromium()
    db = tmp_path / "demo.db"
    with sqlite3.connect(demo_db) as source, sqlite3.connect(db) as copy:
        source.backup(copy)
    with dashboard_server(db, tmp_path) as url:
        browser = Browser(binary, tmp_path / "profile")
        try:
            problems = load_every_page(browser, url, db, SHOTS / "demo", period="90j", check_text=True)
        finally:
            browser.close()
    assert not problems, problems


@pytest.mark.slow
def test_every_page_on_the_real_news_feeds_shows_true_french_figures(real_feeds_template, tmp_path) -> None:
    """The real feeds of ../shared (sparse, over five years): every page loads, and none shows a raw value
    or an English number format."""
    binary = chromium()
    db = tmp_path / "real.db"
    shutil.copy(real_feeds_template, db)
    with dashboard_server(db, tmp_path) as url:
        browser = Browser(binary, tmp_path / "profile")
        try:
            problems = load_every_page(browser, url, db, SHOTS / "real", period="tout", check_text=True)
        finally:
            browser.close()
    assert not problems, problems


def click_a_point(browser: Browser, server: str) -> list[str]:
    """Tendances: clicking a point of the volume chart lists that point's mentions below."""
    browser.open(f"{server}/tendances?periode=90+derniers+jours")
    point = browser.evaluate("""(() => {
      const chart = document.querySelector('[data-testid="stVegaLiteChart"]');
      chart.scrollIntoView({block: 'center'});
      const centre = p => { const r = p.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; };
      const all = Array.from(chart.querySelectorAll('g.mark-symbol path'));
      const others = all.filter(p => !(p.getAttribute('aria-label') || '').includes('Marque: Ondéa')).map(centre);
      const points = all
        .filter(p => (p.getAttribute('aria-label') || '').includes('Marque: Ondéa'))
        .filter(p => { const [x, y] = centre(p);  // a point no other brand's point overlaps
                       return others.every(([ox, oy]) => Math.hypot(ox - x, oy - y) > 10); });
      const p = points[Math.floor(points.length / 2)];
      const [x, y] = centre(p);
      return {label: p.getAttribute('aria-label'), x: x, y: y};
    })()""")
    browser.click(point["x"], point["y"])
    # the point's description reads "Jour: oct. 14, 2026; …" (French month, Vega's default order)
    month, number, year = point["label"].split(";")[0].split(": ")[1].replace(",", "").split()
    day = f"{int(number):02d}/{labels.MONTHS.index(month) + 1:02d}/{year}"
    picked = browser.evaluate("Array.from(document.querySelectorAll('[data-testid=\"stSelectbox\"] "
                              "input[role=\"combobox\"]')).map(e => e.value).pop()")
    deadline = time.monotonic() + 20  # a loaded machine may draw the table after the rerun is reported done
    while not (table := browser.evaluate("document.querySelectorAll('[data-testid=\"stDataFrame\"]').length")) \
            and time.monotonic() < deadline:
        time.sleep(0.5)
    browser.screenshot(SHOTS / "tendances-point-clique.png")
    if not (picked or "").startswith(f"Ondéa — {day}") or not table:
        return [f"clic sur {point['label']!r} : point choisi {picked!r}, {table} tableau(x)"]
    return []
