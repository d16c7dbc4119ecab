"""Read-only access to one compiled taxonomy index (SQLite + FTS5); never imports Arelle."""
from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Iterable

from ..errors import MapperError
from .model import Concept, Label, Relationship, TaxonomyInfo, TaxReference

_CONCEPT_COLS = ("id, prefix, local_name, namespace, data_type, substitution_group, abstract, balance, "
                 "period_type, deprecated, documentation")
_REL_COLS = "kind, arcrole, source, target, link_role, ord, weight, preferred_label"
INDEX_SCHEMA = "1"      # bump when the table layout or the compiled content changes
_WORD = re.compile(r"\w+", re.UNICODE)
# bm25 column weights: labels, split element name, documentation
_BM25 = "bm25(search, 10.0, 4.0, 1.0)"


def read_info(path: Path) -> TaxonomyInfo:
    """The TaxonomyInfo stored in an index file (raises MapperError if it is not one)."""
    with TaxonomyIndex(path) as idx:
        return idx.info


def split_qname(qname: str) -> tuple[str | None, str]:
    """Accept ``us-gaap:X``, ``us-gaap_X``, ``{ns}X`` style-less ``X``: return (prefix, local)."""
    q = qname.strip()
    if ":" in q:
        p, _, local = q.partition(":")
        return p, local
    if "_" in q:
        p, _, local = q.rpartition("_")
        return p, local
    return None, q


