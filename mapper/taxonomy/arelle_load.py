"""Load one DTS with Arelle, offline, from taxonomy packages; collect what Arelle logs.

This is the only module that imports Arelle, and it does so inside :func:`load_dts`, so
importing :mod:`mapper.taxonomy` (and opening a compiled index) never pays for it.
"""
from __future__ import annotations

import contextlib
import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from ..errors import MapperError

MAX_EXAMPLES = 5


@dataclass
class LogCollector:
    """Counts Arelle messages (warning level and above) by code and keeps a few examples."""
    counts: Counter = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def add(self, code: str, text: str) -> None:
        self.counts[code] += 1
        ex = self.examples.setdefault(code, [])
        if len(ex) < MAX_EXAMPLES:
            ex.append(text[:300])


def _handler(collector: LogCollector) -> logging.Handler:
    class _H(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno < logging.WARNING:
                return
            code = getattr(record, "messageCode", None) or record.levelname.lower()
            try:
                text = record.getMessage()
            except Exception:  # noqa: BLE001 - a bad log format must not break compilation
                text = str(record.msg)
            collector.add(f"arelle:{code}", text)
    return _H()


@contextlib.contextmanager
def load_dts(entry_point: str, packages: list[Path], source: str | None = None
             ) -> Iterator[tuple[Any, LogCollector]]:
    """Yield ``(modelXbrl, collector)`` for ``entry_point`` loaded offline from ``packages``."""
    from arelle.RuntimeOptions import RuntimeOptions
    from arelle.api.Session import Session

    collector = LogCollector()
    opts = RuntimeOptions(entrypointFile=entry_point, packages=[str(p) for p in packages],
                          internetConnectivity="offline", keepOpen=True)
    with Session() as session:
        session.run(opts, logHandler=_handler(collector))
        models = session.get_models()
        if not models or models[0].modelDocument is None:
            first = next(iter(collector.examples.values()), ["no message"])[0]
            raise MapperError(f"Arelle could not load the entry point {entry_point}: {first}",
                              path=source or (str(packages[0]) if packages else None))
        yield models[0], collector
