"""Input parsers: EDGAR R pages as text (seed style) or HTML -> :class:`~mapper.rpage.model.Page`.

``parse_file(path)`` / ``parse_bytes(data, source)`` detect the format from the bytes:
HTML (``<html``, ``<table``, ``<!DOCTYPE``) or the text format (first non-blank line ``|``).
Anything else raises :class:`~mapper.errors.MapperError` ("not an R page").
"""
from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from ..errors import MapperError
from .model import Column, DefinitionBlock, Page, Period, Reference, Row, Value

__all__ = ["parse_file", "parse_bytes", "detect_format", "hide_observed", "Page", "Row", "Value", "Column",
           "Period", "DefinitionBlock", "Reference"]

MAX_BYTES = 64 * 1024 * 1024


def detect_format(data: bytes) -> str | None:
    """"rpage-html", "rpage-text" or None, from the first bytes."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype", b"<html", b"<table", b"<?xml", b"<body", b"<head", b"<div",
                        b"<span", b"<!--")):
        return "rpage-html"
    if head.startswith(b"|"):
        return "rpage-text"
    return None


def _decode(data: bytes, source: str) -> str:
    if b"\x00" in data[:65536]:
        raise MapperError("not an R page: binary file", path=source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            raise MapperError("not an R page: not UTF-8 text", path=source, line=line) from None


def parse_bytes(data: bytes, source: str = "<bytes>") -> Page:
    """Parse an R page given as bytes; ``source`` names it in errors and in ``Page.source``."""
    if not data.strip():
        raise MapperError("empty file", path=source)
    if len(data) > MAX_BYTES:
        raise MapperError(f"file too large for an R page ({len(data)} bytes)", path=source)
    checksum = hashlib.sha256(data).hexdigest()
    fmt = detect_format(data)
    if fmt is None:
        if b"\x00" in data[:65536]:
            raise MapperError("not an R page: binary file", path=source)
        raise MapperError("not an R page: neither EDGAR R page HTML nor the R-page text format",
                          path=source, line=1)
    if fmt == "rpage-html":
        from .html import parse_html
        return parse_html(data, source, checksum)
    from .text import parse_text
    return parse_text(_decode(data, source), source, checksum)


def parse_file(path: str | Path) -> Page:
    """Parse an R page file (text or HTML, detected from its content)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except IsADirectoryError:
        raise MapperError("is a directory, not an R page", path=str(p)) from None
    except OSError as exc:
        raise MapperError(f"cannot read file: {exc.strerror}", path=str(p)) from None
    return parse_bytes(data, str(p))


def hide_observed(page: Page) -> Page:
    """The same page with every observed element name removed (HTML shows them; a resolver run
    that must not read them gets this copy)."""
    return replace(page,
                   rows=tuple(replace(r, observed_element=None) for r in page.rows),
                   blocks=tuple(replace(b, observed_element=None) for b in page.blocks))
