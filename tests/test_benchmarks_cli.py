"""Benchmark scripts fail like the CLI does: one line naming the problem, exit status 2."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_accuracy_benchmark_without_compiled_taxonomies_says_so(tmp_path):
    env = dict(os.environ, XBRL_MAPPER_CACHE=str(tmp_path / "empty-cache"))
    done = subprocess.run([sys.executable, str(REPO / "benchmarks" / "accuracy.py"), "--cases", "1"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "no compiled taxonomy" in done.stderr and len(done.stderr.strip().splitlines()) == 1
