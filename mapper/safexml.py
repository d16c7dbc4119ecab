"""Safe XML/HTML parsing with lxml: no entity expansion, no DTD loading, no network."""
from __future__ import annotations

from pathlib import Path

from lxml import etree, html

from .errors import MapperError

_XML_PARSER_OPTS = dict(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_comments=False,
)


def xml_parser() -> etree.XMLParser:
    """A fresh lxml parser that never expands entities or touches the network."""
    return etree.XMLParser(**_XML_PARSER_OPTS)


def parse_xml_bytes(data: bytes, path: str = "<bytes>") -> etree._Element:
    """Parse XML safely; raises MapperError naming the file and line on bad or hostile input."""
    if b"<!ENTITY" in data[:65536]:
        raise MapperError("XML declares entities (DTD); refused for safety", path=path)
    try:
        return etree.fromstring(data, parser=xml_parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if getattr(exc, "lineno", None) else None
        raise MapperError(f"malformed XML: {exc.msg}", path=path, line=line) from None


def parse_xml_file(path: str | Path) -> etree._Element:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise MapperError(f"cannot read file: {exc.strerror}", path=str(p)) from None
    return parse_xml_bytes(data, str(p))


def parse_html_bytes(data: bytes, path: str = "<bytes>") -> html.HtmlElement:
    """Parse (possibly broken) HTML without network access or entity expansion."""
    parser = html.HTMLParser(no_network=True, remove_comments=True, default_doctype=False)
    try:
        root = html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise MapperError(f"cannot parse HTML: {exc}", path=path) from None
    return root
