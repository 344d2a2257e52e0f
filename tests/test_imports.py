"""Commands import their domain modules inside ``run()``: building the parser needs nothing
beyond the standard library, and ``lookup``/``catalog`` run where jinja2 (and torch) are not
installed. A ``sys.meta_path`` finder in a fresh interpreter makes those packages missing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

BLOCK = """
import importlib.abc, runpy, sys
BLOCKED = set(sys.argv[1].split(","))
class Missing(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r} (blocked)", name=name)
        return None
sys.meta_path.insert(0, Missing())
script, sys.argv = sys.argv[2], sys.argv[2:]
if script == "-parser":
    sys.path.insert(0, sys.argv[1])
    from lightning_skill.cli import build_parser
    build_parser()
    heavy = {"jinja2", "yaml", "torch", "lightning", "libcst", "rich"}
    print(json.dumps(sorted(m for m in heavy if m in sys.modules)))
else:
    sys.path.insert(0, os.path.dirname(script))  # as `python scripts/x.py` would
    runpy.run_path(script, run_name="__main__")
""".replace("import importlib.abc,", "import json, os, importlib.abc,")


def run_blocked(blocked: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", BLOCK, blocked, *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )


def test_building_the_parser_imports_no_domain_package():
    result = run_blocked("jinja2,torch,lightning", "-parser", str(REPO / "src"))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_lookup_script_runs_without_jinja2_yaml_or_torch():
    result = run_blocked(
        "jinja2,yaml,torch,lightning,libcst", "scripts/lookup.py", "resume from checkpoint"
    )
    assert result.returncode == 0, result.stderr
    assert "checkpoint" in result.stdout.lower()


def test_catalog_script_runs_without_jinja2_or_torch():
    result = run_blocked("jinja2,torch,lightning,libcst", "scripts/catalog.py", "--json")
    assert result.returncode == 0, result.stderr
    assert "image-classification" in json.loads(result.stdout)["tasks"]


@pytest.mark.parametrize("command", ["new", "wrap", "render"])
def test_a_script_whose_dependency_is_missing_says_so_in_one_line(command):
    result = run_blocked("jinja2", f"scripts/{command}.py", "--help")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "jinja2" in result.stderr and "Traceback" not in result.stderr


def test_new_imports_neither_validate_nor_report(tmp_path):
    """`new` renders and writes; validate's check registry, plan and the report module (what
    `validate --help` is built from) stay unimported on its path, which is timed as scaffold
    latency (benchmarks/scaffold_latency.py)."""
    code = (
        "import json, sys\n"
        "from lightning_skill.cli import main\n"
        f"rc = main(['new', {str(tmp_path / 'proj')!r}, '--task', 'tabular-classification'])\n"
        "loaded = [m for m in sys.modules if m.startswith(('lightning_skill.validate',"
        " 'lightning_skill.report'))]\n"
        "print(json.dumps([rc, sorted(loaded)]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=REPO
    )
    assert result.returncode == 0, result.stderr
    rc, loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert rc == 0 and (tmp_path / "proj" / "configs" / "default.yaml").is_file()
    assert loaded == []


def test_validate_help_still_lists_its_checks():
    """The parser configures only the command being run; `validate --help` still builds its
    help from the check registry."""
    result = subprocess.run(
        [sys.executable, "-m", "lightning_skill", "validate", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    assert "--checks" in result.stdout and "overfit" in result.stdout
