"""The README's SPARQL query over the seed's Turtle output, run with rdflib."""
from __future__ import annotations

from pathlib import Path

import rdflib

from mapper import emit
from mapper.pipeline import map_file
from mapper.resolve.catalog import load_catalog

QUERY = Path(__file__).resolve().parent.parent / "examples" / "queries" / "seed-lines.rq"


def test_readme_query_returns_each_line_with_its_concept(compiled_cache, seed_path):
    pm = map_file(seed_path, load_catalog(compiled_cache))
    g = rdflib.Graph().parse(data=emit.render([pm], "ttl"), format="turtle")
    rows = list(g.query(QUERY.read_text()))
    assert len(rows) == 9                                   # every line, abstract heading included
    by_label = {str(r.line): r for r in rows}
    total = by_label["Total Deferred Tax Assets"]
    assert str(total.concept) == "http://fasb.org/us-gaap/2024#DeferredTaxAssetsGross"
    assert str(total.relation) == "exactMatch"
    ext = by_label["Origination and amortization of interest on convertible notes"]
    assert ext.extension.toPython() is True and str(ext.relation) == "broadMatch"
    assert all(0.0 <= float(r.confidence) <= 1.0 for r in rows if r.confidence is not None)
