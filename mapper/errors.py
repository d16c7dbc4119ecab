"""One error type for everything the user can get wrong.

Every stage raises :class:`MapperError` for bad input; the CLI prints ``str(err)`` as a
single line (``file:line: problem``) and exits non-zero. Tracebacks are for bugs only.
"""
from __future__ import annotations


class MapperError(Exception):
    """A user-facing error: names the file, optionally the line, and the problem."""

    def __init__(self, problem: str, *, path: str | None = None, line: int | None = None,
                 exit_code: int = 2) -> None:
        super().__init__(problem)
        self.problem = problem
        self.path = path
        self.line = line
        self.exit_code = exit_code

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        return f"{where}{self.problem}"
