"""Reference lines of a definition block -> :class:`Reference` tuples (shared by both parsers).

Lines look like ``Reference 1: http://www.xbrl.org/2003/role/disclosureRef`` followed by parts
``-Topic 740``, ``-Section 10``...; ``No definition available.`` stands for "no references".
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..errors import MapperError
from .model import Reference

NO_DEF = "No definition available."
REF_HEAD = re.compile(r"^Reference \d+:\s*(?P<role>.*)$")
PART = re.compile(r"^-\s?(?P<name>[A-Za-z][\w ]*?) (?P<value>.*)$")


@lru_cache(maxsize=2048)
def _line_kind(t: str) -> tuple[str, str | None, str]:
    """What one stripped, non-empty line is: ("nodef", None, ""), ("head", role, ""),
    ("part", name, value) or ("other", None, ""). (Memoised: "-Publisher FASB", "-Topic 740"
    ... recur in every block.)"""
    if t == NO_DEF:
        return "nodef", None, ""
    m = REF_HEAD.match(t) if t.startswith("Reference ") else None   # cheap test first
    if m:
        return "head", m.group("role").strip() or None, ""
    p = PART.match(t) if t.startswith("-") else None
    if p:
        return "part", p.group("name").strip(), p.group("value").strip()
    return "other", None, ""


def parse_reference_lines(lines: list[tuple[str, int | None]], source: str = "<input>",
                          strict: bool = True) -> tuple[tuple[Reference, ...], bool]:
    """(references, said "No definition available."). ``lines`` are (text, line number).
    A line that is neither a reference head, a part nor a wrapped part value raises
    MapperError when ``strict`` and is skipped otherwise."""
    refs: list[Reference] = []
    no_def = False
    role: str | None = None
    parts: list[tuple[str, str]] = []
    started = False
    for text, line in lines:
        t = text.strip()
        if not t:
            continue
        kind, name, value = _line_kind(t)
        if kind == "nodef":
            no_def = True
            continue
        if kind == "head":
            if started:
                refs.append(Reference(role=role, parts=tuple(parts)))
            role, parts, started = name, [], True
            continue
        if kind == "part":
            assert name is not None   # a part line always has a name
            if not started:
                role, parts, started = None, [], True
            parts.append((name, value))
            continue
        if started and parts:
            name, value = parts[-1]             # a wrapped part value
            parts[-1] = (name, f"{value} {t}")
            continue
        if strict:
            raise MapperError(f"unexpected line in references: {t[:60]!r}", path=source, line=line)
    if started:
        refs.append(Reference(role=role, parts=tuple(parts)))
    return tuple(refs), no_def
