"""The generators' worlds (demo/world.py): well formed, and each generator writes the world it is given."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

import storage
from bench.generate import generate
from demo.catalog import BRANDS
from demo.world import DEMO, WORLDS, World, WorldBrand
from tests.support.sample_db import build_sample

END = datetime(2026, 3, 18, 14, 0, tzinfo=UTC)
TINY = World("tiny", (WorldBrand("Alba", "Alba", True, 0.7), WorldBrand("Brume", '"Brume"', False, 0.3)),
             first_names=("Ana",), last_names=("Roy",), people=("Ana Roy", "Léo Bal"), places=("Brest",))


@pytest.mark.parametrize("world", WORLDS.values(), ids=WORLDS)
def test_every_world_has_one_own_brand_and_shares_summing_to_one(world: World) -> None:
    assert [b.own for b in world.brands].count(True) == 1
    assert len(set(world.names)) == len(world.brands)
    assert sum(world.shares) == pytest.approx(1.0)


def test_the_demo_catalog_writes_about_the_demo_world() -> None:
    assert [b.brand for b in BRANDS] == [b.brand for b in DEMO.brands]


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
