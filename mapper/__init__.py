"""xbrl-mapper: resolve financial-statement lines to US GAAP taxonomy concepts.

Pipeline (one module per stage):

    mapper.rpage      input parsers     file -> Page
    mapper.taxonomy   taxonomy index    official package -> compiled SQLite index
    mapper.resolve    candidates, scoring and joint assignment: Page -> PageMapping
    mapper.emit       JSON / CSV / SSSOM / RDF emitters
    mapper.store      pyoxigraph store, SPARQL query, HTTP endpoint, push/export
"""

__version__ = "0.1.0"
