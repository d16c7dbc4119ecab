"""Placeholder: registers no commands yet (owned by the map work)."""
from __future__ import annotations


def register(sub) -> None:
    return None
