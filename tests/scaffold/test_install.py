"""A generated project installed the ordinary way (``pip install .``, not editable) and run from
another folder finds the configs it ships inside its package; a missing one is an error."""

from __future__ import annotations

import sys
import sysconfig
from pathlib import Path

import pytest
from scaffold_helpers import Cell, run, scaffold

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path, str]:
    """(the venv's python, the installed package folder, the package name)."""
    root = tmp_path_factory.mktemp("install")
    project = scaffold(Cell("image-classification", "synthetic", "cpu-debug", "csv"), root)
    venv = root / "venv"
    made = run([sys.executable, "-m", "venv", str(venv)])
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    site = Path(
        run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]
        ).stdout.strip()
    )
    # Reuse this environment's packages (torch, Lightning, hatchling): nothing is downloaded.
    # addsitedir, not a bare path line: it also reads that folder's own .pth files.
    parent = sysconfig.get_paths()["purelib"]
    (site / "zz_parent.pth").write_text(f"import site; site.addsitedir({parent!r})\n")
    pip = run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
         str(project)],
        timeout=600,
    )  # fmt: skip
    assert pip.returncode == 0, pip.stdout[-2000:] + pip.stderr[-2000:]
    package = project.name
    return python, site / package, package


def test_installed_project_uses_its_shipped_configs_from_another_folder(installed, tmp_path):
    python, package_dir, package = installed
    assert (package_dir / "configs" / "default.yaml").is_file()
    printed = run([str(python), "-m", package, "fit", "--print_config"], cwd=tmp_path)
    assert printed.returncode == 0, printed.stderr[-3000:]
    config = printed.stdout
    # What configs/default.yaml and the cpu-debug preset set, not the Trainer's own defaults.
    assert "max_epochs: 10" in config
    assert "lightning.pytorch.callbacks.ModelCheckpoint" in config
    assert "accelerator: cpu" in config


def test_installed_project_switches_preset_by_name_from_another_folder(installed, tmp_path):
    """--preset NAME finds the preset where default.yaml was found (a -c path would not: the
    cwd holds no configs/); an unknown name is one line and exit 2."""
    python, _, package = installed
    printed = run([str(python), "-m", package, "fit", "--preset", "ddp", "--print_config"],
                  cwd=tmp_path)  # fmt: skip
    assert printed.returncode == 0, printed.stderr[-3000:]
    assert "strategy: ddp" in printed.stdout and "accelerator: gpu" in printed.stdout
    assert "max_epochs: 10" in printed.stdout  # default.yaml still under it
    wrong = run([str(python), "-m", package, "fit", "--preset=nope"], cwd=tmp_path)
    assert wrong.returncode == 2
    assert wrong.stderr.strip().count("\n") == 0 and "cpu-debug, ddp" in wrong.stderr


def test_a_missing_config_is_a_one_line_error(installed, tmp_path):
    python, package_dir, package = installed
    default = package_dir / "configs" / "default.yaml"
    kept = default.read_text(encoding="utf-8")
    default.unlink()
    try:
        done = run([str(python), "-m", package, "fit", "--print_config"], cwd=tmp_path)
    finally:
        default.write_text(kept, encoding="utf-8")
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().count("\n") == 0 and "default.yaml" in done.stderr


def test_installed_search_reads_the_shipped_search_space_from_another_folder(installed, tmp_path):
    """configs/search.yaml ships too, and the search finds it where fit finds default.yaml."""
    python, package_dir, package = installed
    assert (package_dir / "configs" / "search.yaml").is_file()
    # --n-trials 0 is refused only after the space file is read and each of its keys found in
    # the configuration (no trial runs); a space file not found is refused before that.
    done = run(
        [str(python), "-m", f"{package}.experiments.search", "--n-trials", "0", "--out", "out"],
        cwd=tmp_path,
    )
    assert done.returncode == 2, done.stderr[-3000:]
    assert (
        done.stderr.strip()
        .splitlines()[-1]
        .endswith("n_trials: expected a whole number >= 1, got 0")
    )
