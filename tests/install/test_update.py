"""`lightning-skill update`: a generated project follows the templates and keeps the user's edits.

A template change is simulated by rewinding the recorded pristine render (the merge base) and
the files on disk to an "older template" text, then updating to today's templates.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from lightning_skill.answers import ANSWERS_FILE, BASE_FILE
from lightning_skill.cli import main

MODEL = "src/demo/model.py"


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("update") / "demo"
    assert main(["new", str(target)]) == 0
    return target


@pytest.fixture
def project(pristine: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "demo"
    shutil.copytree(pristine, copy)
    return copy


def _rewind(project: Path, rel: str, old: str, on_disk: str | None) -> None:
    """Pretend ``old`` was the template's text for ``rel``; the user's file is ``on_disk``."""
    base_path = project / BASE_FILE
    base = json.loads(base_path.read_text())
    base[rel] = old
    base_path.write_text(json.dumps(base))
    if on_disk is None:
        (project / rel).unlink()
    else:
        (project / rel).write_text(on_disk)


def _older_template(text: str) -> str:
    """The current text with its first line changed: what an older template rendered."""
    first, rest = text.split("\n", 1)
    return "# older template header\n" + rest if first else "# older\n" + rest


def test_new_records_answers_and_the_pristine_render(pristine: Path):
    answers = (pristine / ANSWERS_FILE).read_text()
    assert "task: image-classification" in answers and "package: demo" in answers
    base = json.loads((pristine / BASE_FILE).read_text())
    assert base[MODEL] == (pristine / MODEL).read_text()
    assert ANSWERS_FILE not in base and BASE_FILE not in base


def test_fresh_project_is_up_to_date(project: Path, capsys):
    before = _tree(project)
    assert main(["update", str(project)]) == 0
    assert "up to date" in capsys.readouterr().out
    assert _tree(project) == before


def test_user_edit_survives_an_unrelated_template_change(project: Path):
    current = (project / MODEL).read_text()
    old = _older_template(current)
    edited = old.rstrip("\n") + "\n\n\n# my own note at the end\n"
    _rewind(project, MODEL, old, edited)
    assert main(["update", str(project)]) == 0
    merged = (project / MODEL).read_text()
    assert merged.startswith(current.split("\n", 1)[0])  # the template's change arrived
    assert merged.rstrip().endswith("# my own note at the end")  # the user's edit stayed
    assert "<<<<<<<" not in merged
    # The merge base now is today's render: a second update has nothing to merge.
    assert json.loads((project / BASE_FILE).read_text())[MODEL] == current


def test_conflicting_edit_is_marked_not_resolved(project: Path, capsys):
    current = (project / MODEL).read_text()
    old = _older_template(current)
    mine = "# my header\n" + old.split("\n", 1)[1]
    _rewind(project, MODEL, old, mine)
    assert main(["update", str(project)]) == 1
    text = (project / MODEL).read_text()
    assert "<<<<<<< yours" in text and ">>>>>>> template update" in text
    assert "# my header" in text and current.split("\n", 1)[0] in text
    assert "conflict" in capsys.readouterr().out


def test_untouched_file_is_updated_and_deleted_file_stays_deleted(project: Path):
    readme = (project / "README.md").read_text()
    _rewind(project, "README.md", "old readme\n", "old readme\n")
    _rewind(project, "scripts/slurm.sbatch", "old script\n", None)
    assert main(["update", str(project)]) == 0
    assert (project / "README.md").read_text() == readme
    assert not (project / "scripts/slurm.sbatch").exists()


def test_file_dropped_by_the_templates_is_removed_only_if_untouched(project: Path):
    base = json.loads((project / BASE_FILE).read_text())
    base["old_untouched.py"] = "x = 1\n"
    base["old_edited.py"] = "y = 1\n"
    (project / BASE_FILE).write_text(json.dumps(base))
    (project / "old_untouched.py").write_text("x = 1\n")
    (project / "old_edited.py").write_text("y = 2\n")
    assert main(["update", str(project)]) == 0
    assert not (project / "old_untouched.py").exists()
    assert (project / "old_edited.py").read_text() == "y = 2\n"


def test_dry_run_writes_nothing(project: Path, capsys):
    _rewind(project, "README.md", "old readme\n", "old readme\n")
    before = _tree(project)
    assert main(["update", str(project), "--dry-run", "--json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert {"path": "README.md", "action": "update", "why": "untouched since generated"} in plan[
        "steps"
    ]
    assert _tree(project) == before


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_dirty_git_tree_is_refused_unless_allowed(project: Path, capsys):
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "generated")
    _rewind(project, "README.md", "old readme\n", "old readme\n")  # uncommitted
    before = _tree(project)
    assert main(["update", str(project)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "uncommitted changes" in err
    assert _tree(project) == before
    assert main(["update", str(project), "--allow-dirty"]) == 0


@pytest.mark.parametrize(
    "answers, field",
    [
        ("task: [", ANSWERS_FILE),
        ("format: 1\ntask: 3\n", ANSWERS_FILE),
        ("format: 99\n", ANSWERS_FILE),
    ],
)
def test_bad_answers_are_one_line_usage_errors(project: Path, capsys, answers, field):
    (project / ANSWERS_FILE).write_text(answers)
    assert main(["update", str(project)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and field in err


def test_project_without_answers_is_refused(tmp_path: Path, capsys):
    assert main(["update", str(tmp_path)]) == 2
    assert "was not made by `lightning-skill new`" in capsys.readouterr().err


def test_updated_project_with_merged_edit_validates(project: Path, warm_pool):
    from lightning_skill.validate import validate_many

    current = (project / MODEL).read_text()
    old = _older_template(current)
    _rewind(project, MODEL, old, old.rstrip("\n") + "\n\n\nUSER_CONSTANT = 3\n")
    assert main(["update", str(project)]) == 0
    (report,) = validate_many(
        [project], checks=["import", "discover", "instantiate", "fit"], runner=warm_pool
    )
    assert report.passed, [(c.name, c.status, c.message) for c in report.checks]
