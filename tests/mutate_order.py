"""For `make mutate` only: run each mutant's tests fastest first, so that a killed mutant costs little.

mutmut runs, for each mutant, the tests that reached the mutated function, stopping at the first
failure (`-x`), in no particular order. Its first pass records each test's duration in
`mutmut-stats.json` (in the `mutants/` folder it runs from); this plugin, loaded with
`-p tests.mutate_order` (see `[tool.mutmut]` in pyproject.toml), sorts the tests by it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Sort the collected tests by the duration mutmut recorded, fastest first (unknown ones last)."""
    stats = Path("mutmut-stats.json")
    if not stats.is_file():
        return
    durations: dict[str, float] = json.loads(stats.read_text(encoding="utf-8")).get("duration_by_test", {})
    items.sort(key=lambda item: durations.get(item.nodeid, float("inf")))
