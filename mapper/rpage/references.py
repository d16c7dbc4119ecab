"""Reference lines of a definition block -> :class:`Reference` tuples (shared by both parsers).

Lines look like ``Reference 1: http://www.xbrl.org/2003/role/disclosureRef`` followed by parts
``-Topic 740``, ``-Section 10``...; ``No definition available.`` stands for "no references".
"""
from __future__ import annotations

import re

from ..errors import MapperError
from .model import Reference

NO_DEF = "No definition available."
REF_HEAD = re.compile(r"^Reference \d+:\s*(?P<role>.*)$")
PART = re.compile(r"^-\s?(?P<name>[A-Za-z][\w ]*?) (?P<value>.*)$")


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
        if t == NO_DEF:
            no_def = True
            continue
        m = REF_HEAD.match(t)
        if m:
            if started:
                refs.append(Reference(role=role, parts=tuple(parts)))
            role, parts, started = (m.group("role").strip() or None), [], True
            continue
        p = PART.match(t)
        if p:
            if not started:
                role, parts, started = None, [], True
            parts.append((p.group("name").strip(), p.group("value").strip()))
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
