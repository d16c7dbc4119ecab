"""Write a :class:`CompiledTaxonomy` into a SQLite index file, atomically.

Layout (one file per taxonomy family+version, ``<cache>/<name>.sqlite``)::

    meta(key, value)                   'info' -> TaxonomyInfo as JSON, 'schema' -> version
    concepts(id, prefix, local_name, namespace, data_type, substitution_group,
             abstract, balance, period_type, deprecated, documentation)
    labels(concept_id, seq, role, lang, text)
    refs(concept_id, seq, role, parts)  parts = JSON [[name, value], ...] in document order
    relationships(kind, arcrole, source, target, link_role, ord, weight, preferred_label)
    roles(uri, definition)
    warnings(code, count, examples)
    search  FTS5(labels, name, documentation), rowid = concepts.id
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
from dataclasses import asdict
from pathlib import Path

from ..atomic import atomic_path
from .compile import CompiledTaxonomy
from .index import INDEX_SCHEMA


DDL = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE concepts(
    id INTEGER PRIMARY KEY, prefix TEXT NOT NULL, local_name TEXT NOT NULL, namespace TEXT NOT NULL,
    data_type TEXT, substitution_group TEXT, abstract INTEGER NOT NULL, balance TEXT,
    period_type TEXT, deprecated TEXT, documentation TEXT);
CREATE UNIQUE INDEX concepts_qname ON concepts(prefix, local_name);
CREATE INDEX concepts_local ON concepts(local_name);
CREATE TABLE labels(concept_id INTEGER NOT NULL, seq INTEGER NOT NULL, role TEXT NOT NULL,
    lang TEXT NOT NULL, text TEXT NOT NULL);
CREATE INDEX labels_concept ON labels(concept_id, seq);
CREATE TABLE refs(concept_id INTEGER NOT NULL, seq INTEGER NOT NULL, role TEXT, parts TEXT NOT NULL);
CREATE INDEX refs_concept ON refs(concept_id, seq);
CREATE TABLE relationships(id INTEGER PRIMARY KEY, kind TEXT NOT NULL, arcrole TEXT NOT NULL,
    source TEXT NOT NULL, target TEXT NOT NULL, link_role TEXT NOT NULL, ord REAL, weight REAL,
    preferred_label TEXT);
CREATE INDEX rel_source ON relationships(source, kind);
CREATE INDEX rel_target ON relationships(target, kind);
CREATE TABLE roles(uri TEXT PRIMARY KEY, definition TEXT);
CREATE TABLE warnings(code TEXT PRIMARY KEY, count INTEGER NOT NULL, examples TEXT NOT NULL);
CREATE VIRTUAL TABLE search USING fts5(labels, name, documentation, tokenize='porter unicode61');
"""

_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")


def split_name(local_name: str) -> str:
    """``DeferredTaxAssetsGross`` -> ``Deferred Tax Assets Gross`` (searchable words)."""
    return " ".join(_CAMEL.findall(local_name))


def write_index(compiled: CompiledTaxonomy, target: Path) -> Path:
    """Build the index in a temporary file beside ``target`` and rename it into place."""
    with atomic_path(target, suffix=".sqlite-tmp") as tmp:
        con = sqlite3.connect(tmp)
        try:
            con.execute("PRAGMA journal_mode=OFF")
            con.execute("PRAGMA synchronous=OFF")
            con.executescript(DDL)
            _fill(con, compiled)
            con.commit()
            con.execute("PRAGMA optimize")
        finally:
            con.close()
        os.chmod(tmp, 0o644)     # readable like any other cache file (mkstemp makes it 0600)
    return target


def _fill(con: sqlite3.Connection, ct: CompiledTaxonomy) -> None:
    info = asdict(ct.info)
    con.executemany("INSERT INTO meta VALUES (?, ?)", [
        ("schema", INDEX_SCHEMA), ("info", json.dumps(info, sort_keys=True))])
    con.executemany(
        "INSERT INTO concepts VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [(i, c.prefix, c.local_name, c.namespace, c.data_type, c.substitution_group, int(c.abstract),
          c.balance, c.period_type, c.deprecated, c.documentation)
         for i, c in enumerate(ct.concepts, 1)])
    con.executemany("INSERT INTO labels VALUES (?,?,?,?,?)", [
        (i, j, lab.role, lab.lang, lab.text)
        for i, c in enumerate(ct.concepts, 1) for j, lab in enumerate(c.labels)])
    con.executemany("INSERT INTO refs VALUES (?,?,?,?)", [
        (i, j, ref.role, json.dumps([list(p) for p in ref.parts], ensure_ascii=False))
        for i, c in enumerate(ct.concepts, 1) for j, ref in enumerate(c.references)])
    con.executemany(
        "INSERT INTO relationships(kind, arcrole, source, target, link_role, ord, weight, preferred_label)"
        " VALUES (?,?,?,?,?,?,?,?)",
        [(r.kind, r.arcrole, r.source, r.target, r.link_role, r.order, r.weight, r.preferred_label)
         for r in ct.relationships])
    con.executemany("INSERT INTO roles VALUES (?, ?)", sorted(ct.roles.items()))
    con.executemany("INSERT INTO warnings VALUES (?,?,?)", [
        (code, n, json.dumps(ct.warning_examples.get(code, []), ensure_ascii=False))
        for code, n in ct.info.warnings.items()])
    con.executemany("INSERT INTO search(rowid, labels, name, documentation) VALUES (?,?,?,?)", [
        (i, "\n".join(dict.fromkeys(lab.text for lab in c.labels)), split_name(c.local_name),
         c.documentation or "")
        for i, c in enumerate(ct.concepts, 1)])
