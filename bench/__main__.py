"""Run every benchmark: each `bench/<name>.py` with a `main()`, or only those named on the command line.

`python -m bench` or `python -m bench ingest nab`. A module whose `main` needs arguments
(argparse exits with code 2 on an empty command line, e.g. a data generator) is reported and skipped.
"""

from __future__ import annotations

import importlib
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent


def names(wanted: list[str]) -> list[str]:
    found = sorted(p.stem for p in HERE.glob("*.py") if not p.stem.startswith("_"))
    unknown = set(wanted) - set(found)
    if unknown:
        raise SystemExit(f"benchmark(s) inconnu(s) : {', '.join(sorted(unknown))} ; disponibles : {', '.join(found)}")
    return wanted or found


def main() -> int:
    failed = 0
    for name in names(sys.argv[1:]):
        module = importlib.import_module(f"bench.{name}")
        if not callable(getattr(module, "main", None)):
            continue
        print(f"== bench.{name}", flush=True)
        started = time.perf_counter()
        sys.argv = [f"bench.{name}"]
        try:
            code = module.main([])
        except SystemExit as exc:
            code = exc.code
            if code == 2:  # argparse: this module needs arguments
                print(f"bench.{name} : ignoré (il demande des arguments : python -m bench.{name} --help)")
                code = 0
        except Exception:
            traceback.print_exc()
            code = 1
        print(f"== bench.{name} : {'ok' if not code else 'échec'} en {time.perf_counter() - started:.1f} s", flush=True)
        failed += bool(code)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
