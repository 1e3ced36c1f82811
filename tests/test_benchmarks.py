"""The benchmarks still run end to end, on tiny data: a change elsewhere must not break them unseen.

The second factor once turned our export into a redirect and ``make bench-export`` stopped on
it; nothing in CI ran the benchmark, so no one saw. These runs check only that each benchmark
completes and that its correctness lines hold (every registration stored once, none failed).
Their speed figures mean nothing at this size and are not asserted: timing belongs in ``bench/``.
Each runs once per CI run: the export on SQLite (its default), the form benchmark in the
PostgreSQL run (it needs a server).
"""

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent

POSTGRES = os.environ.get("TEST_DATABASE_URL", "")


def run_benchmark(*args):
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


@pytest.mark.skipif(bool(POSTGRES), reason="runs once, in the SQLite run")
def test_the_export_benchmark_runs():
    out = run_benchmark("bench/export.py", "--rows", "30", "--repeat", "1")
    for fmt in ("csv", "xlsx"):
        for impl in ("stock", "ours"):
            assert re.search(rf"^{fmt}\s+{impl}\s+30\s", out, re.M), out
    assert re.search(r"^CSV: ours is [\d.]+x faster", out, re.M), out
    assert re.search(r"^XLSX: ours is [\d.]+x faster", out, re.M), out


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES, reason="needs TEST_DATABASE_URL (PostgreSQL)")
def test_the_form_benchmark_runs_and_stores_every_registration_once():
    server = urlsplit(POSTGRES)
    database = urlunsplit(server._replace(path="/bench_forms_smoke"))
    out = run_benchmark(
        "bench/forms.py",
        f"--database-url={database}",
        *("--duration", "0.5", "--rounds", "1", "--warmup", "0.2", "--no-captcha-round"),
        *("--clients", "2", "--post-clients", "2", "--post-duration", "1", "--post-warmup", "0.2"),
    )
    assert re.search(r"^GET ours/stock ratio \(req/s\)\s+[\d.]+x", out, re.M), out
    assert re.search(r"^failed POSTs\s+0\s+0\s+meets", out, re.M), out
    stored = re.search(r"^stored = successful POSTs\s+(\d+) = (\d+)\s+equal\s+meets", out, re.M)
    assert stored and int(stored[1]) > 0, out
