"""Dashboard fixtures: a populated database (the bench generator at small scale) and an empty one."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import storage
from dashboard.pages import PAGES as ALL_PAGES

APP = Path(__file__).resolve().parents[2] / "dashboard" / "streamlit_app.py"
PAGES = {p.module: p.heading for p in ALL_PAGES}  # page module → its title, from the dashboard's table


# What a page must never show a reader: a Python value left raw, or a number written the English way
# (`3.2M`, `1,000`, `-29.8`, `2.4`, `1.8k`).
RAW = re.compile(r"\b(None|nan|NaN|NaT|-?inf|-Infinity)\b|Traceback")
ENGLISH_NUMBER = re.compile(r"(?<![\w/.,])(\d+\.\d+\s?[kKMB%]?|\d{1,3}(,\d{3})+|\d+(\.\d+)?[KMB])(?![\w/.,])"
                            r"|(?<![\w-])-\d")


@pytest.fixture(scope="session")
def populated_template(tmp_path_factory) -> Path:
    """3 000 mentions over the 364 days ending now, 10 brands, tags, alerts, sources (built once per session)."""
    from bench.generate import generate

    path = tmp_path_factory.mktemp("dashboard") / "populated.db"
    generate(path, mentions=3000, days=364, seed=11)  # 364: all inside « 12 derniers mois », whatever the hour
    return path


@pytest.fixture
def populated_db(populated_template: Path, tmp_path: Path) -> Path:
    """A private copy of the populated database: tests may write to it (corrections, alert status)."""
    path = tmp_path / "veille.db"
    shutil.copy(populated_template, path)
    return path


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    path = tmp_path / "empty.db"
    storage.connect(path).close()
    return path


@pytest.fixture
def app(monkeypatch):
    """Build an AppTest of the dashboard on a database, opened on one page (optionally with URL parameters)."""
    from streamlit.testing.v1 import AppTest

    def make(db: Path, page: str = "overview", query: dict | None = None, first_run: bool = True) -> AppTest:
        """`first_run=False`: the link opens `page` itself, as a browser does (otherwise the overview runs first,
        then the page: what a user who opens the dashboard and clicks sees)."""
        monkeypatch.setenv("VEILLE_DB", str(db))
        at = AppTest.from_file(str(APP), default_timeout=60)
        if query:
            at.query_params.update(query)
        if page != "overview" and not first_run:
            at.switch_page(f"app_pages/{page}.py")
        at.run()
        if page != "overview" and first_run:
            at.switch_page(f"app_pages/{page}.py")
            at.run()
        return at

    return make
