"""Placeholder: registers no commands yet (owned by the taxonomy work)."""
from __future__ import annotations


def register(sub) -> None:
    return None
