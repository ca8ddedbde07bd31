"""Run the benchmarks: ``python -m bench [name ...]``.

Each ``bench/bench_*.py`` module has a ``main() -> None`` that prints one figure per line as ``name: value unit``.
Figures are printed, never asserted: speed targets are read, not enforced by the test suite. Without names, every
benchmark runs except those of :data:`ON_REQUEST` (``sync`` runs real workers for minutes on PostgreSQL: ``python
-m bench sync``).
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import sys
from pathlib import Path

ON_REQUEST = frozenset({"sync"})


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.WARNING)
    wanted = set(argv)
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.startswith("bench_"))
    for name in names:
        short = name.removeprefix("bench_")
        if (wanted and short not in wanted and name not in wanted) or (not wanted and short in ON_REQUEST):
            continue
        print(f"# {short}", flush=True)
        importlib.import_module(f"bench.{name}").main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
