"""The layout in docs/architecture.md names every app in the layer import-linter holds it
to, so the map cannot drift from the house."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def layers() -> dict[str, int]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    contract = next(c for c in config["contracts"] if c["id"] == "layers")
    found = {}
    for depth, layer in enumerate(reversed(contract["layers"])):
        for module in layer.split("|"):
            found[module.strip().removeprefix("kindred.")] = depth - 1  # engines sit below 0
    return found


def test_every_app_is_in_a_layer_and_documented_in_it() -> None:
    apps = {p.name for p in (ROOT / "kindred").iterdir() if (p / "__init__.py").exists()}
    held = layers()
    assert apps == set(held), apps ^ set(held)
    readme = (ROOT / "docs" / "architecture.md").read_text()
    for app, depth in held.items():
        if app == "engines":
            assert re.search(r"^  engines/\s+below all", readme, re.M)
            continue
        assert re.search(rf"^  {app}/\s+layer {depth}:", readme, re.M), app
