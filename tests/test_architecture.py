"""The dependency rules of ARCHITECTURE.md, enforced by import-linter."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "import-linter is not installed in this environment"
    result = subprocess.run([lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "KEPT" in result.stdout and "BROKEN" not in result.stdout


@pytest.mark.parametrize("module, source, contract", [
    ("graph_engine/sneaky.py", "import flask\n", "graph_engine is pure"),
    ("backend/services/sneaky.py", "from ..schemas import accounts\n", "Services never import"),
    ("backend/services/sneaky.py", "from ..api import accounts\n", "Nothing imports api"),
    ("backend/engine/sneaky.py", "from ..services import accounts\n", "The engine imports neither"),
    ("backend/services/sneaky.py", "from ..engine import walker\n", "Services read the engine's"),
    ("backend/models/sneaky.py", "from ..segments import compile\n", "No import cycles"),
])
def test_each_contract_catches_a_forbidden_import(tmp_path, module, source, contract):
    """A contract that cannot fail proves nothing: break it on a copy and watch it fail."""
    shutil.copytree(ROOT / "graph_engine", tmp_path / "graph_engine")
    shutil.copytree(ROOT / "backend", tmp_path / "backend")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / module).write_text(source)
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    result = subprocess.run([lint, "--no-cache"], cwd=tmp_path, capture_output=True, text=True,
                            env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert result.returncode != 0
    broken = [line for line in result.stdout.splitlines() if " BROKEN" in line]
    assert any(line.startswith(contract) for line in broken), result.stdout
