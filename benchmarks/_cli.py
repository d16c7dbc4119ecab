"""What every benchmark script does at its entry point: a MapperError (no compiled taxonomy,
an unreadable input ...) is one line on stderr and exit status 2, not a traceback."""
from __future__ import annotations

import sys

from mapper.errors import MapperError


def run(main) -> int:
    try:
        return main()
    except MapperError as err:
        print(f"{sys.argv[0]}: error: {err}", file=sys.stderr)
        return 2
