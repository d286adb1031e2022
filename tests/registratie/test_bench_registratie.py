"""The load generator's arithmetic (bench/loadgen.py); no timing is asserted here."""

import pytest

from bench.loadgen import Meting, percentile, summary


def test_percentile_interpolates_between_ranks_like_numpy():
    waarden = [15, 20, 35, 40, 50]
    assert percentile(waarden, 0) == 15
    assert percentile(waarden, 50) == 35
    assert percentile(waarden, 100) == 50
    assert percentile(waarden, 40) == pytest.approx(29.0)
    assert percentile(waarden, 95) == pytest.approx(48.0)


def test_percentile_ignores_order_and_handles_one_value():
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0
    assert percentile([7.0], 95) == 7.0


def test_p95_of_a_hundred_latencies():
    latencies = [i / 1000 for i in range(1, 101)]  # 1 .. 100 ms
    resultaat = summary(latencies)
    assert resultaat["p95_ms"] == pytest.approx(95.05)
    assert resultaat["max_ms"] == pytest.approx(100.0)


def test_percentile_refuses_nonsense():
    with pytest.raises(ValueError):
        percentile([], 95)
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_loadgen_talks_to_loopback_only():
    with pytest.raises(SystemExit):
        Meting({"host": "example.org", "port": 80, "path": "/", "bodies": [], "duration": 1})
