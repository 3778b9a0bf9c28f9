"""The limits Dragoman keeps on what people bring in, each in one place (sizes can be set in the environment)."""

from __future__ import annotations

PRIORITY = (-1_000_000, 1_000_000)  # a piece's priority, lowest and highest (higher comes first)
JSON_DEPTH = 32  # nesting of arrays and objects in an imported JSON file
