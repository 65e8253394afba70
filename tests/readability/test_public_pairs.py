"""The score ranks plain rewrites of public before/after pairs as easier.

The pairs and the measuring live in benchmarks/bench_pairs.py (data in
benchmarks/data/public_pairs.toml). Floors are asserted on the `tune` parts only;
`heldout` parts are printed. Public pairs (quoted from real pages) and OWN pairs (written
by this project) are kept apart.
"""

from __future__ import annotations

import pytest
from benchmarks_loader import load_benchmark

bench = load_benchmark("bench_pairs")


def test_pair_set_is_big_enough_and_sourced() -> None:
    pairs = bench.load()
    assert len(pairs) >= 60
    assert all(p["before"] != p["after"] and p["source"] for p in pairs)
    assert all(p["source"] == "OWN" or p["source"].startswith("http") for p in pairs)


@pytest.mark.parametrize("origin", bench.ORIGINS)
@pytest.mark.parametrize("part", bench.PARTS)
def test_plain_rewrites_score_easier(part: str, origin: str) -> None:
    r = bench.measure(part, origin)
    print(f"{origin} {part}: easier {r.share(r.easier):.0%}, harder {r.share(r.harder):.0%} ({r.total} pairs)")
    if part != "tune":
        return
    if origin == "public":
        assert r.share(r.easier) >= 0.85 and r.share(r.harder) <= 0.10, r.harder_pairs
    else:
        assert r.share(r.easier) >= 0.95 and r.share(r.harder) <= 0.05, r.harder_pairs
