"""The generators' worlds (demo/world.py): well formed, and each generator writes the world it is given."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest

import storage
from bench.generate import generate
from demo import build_demo_site
from demo.catalog import cast
from demo.config import demo_config_text
from demo.world import BENCH, DEMO, SAMPLE, WORLDS, World, WorldBrand
from tests.support.sample_db import build_sample
from veille.config import parse_config

END = datetime(2026, 3, 18, 14, 0, tzinfo=UTC)
TINY = World("tiny", (WorldBrand("Alba", "Alba", True, 0.7), WorldBrand("Brume", '"Brume"', False, 0.3)),
             first_names=("Ana",), last_names=("Roy",), people=("Ana Roy", "Léo Bal"), places=("Brest",))


@pytest.mark.parametrize("world", WORLDS.values(), ids=WORLDS)
def test_every_world_has_one_own_brand_and_shares_summing_to_one(world: World) -> None:
    assert [b.own for b in world.brands].count(True) == 1
    assert len(set(world.names)) == len(world.brands)
    assert sum(world.shares) == pytest.approx(1.0)


def test_the_demo_catalog_writes_about_the_demo_world() -> None:
    assert [b.brand for b in cast(DEMO).brands] == [b.brand for b in DEMO.brands]


def brands_written(path: Path) -> tuple[set[tuple[str, int]], set[str], set[str]]:
    conn = storage.open_readonly(path)
    try:
        return ({tuple(r) for r in conn.execute("SELECT name, own FROM brands")},
                {r[0] for r in conn.execute("SELECT DISTINCT brand FROM mention_brands")},
                {r[0] for r in conn.execute("SELECT DISTINCT brand FROM alerts")})
    finally:
        conn.close()


def test_the_bench_generator_writes_the_world_it_is_given(tmp_path: Path) -> None:
    generate(tmp_path / "bench.db", mentions=400, days=30, end=END, seed=3, world=TINY)
    brands, mentioned, alerted = brands_written(tmp_path / "bench.db")
    assert brands == {("Alba", 1), ("Brume", 0)}
    assert mentioned == alerted == {"Alba", "Brume"}


def test_the_sample_database_writes_the_world_it_is_given(tmp_path: Path) -> None:
    conn = storage.connect(tmp_path / "sample.db")
    sample = build_sample(conn, now=END, days=10, per_day=4, world=TINY)
    conn.close()
    brands, mentioned, alerted = brands_written(tmp_path / "sample.db")
    assert brands == {("Alba", 1), ("Brume", 0)}
    assert mentioned == {"Alba", "Brume"} and alerted == {"Alba"}
    assert sample.mentions == 10 * 4 + 30


def test_the_demo_site_writes_the_world_it_is_given(tmp_path: Path) -> None:
    site = build_demo_site(tmp_path / "site", end=END, days=30, world=BENCH)
    assert [b.name for b in site.brands] == [b.name for b in BENCH.brands] and site.incident.brand == BENCH.own.name
    assert [bool(b.accounts) for b in site.brands] == [b.own for b in BENCH.brands]  # the own brand's accounts
    feeds = " ".join((site.directory / p).read_text(encoding="utf-8") for f in site.feeds for p in f.paths)
    social = " ".join((site.directory / p).read_text(encoding="utf-8") for p in site.social.values())
    assert [name for name in BENCH.names if name not in feeds] == []
    assert BENCH.own.name in social and f"#{site.incident.hashtag}" in social
    assert [name for name in DEMO.names if name in feeds + social] == []  # nothing left of the demo world
    # the demo config follows the site's brands, and loads
    config = parse_config(tomllib.loads(demo_config_text(site, "http://127.0.0.1:1", tmp_path / "v.db")))
    assert tuple(config.brands) == site.brands


def test_a_world_without_people_or_places_cannot_fill_the_demo(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="« sample » ne peut pas servir à la démo .*manque : first_names"):
        build_demo_site(tmp_path, end=END, world=SAMPLE)
