"""facilitator: build slide decks, handouts and facilitator guides for workshops from one YAML file.

from facilitator import build
build("workshops/allyship-intro.yaml", out="output")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["build", "check", "load_plan"]

if TYPE_CHECKING:
    from facilitator.api import build, check, load_plan


def __getattr__(name: str) -> Any:
    # Imported on first use so that `facilitator --help` stays fast.
    if name in __all__:
        from facilitator import api

        return getattr(api, name)
    raise AttributeError(name)
