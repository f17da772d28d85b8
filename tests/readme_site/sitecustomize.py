"""Loaded at start-up by every Python process the README test runs (its folder is on PYTHONPATH).

When `FACILITATOR_FORK_LOG` names a file, the process sees two cores whatever the machine
has, so that a lone workshop's guide renders in a forked process as it does on a laptop, and
every such fork is logged (one line: the renderers and the output folder) for the test to read.
"""

from __future__ import annotations

import os

_LOG = os.environ.get("FACILITATOR_FORK_LOG")

if _LOG:
    from facilitator.build import fork

    _real_cores = fork.cores
    _real_init = fork.Child.__init__

    def _cores() -> int:
        return max(2, _real_cores())

    def _init(self, work, staging, what) -> None:  # type: ignore[no-untyped-def]
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{' '.join(what)} {staging.out_dir}\n")
        _real_init(self, work, staging, what)

    fork.cores = _cores
    fork.Child.__init__ = _init  # type: ignore[method-assign]
