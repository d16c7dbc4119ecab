"""SHACL validation of mapping output against every ``ontologies/*-shapes.ttl``."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..config import ONTOLOGY_DIR
from ..errors import MapperError

_RDF_SUFFIX = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig",
               ".jsonld": "json-ld", ".json": "json-ld"}
_QUADS = ("nquads", "trig")


def shapes_files(folder: Path = ONTOLOGY_DIR) -> list[Path]:
    """All shapes files, in name order."""
    return sorted(folder.glob("*-shapes.ttl"))


@lru_cache(maxsize=4)
def _shapes(folder: Path):
    from rdflib import Graph

    graph = Graph()
    files = shapes_files(folder)
    if not files:
        raise MapperError("no *-shapes.ttl file found", path=str(folder))
    for f in files:
        try:
            graph.parse(f, format="turtle")
        except Exception as err:  # rdflib raises many types for bad Turtle
            raise MapperError(f"cannot read shapes: {err}", path=str(f)) from None
    return graph


def load(path: str | Path):
    """Read an output file into an rdflib Graph (ttl, nt, jsonld) or Dataset (nq, trig)."""
    from rdflib import Dataset, Graph

    path = Path(path)
    fmt = _RDF_SUFFIX.get(path.suffix.lower())
    if fmt is None:
        raise MapperError("not an RDF file (expected .ttl, .nt, .nq, .trig or .jsonld)", path=str(path))
    graph = Dataset() if fmt in _QUADS else Graph()
    try:
        graph.parse(path, format=fmt)
    except FileNotFoundError:
        raise MapperError("no such file", path=str(path)) from None
    except Exception as err:
        raise MapperError(f"cannot parse {fmt}: {err}", path=str(path)) from None
    return graph


def validate(graph_or_path, shapes_dir: str | Path | None = None) -> tuple[bool, str]:
    """Validate an rdflib Graph/Dataset or an RDF file; returns ``(conforms, report_text)``."""
    from pyshacl import validate as shacl

    graph = load(graph_or_path) if isinstance(graph_or_path, (str, Path)) else graph_or_path
    shapes = _shapes(Path(shapes_dir) if shapes_dir else ONTOLOGY_DIR)
    conforms, _report, text = shacl(graph, shacl_graph=shapes, inference="none",
                                    allow_warnings=True, advanced=True)
    return bool(conforms), str(text)
