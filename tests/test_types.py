"""The parse and resolve stages type-check: mypy, with the settings in pyproject.toml, finds no
error in the modules a page passes through between the file and its mapping."""
from __future__ import annotations

from pathlib import Path

from mypy import api

ROOT = Path(__file__).resolve().parents[1]
CHECKED = ["mapper/rpage", "mapper/resolve", "mapper/naming.py", "mapper/taxonomy/index.py",
           "mapper/taxonomy/model.py"]


def test_parse_and_resolve_modules_type_check(tmp_path):
    out, err, status = api.run(["--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", str(tmp_path),
                                *[str(ROOT / p) for p in CHECKED]])
    assert status == 0, out + err
    assert "Success: no issues found" in out
