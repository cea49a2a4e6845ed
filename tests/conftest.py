"""Fixtures shared by every test package."""

from __future__ import annotations

from pathlib import Path

import pytest

import storage

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def shared_dir() -> Path:
    """The third-party corpora in ../shared (never copied here); skip when a fresh clone lacks them."""
    if not SHARED.is_dir():
        pytest.skip(f"../shared absent ({SHARED}): conformance test needs the third-party corpora")
    return SHARED


@pytest.fixture(scope="session")
def tagger():
    """One loaded spaCy pipeline per test session (a load costs ~3 s)."""
    from analysis.tagger import Tagger

    return Tagger()


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A populated database (brands, mentions, tags, motivations, topics, emotions, corrections, an alert),
    shared by the session: tests only read it."""
    from tests.support.sample_db import build_sample

    path = tmp_path_factory.mktemp("sample") / "veille.db"
    conn = storage.connect(path)
    build_sample(conn)
    conn.close()
    return path


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Path of a fresh, migrated database file."""
    path = tmp_path / "veille.db"
    storage.connect(path).close()
    return path


@pytest.fixture
def conn(db_path: Path):
    """A writable connection to a fresh database."""
    c = storage.connect(db_path)
    yield c
    c.close()


@pytest.fixture
def http_server():
    """A scripted HTTP server on 127.0.0.1 (see demo/server.py: LocalServer)."""
    from demo.server import LocalServer

    with LocalServer() as server:
        yield server


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """The real demo database, built once per test session through `veille demo`'s own path (~1 min)."""
    from veille.commands.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert build_demo(path), "the demo pipeline reported a failed step"
    return path


@pytest.fixture
def smtp_server(tmp_path: Path):
    """A local SMTP server requiring STARTTLS: (controller, recorder with `.messages`, CA certificate)."""
    from tests.support.smtp import local_smtp

    with local_smtp(tmp_path) as server:
        yield server


@pytest.fixture(scope="session")
def real_feeds_template(tmp_path_factory) -> Path:
    """The database built from the real news feeds of ../shared (skips, with the reason, when absent)."""
    from tests.support.real_feeds import build

    if not SHARED.is_dir():
        pytest.skip(f"../shared absent ({SHARED}) : la base des vrais flux de presse ne peut pas être construite")
    workdir = tmp_path_factory.mktemp("real-feeds")
    return build(SHARED, workdir / "real.db", workdir)
