"""The house's layers hold (pyproject.toml, [tool.importlinter]), and an
upward import breaks them: the same check `make lint` runs, once on the
code as it is and once on a copy with one app importing from above."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(where: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(where / "pyproject.toml"), "--no-cache"],
        cwd=where,
        env={"PYTHONPATH": str(where), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_code_keeps_every_contract() -> None:
    found = lint_imports(ROOT)
    assert found.returncode == 0, found.stdout + found.stderr
    assert "Contracts: 4 kept, 0 broken." in found.stdout


def test_an_upward_import_breaks_the_layers(tmp_path: Path) -> None:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(
        ROOT / "kindred", tmp_path / "kindred", ignore=shutil.ignore_patterns("__pycache__")
    )
    low = tmp_path / "kindred" / "lib" / "text.py"
    low.write_text(low.read_text() + "\nfrom kindred.pages import views  # noqa\n")
    found = lint_imports(tmp_path)
    assert found.returncode != 0
    assert "kindred.lib is not allowed to import kindred.pages" in found.stdout
