"""Run the benchmarks in bench/bench_*.py and merge their numbers into bench/results.json.

    python bench/run.py            every module
    python bench/run.py seed ...   only bench_seed.py (the "bench_" prefix is optional)

Use scripts/bench.sh (or `make bench ONLY=seed`), which provides a migrated
database. Each module exposes `run()` returning
{"metric name": {"value": number, "unit": str, "target": str}, ...}; see bench/README.md.
"""

import importlib
import json
import math
import os
import sys
import time
import traceback
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results.json"


def discover() -> list[str]:
    return sorted(p.stem for p in BENCH_DIR.glob("bench_*.py"))


def select(available: list[str], wanted: list[str]) -> list[str]:
    if not wanted:
        return available
    chosen = []
    for name in wanted:
        module = name if name.startswith("bench_") else f"bench_{name}"
        module = module.removesuffix(".py")
        if module not in available:
            sys.exit(f"bench: no bench/{module}.py (available: {', '.join(available) or 'none'})")
        chosen.append(module)
    return chosen


def validate(module: str, result) -> dict:
    if not isinstance(result, dict):
        raise TypeError(f"{module}.run() returned {type(result).__name__}, expected dict")
    for name, entry in result.items():
        where = f"{module}.run()[{name!r}]"
        if not isinstance(name, str) or not isinstance(entry, dict):
            raise TypeError(f"{where}: expected str -> dict")
        missing = {"value", "unit", "target"} - entry.keys()
        if missing:
            raise TypeError(f"{where}: missing {', '.join(sorted(missing))}")
        value = entry["value"]
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise TypeError(f"{where}: value must be a finite number, got {value!r}")
        if not isinstance(entry["unit"], str) or not isinstance(entry["target"], str):
            raise TypeError(f"{where}: unit and target must be strings")
    return result


def fmt(name: str, entry: dict) -> str:
    return f"{name:<44} {entry['value']:>12.6g} {entry['unit']:<8} target: {entry['target']}"


def main(argv: list[str]) -> int:
    modules = select(discover(), argv)
    if not modules:
        print("bench: no bench/bench_*.py modules yet")
        return 0

    sys.path[:0] = [str(ROOT), str(BENCH_DIR)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "materielehulp.settings")
    import django

    django.setup()

    merged: dict = {}
    if RESULTS.exists():
        try:
            merged = json.loads(RESULTS.read_text())
        except ValueError:
            merged = {}
    failed = []
    produced: dict[str, str] = {}
    for module in modules:
        print(f"== {module}", flush=True)
        started = time.perf_counter()
        try:
            result = validate(module, importlib.import_module(module).run())
        except Exception:
            traceback.print_exc()
            failed.append(module)
            continue
        for name, entry in result.items():
            if name in produced:
                print(f"bench: {module} and {produced[name]} both report {name!r}", file=sys.stderr)
                failed.append(module)
            produced[name] = module
            merged[name] = entry
            print(fmt(name, entry), flush=True)
        print(f"   ({module} took {time.perf_counter() - started:.1f} s)", flush=True)

    RESULTS.write_text(
        json.dumps(dict(sorted(merged.items())), indent=2, ensure_ascii=False) + "\n"
    )
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    if failed:
        print(f"bench: FAILED: {', '.join(dict.fromkeys(failed))}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
