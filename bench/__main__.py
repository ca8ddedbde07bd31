"""Run every benchmark: ``python -m bench [name ...]``.

Each ``bench/bench_*.py`` module has a ``main() -> None`` that prints one figure per line as ``name: value unit``.
Figures are printed, never asserted: speed and memory targets are read, not enforced by the test suite.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.WARNING)
    wanted = set(argv)
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.startswith("bench_"))
    for name in names:
        short = name.removeprefix("bench_")
        if wanted and short not in wanted and name not in wanted:
            continue
        print(f"# {short}", flush=True)
        importlib.import_module(f"bench.{name}").main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
