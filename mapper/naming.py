"""Small behaviours shared by the records of several stages."""
from __future__ import annotations

from typing import Protocol


# What the mixins read, as read-only protocols (not attributes of their own: the records that
# use them are dataclasses, frozen or not, which declare these fields themselves).
class _QNameParts(Protocol):
    @property
    def prefix(self) -> str: ...
    @property
    def local_name(self) -> str: ...
    @property
    def namespace(self) -> str: ...


class _PartsOwner(Protocol):
    @property
    def parts(self) -> tuple[tuple[str, str], ...]: ...


class QNamed:
    """For records with ``prefix``, ``local_name`` and ``namespace``: QName and concept IRI."""

    @property
    def qname(self: _QNameParts) -> str:
        return f"{self.prefix}:{self.local_name}"

    @property
    def iri(self: _QNameParts) -> str:
        """Concept IRI as the linked-data convention has it: namespace + '#' + local name."""
        return f"{self.namespace}#{self.local_name}"


class HasParts:
    """For references with ordered ``parts`` ((name, value), ...)."""

    def part(self: _PartsOwner, name: str) -> str | None:
        for k, v in self.parts:
            if k == name:
                return v
        return None
