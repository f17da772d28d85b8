"""Summarise the last `make mutate` run: mutants per guard module by outcome, then the survivors.

Reads mutmut's results in `mutants/` (one `.meta` file per mutated module) and prints a table
(killed, survived, no test reached it, timed out, other) and each survivor's name, which
`.venv/bin/mutmut show NAME` turns into its diff. Run by `make mutate` after mutmut.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

MUTANTS = Path(__file__).resolve().parent.parent / "mutants"
OUTCOMES = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests", 36: "timeout"}
OUTCOMES |= dict.fromkeys((-24, 24, 152, 255), "timeout")
COLUMNS = ("killed", "survived", "no tests", "timeout", "other")


def main() -> int:
    """Print the table and the survivors; return 1 when there is no result to read."""
    metas = sorted(MUTANTS.glob("facilitator/**/*.py.meta"))
    if not metas:
        print("no mutmut results in mutants/; run `make mutate`", file=sys.stderr)
        return 1
    survivors: list[str] = []
    print(f"{'module':<40}" + "".join(f"{c:>10}" for c in COLUMNS))
    for meta in metas:
        codes: dict[str, int | None] = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        counts = Counter(OUTCOMES.get(code, "other") for code in codes.values() if code is not None)
        counts["other"] += sum(code is None for code in codes.values())
        survivors += sorted(name for name, code in codes.items() if code == 0)
        module = str(meta.relative_to(MUTANTS)).removesuffix(".meta")
        print(f"{module:<40}" + "".join(f"{counts[c]:>10}" for c in COLUMNS))
    print(f"\n{len(survivors)} survivors:")
    for name in survivors:
        print(f"  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
