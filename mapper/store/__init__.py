"""Persistent SPARQL store (pyoxigraph), queries, HTTP endpoint, push to remote stores."""
