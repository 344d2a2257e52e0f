"""The toolkit works from an installed wheel and from the bare skill folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (path,) = out.glob("lightning_skill-*.whl")
    return path


def _bare_venv(root: Path) -> Path:
    venv.EnvBuilder(with_pip=False).create(root)
    return root / "bin" / "python"


def test_wheel_carries_templates_references_and_skill_md(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "lightning_skill/_skill/SKILL.md" in names
    assert "lightning_skill/_skill/templates/catalog.yaml" in names
    assert any(n.startswith("lightning_skill/_skill/templates/tasks/") for n in names)
    assert any(n.startswith("lightning_skill/_skill/references/") for n in names)


def test_installed_wheel_scaffolds_and_validates_outside_the_checkout(wheel, tmp_path):
    python = _bare_venv(tmp_path / "venv")
    # Install only the wheel; reuse this environment's torch/lightning through a .pth line
    # (installing torch again would take minutes and gigabytes).
    site = Path(
        subprocess.check_output(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            text=True,
        ).strip()
    )
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    # Every site-packages folder this interpreter sees: a venv that itself borrows another's
    # packages through a .pth line (nested .pth files are not read) needs them all listed.
    borrowed = [sysconfig.get_paths()["purelib"]]
    borrowed += [p for p in sys.path if p.endswith("site-packages") and p not in borrowed]
    (site / "deps.pth").write_text("\n".join(borrowed) + "\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    where = subprocess.run(
        [str(python), "-c", "import lightning_skill; print(lightning_skill.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert where.stdout.startswith(str(site)), where.stdout + where.stderr
    project = tmp_path / "from_wheel"
    made = subprocess.run(
        [str(python), "-m", "lightning_skill", "new", str(project)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    checked = subprocess.run(
        [
            str(python),
            "-m",
            "lightning_skill",
            "validate",
            str(project),
            "--json",
            "--checks",
            "import,discover,instantiate,fit",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert checked.returncode == 0, checked.stdout[-3000:] + checked.stderr[-3000:]
    assert json.loads(checked.stdout)["passed"] is True


def test_scripts_run_from_the_skill_folder_without_installing(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    target = tmp_path / "via_script"
    made = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "new.py"), str(target), "--json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    assert (target / "configs" / "default.yaml").is_file()


def test_scripts_print_an_install_hint_when_dependencies_are_missing(tmp_path):
    python = _bare_venv(tmp_path / "bare")  # no jinja2, no yaml, no torch
    result = subprocess.run(
        [str(python), str(REPO / "scripts" / "new.py"), str(tmp_path / "x")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "pip install" in lines[0] and "jinja2" in lines[0]
    assert not (tmp_path / "x").exists()
