"""Small behaviours shared by the records of several stages."""
from __future__ import annotations


class QNamed:
    """For records with ``prefix``, ``local_name`` and ``namespace``: QName and concept IRI."""
    prefix: str
    local_name: str
    namespace: str

    @property
    def qname(self) -> str:
        return f"{self.prefix}:{self.local_name}"

    @property
    def iri(self) -> str:
        """Concept IRI as the linked-data convention has it: namespace + '#' + local name."""
        return f"{self.namespace}#{self.local_name}"


class HasParts:
    """For references with ordered ``parts`` ((name, value), ...)."""
    parts: tuple[tuple[str, str], ...]

    def part(self, name: str) -> str | None:
        for k, v in self.parts:
            if k == name:
                return v
        return None