class TaxonomyIndex:
    """One compiled taxonomy, opened read-only. Cheap to open; use as a context manager."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise MapperError("no compiled taxonomy index here", path=str(self.path))
        try:
            self._con = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True,
                                        check_same_thread=False)
            row = self._con.execute("SELECT value FROM meta WHERE key='info'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise MapperError(f"not a compiled taxonomy index ({exc})", path=str(self.path)) from None
        if row is None:
            raise MapperError("compiled taxonomy index has no metadata", path=str(self.path))
        schema = self._con.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        self.schema = schema[0] if schema else None
        d = json.loads(row[0])
        d["namespaces"] = tuple(d.get("namespaces", ()))
        self.info = TaxonomyInfo(**d)

    # ------------------------------------------------------------ lifecycle
    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> "TaxonomyIndex":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"TaxonomyIndex({self.info.name!r}, {str(self.path)!r})"

    @property
    def name(self) -> str:
        return self.info.name

    # ------------------------------------------------------------ concepts
    def concept(self, qname: str) -> Concept | None:
        """One concept by ``prefix:Local``, ``prefix_Local`` or bare local name."""
        prefix, local = split_qname(qname)
        if prefix is not None:
            row = self._con.execute(f"SELECT {_CONCEPT_COLS} FROM concepts WHERE prefix=? AND local_name=?",
                                    (prefix, local)).fetchone()
            if row is None and ":" not in qname:      # "X_Y" may be a local name with an underscore
                row = self._con.execute(f"SELECT {_CONCEPT_COLS} FROM concepts WHERE local_name=?",
                                        (qname.strip(),)).fetchone()
        else:
            row = self._con.execute(f"SELECT {_CONCEPT_COLS} FROM concepts WHERE local_name=?",
                                    (local,)).fetchone()
        return self._build_one(row) if row else None

    def _build_one(self, row: tuple) -> Concept:
        cid = row[0]
        labels = [Label(*r) for r in self._con.execute(
            "SELECT role, lang, text FROM labels WHERE concept_id=? ORDER BY seq", (cid,))]
        refs = [_ref(role, parts) for role, parts in self._con.execute(
            "SELECT role, parts FROM refs WHERE concept_id=? ORDER BY seq", (cid,))]
        return _concept(row, labels, refs)

    def concepts(self) -> list[Concept]:
        """Every concept with labels, documentation and references (bulk: three queries)."""
        labels: dict[int, list[Label]] = {}
        for cid, role, lang, text in self._con.execute(
                "SELECT concept_id, role, lang, text FROM labels ORDER BY concept_id, seq"):
            labels.setdefault(cid, []).append(Label(role, lang, text))
        refs: dict[int, list[TaxReference]] = {}
        for cid, role, parts in self._con.execute(
                "SELECT concept_id, role, parts FROM refs ORDER BY concept_id, seq"):
            refs.setdefault(cid, []).append(_ref(role, parts))
        return [_concept(row, labels.get(row[0], ()), refs.get(row[0], ()))
                for row in self._con.execute(f"SELECT {_CONCEPT_COLS} FROM concepts ORDER BY id")]

    def __len__(self) -> int:
        return self._con.execute("SELECT count(*) FROM concepts").fetchone()[0]

    # ------------------------------------------------------------ relationships
    def relationships(self, kind: str | None = None, arcrole: str | None = None) -> list[Relationship]:
        """All relationships, optionally of one kind and/or arcrole, in network order."""
        where, args = _filters(kind=kind, arcrole=arcrole)
        return [_rel(r) for r in self._con.execute(
            f"SELECT {_REL_COLS} FROM relationships{where} ORDER BY id", args)]

    def children(self, qname: str, kind: str | None = None) -> list[Relationship]:
        """Relationships whose source is ``qname`` (ordered by link role, then order)."""
        where, args = _filters(source=self._canon(qname), kind=kind)
        return [_rel(r) for r in self._con.execute(
            f"SELECT {_REL_COLS} FROM relationships{where} ORDER BY link_role, ord, id", args)]

    def parents(self, qname: str, kind: str | None = None) -> list[Relationship]:
        """Relationships whose target is ``qname``."""
        where, args = _filters(target=self._canon(qname), kind=kind)
        return [_rel(r) for r in self._con.execute(
            f"SELECT {_REL_COLS} FROM relationships{where} ORDER BY link_role, ord, id", args)]

    def _canon(self, qname: str) -> str:
        prefix, local = split_qname(qname)
        if prefix is None:
            c = self.concept(local)
            return c.qname if c else qname
        if ":" not in qname:
            c = self.concept(qname)
            return c.qname if c else f"{prefix}:{local}"
        return f"{prefix}:{local}"

    def role_definition(self, uri: str) -> str | None:
        row = self._con.execute("SELECT definition FROM roles WHERE uri=?", (uri,)).fetchone()
        return row[0] if row else None

    def warning_examples(self) -> dict[str, list[str]]:
        return {code: json.loads(ex) for code, ex in self._con.execute("SELECT code, examples FROM warnings")}

    # ------------------------------------------------------------ search
    def search(self, text: str, limit: int = 20) -> list[tuple[Concept, float]]:
        """Full-text search; concepts matched in labels or name rank above documentation-only hits.

        The score is ``-bm25`` (higher is better), plus 1000 for a label/name hit and 100 more
        when a label equals the query (ignoring case and punctuation).
        """
        words = [w for w in _WORD.findall(text.lower()) if w]
        if not words or limit <= 0:
            return []
        terms = " OR ".join(f'"{w}"' for w in words)
        hits: dict[int, float] = {}
        for query, bonus in ((f"{{labels name}} : ({terms})", 1000.0), (terms, 0.0)):
            for rowid, rank in self._con.execute(
                    f"SELECT rowid, {_BM25} FROM search WHERE search MATCH ? ORDER BY {_BM25} LIMIT ?",
                    (query, limit)):
                hits.setdefault(rowid, bonus - rank)
        wanted = " ".join(words)
        out = []
        for rowid, score in hits.items():
            row = self._con.execute(f"SELECT {_CONCEPT_COLS} FROM concepts WHERE id=?", (rowid,)).fetchone()
            concept = self._build_one(row)
            if any(" ".join(_WORD.findall(lab.text.lower())) == wanted for lab in concept.labels):
                score += 100.0
            out.append((concept, score))
        out.sort(key=lambda cs: -cs[1])
        return out[:limit]


def _filters(**kv: str | None) -> tuple[str, tuple]:
    cols = [(k, v) for k, v in kv.items() if v is not None]
    if not cols:
        return "", ()
    return " WHERE " + " AND ".join(f"{k}=?" for k, _ in cols), tuple(v for _, v in cols)


def _ref(role: str | None, parts: str) -> TaxReference:
    return TaxReference(role=role, parts=tuple((k, v) for k, v in json.loads(parts)))


def _concept(row: tuple, labels: Iterable[Label], refs: Iterable[TaxReference]) -> Concept:
    (_id, prefix, local, ns, dtype, sg, abstract, balance, ptype, dep, doc) = row
    return Concept(prefix=prefix, local_name=local, namespace=ns, data_type=dtype, substitution_group=sg,
                   abstract=bool(abstract), balance=balance, period_type=ptype, deprecated=dep,
                   labels=tuple(labels), documentation=doc, references=tuple(refs))


def _rel(r: tuple) -> Relationship:
    kind, arcrole, source, target, link_role, order, weight, pref = r
    return Relationship(kind=kind, arcrole=arcrole, source=source, target=target, link_role=link_role,
                        order=order, weight=weight, preferred_label=pref)
