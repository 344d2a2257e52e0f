"""Every bad ``validate`` argument is a usage error (exit 2, one line naming the option) found
before anything runs: no pool is started, no check is run, no traceback after a passing run."""

from __future__ import annotations

import os

import pytest
from validate_helpers import module

import lightning_skill.validate as validate_pkg
from lightning_skill.cli import main


@pytest.fixture
def nothing_runs(monkeypatch):
    """validate_many must not be reached: a bad argument is refused before it."""

    def refuse(*_args, **_kwargs):
        raise AssertionError("validation ran despite a bad argument")

    monkeypatch.setattr(validate_pkg, "validate_many", refuse)


def _usage(capsys, *argv: str) -> str:
    try:
        code = main(["validate", str(module("good")), *argv])
    except SystemExit as exc:  # argparse's own errors (e.g. a non-integer)
        code = exc.code
    err = capsys.readouterr().err.strip()
    assert code == 2, err
    assert len(err.splitlines()) == 1, err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["--timeout", "nan"], "--timeout"),
        (["--timeout", "inf"], "--timeout"),
        (["--timeout", "0"], "--timeout"),
        (["--ddp-timeout", "-5"], "--ddp-timeout"),
        (["--ddp-timeout", "nan"], "--ddp-timeout"),
        (["--memory-mb", "1e13"], "--memory-mb"),
        (["--memory-mb", "10000000000000"], "--memory-mb"),
        (["--memory-mb", "0"], "--memory-mb"),
        (["--checks", ","], "--checks"),
        (["--checks", " , ,"], "--checks"),
        (["--checks", "fit,nope"], "--checks"),
        (["--init-args", '{"model": 5}'], "--init-args"),
        (["--init-args", '{"modle": {}}'], "--init-args"),
        (["--init-args", "[1]"], "--init-args"),
        (["--init-args", "{"], "--init-args"),
        (["--jobs", "0"], "--jobs"),
        (["--overfit-steps", "1"], "--overfit-steps"),
    ],
)
def test_bad_values_exit_2_naming_the_option(capsys, nothing_runs, argv, option):
    assert option in _usage(capsys, *argv)


def test_report_and_junit_paths_are_checked_before_running(capsys, nothing_runs, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    assert "--junit" in _usage(capsys, "--junit", str(folder))
    assert "--report" in _usage(capsys, "--report", str(folder))
    assert "--report" in _usage(capsys, "--report", str(a_file / "report.json"))
    assert "--artifacts" in _usage(capsys, "--artifacts", str(a_file))
    assert "--artifacts" in _usage(capsys, "--artifacts", str(a_file / "sub"))


def test_an_unwritable_report_folder_is_refused(capsys, nothing_runs, tmp_path):
    # /proc/self takes no new files, for root too (a mode-0500 folder would not stop root).
    assert "--report" in _usage(capsys, "--report", "/proc/self/report.json")
    assert "--junit" in _usage(capsys, "--junit", "/proc/self/sub/junit.xml")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    if os.geteuid() != 0:
        assert "--report" in _usage(capsys, "--report", str(locked / "r.json"))


def test_good_paths_pass_the_checks(nothing_runs, tmp_path):
    """The same checks accept a new file in a folder still to be made (no false refusal)."""
    with pytest.raises(AssertionError, match="validation ran"):
        main(
            [
                "validate",
                str(module("good")),
                "--report",
                str(tmp_path / "new" / "deeper" / "report.json"),
                "--junit",
                str(tmp_path / "junit.xml"),
                "--artifacts",
                str(tmp_path / "plots"),
                "--init-args",
                '{"model": {}, "datamodule": {}}',
                "--checks",
                "import,fit",
            ]
        )


def test_validate_many_refuses_an_empty_check_list():
    from lightning_skill.errors import UsageError

    with pytest.raises(UsageError, match="--checks"):
        validate_pkg.validate_many([module("good")], checks=[])
    with pytest.raises(UsageError, match="--timeout"):
        validate_pkg.validate_many([module("good")], timeout=float("nan"))


def test_isolate_without_bubblewrap_is_a_usage_error_not_a_silent_fallback(
    capsys, nothing_runs, monkeypatch, tmp_path
):
    monkeypatch.setenv("PATH", str(tmp_path))  # no bwrap on it
    err = _usage(capsys, "--isolate")
    assert "--isolate" in err and "bubblewrap" in err
