"""Emitters: PageMapping -> JSON, CSV, SSSOM TSV, RDF (ttl, nt, nq, trig, jsonld)."""
