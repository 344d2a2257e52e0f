"""`lightning-skill package`: one validated .skill zip that works unzipped in an empty folder."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from lightning_skill.cli import main
from lightning_skill.package import frontmatter_problems


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    assert main(["package", "--out", str(out)]) == 0
    return out / "pytorch-lightning.skill"


def test_bundle_holds_the_skill_and_nothing_else(bundle: Path):
    names = zipfile.ZipFile(bundle).namelist()
    assert all(n.startswith("pytorch-lightning/") for n in names)
    tops = {n.split("/")[1] for n in names}
    assert tops == {
        "SKILL.md",
        "references",
        "templates",
        "scripts",
        "src",
        "pyproject.toml",
        "README.md",
    }
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc") or "/_skill/" in n]
    assert "pytorch-lightning/src/lightning_skill/cli.py" in names
    assert "pytorch-lightning/templates/project/.github/workflows/ci.yml.j2" in names


def test_bundle_is_reproducible(bundle: Path, tmp_path: Path):
    assert main(["package", "--out", str(tmp_path)]) == 0
    again = tmp_path / "pytorch-lightning.skill"
    digest = [hashlib.sha256(p.read_bytes()).hexdigest() for p in (bundle, again)]
    assert digest[0] == digest[1]


def test_skill_creator_rules_catch_bad_frontmatter(tmp_path: Path):
    bad = tmp_path / "SKILL.md"
    bad.write_text("---\nname: Not_Kebab\ndescription: uses <tags>\nextra: 1\n---\nbody\n")
    problems = frontmatter_problems(bad)
    assert any("kebab" in p for p in problems)
    assert any("< or >" in p for p in problems)
    assert any("'extra'" in p for p in problems)


def test_out_that_is_a_file_is_a_usage_error(tmp_path: Path, capsys):
    blocker = tmp_path / "dist"
    blocker.write_text("")
    assert main(["package", "--out", str(blocker)]) == 2
    assert "--out" in capsys.readouterr().err


def _python_without_the_toolkit(folder: Path) -> Path:
    """A venv that sees this one's packages (torch, Lightning, ...) but not lightning_skill.

    A site-packages folder named in a .pth file is put on sys.path without running its own .pth
    files, so the editable install of lightning_skill stays invisible: the bundle must bring it.
    """
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    python = folder / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    packages = Path(yaml.__file__).resolve().parents[1]  # where this venv's packages live
    (Path(purelib) / "outer.pth").write_text(f"{packages}\n")
    probe = subprocess.run([str(python), "-c", "import lightning_skill.cli"], capture_output=True)
    assert probe.returncode != 0, "lightning_skill leaked into the bare interpreter"
    return python


@pytest.mark.slow
def test_unzipped_bundle_scaffolds_and_validates_from_an_empty_folder(bundle: Path, tmp_path):
    """The round trip CI makes: unzip, then scaffold -> validate with `python scripts/...`."""
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(tmp_path / "unzipped")
    skill = tmp_path / "unzipped" / "pytorch-lightning"
    work = tmp_path / "work"
    work.mkdir()
    python = _python_without_the_toolkit(tmp_path / "venv")
    env = {"PATH": "/usr/bin:/bin", "CUDA_VISIBLE_DEVICES": "", "HOME": str(tmp_path)}

    def script(name: str, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(python), str(skill / "scripts" / f"{name}.py"), *args],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )

    new = script("new", "demo", "--json")
    assert new.returncode == 0, new.stderr
    assert json.loads(new.stdout)["task"] == "image-classification"
    checks = "import,discover,instantiate,fit,validate,test,predict"
    result = script("validate", "demo", "--checks", checks, "--json")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    report = json.loads(result.stdout)
    reports = report if isinstance(report, list) else report.get("reports", [report])
    assert all(c["status"] == "pass" for r in reports for c in r["checks"])
