"""Authoring: `facilitator new` (starter files), `facilitator import` (primers), the YAML reference."""
