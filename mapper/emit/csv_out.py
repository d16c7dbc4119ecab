"""CSV output: one line per row of every page, for spreadsheets and quick review."""
from __future__ import annotations

import csv
import io

from ..resolve.model import PageMapping
from .common import relation, rounded, signals

HEADER = ("source", "row", "label", "concept", "relation", "extension", "anchor", "confidence",
          "top_alternative", "top_alternative_score", "signals")


def _text(value: str) -> str:
    """Bare CR would not be quoted with a LF line terminator: normalise it to LF (then quoted)."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def rows(mappings: list[PageMapping]):
    """The CSV records (header excluded) as tuples of strings."""
    for pm in mappings:
        for rm in pm.rows:
            top = rm.alternatives[0] if rm.alternatives else None
            yield (
                _text(pm.page.source),
                str(rm.row.index),
                _text(rm.row.label),
                rm.concept.qname if rm.concept else "",
                relation(rm) or "",
                "true" if rm.extension else "false",
                rm.anchor.qname if rm.anchor else "",
                f"{rounded(rm.confidence):.4f}",
                top.concept.qname if top else "",
                f"{rounded(top.score):.4f}" if top else "",
                ";".join(signals(rm)),
            )


def render(mappings: list[PageMapping]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows(mappings))
    return buf.getvalue()
