"""Placeholder: registers no commands yet (owned by the store work)."""
from __future__ import annotations


def register(sub) -> None:
    return None
