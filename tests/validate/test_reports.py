"""Report formats: the JSON schema (stable, documented), JUnit XML, the human table, exit codes.

Built from hand-made results, so these run without torch."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from lightning_skill.report import (
    SCHEMA_VERSION,
    CheckResult,
    Report,
    format_many,
    many_to_dict,
    reports_to_json,
    write_junit,
)
from lightning_skill.validate.plan import ALL_CHECKS, DEFAULT_CHECKS, parse_checks, plan_jobs

CHECK_FIELDS = {
    "name": str,
    "status": str,
    "seconds": (int, float),
    "error_type": (str, type(None)),
    "message": (str, type(None)),
    "location": (str, type(None)),
    "hint": (str, type(None)),
    "reason": (str, type(None)),
    "details": dict,
}
REPORT_FIELDS = {
    "schema_version": int,
    "target": str,
    "kind": str,
    "passed": bool,
    "counts": dict,
    "environment": dict,
    "overrides": list,
    "checks": list,
}


def _report(target="/x/model.py", fail=True) -> Report:
    checks = [
        CheckResult("import", "pass", 0.1),
        CheckResult("fit", "pass", 1.0, details={"global_step": 1}),
    ]
    if fail:
        checks.append(
            CheckResult(
                "overfit",
                "fail",
                2.0,
                error_type="NotLearning",
                message="loss went from 2.3 to 2.2",
                location="/x/model.py:12",
                hint="the model cannot even memorise one batch",
                details={"curve": [2.3, 2.2]},
            )
        )
    checks.append(CheckResult("gpu", "skip", 0.0, reason="CUDA is not available"))
    return Report(target, "file", checks, environment={"torch": "2.14.1"})


def validate_report_dict(data: dict) -> None:
    """The documented schema (references/validate-report.md), field by field."""
    assert set(data) == set(REPORT_FIELDS)
    for key, kind in REPORT_FIELDS.items():
        assert isinstance(data[key], kind), key
    assert data["schema_version"] == SCHEMA_VERSION == 1
    assert data["kind"] in {"project", "file"}
    assert set(data["counts"]) == {"pass", "fail", "skip"}
    assert data["passed"] == (data["counts"]["fail"] == 0)
    for check in data["checks"]:
        assert set(check) == set(CHECK_FIELDS)
        for key, kind in CHECK_FIELDS.items():
            assert isinstance(check[key], kind), (key, check)
        assert check["status"] in {"pass", "fail", "skip"}
        assert check["name"] in ALL_CHECKS
        if check["status"] == "skip":
            assert check["reason"]
        if check["status"] == "fail":
            assert check["error_type"] and check["message"]


def test_one_target_json_follows_the_schema():
    data = json.loads(reports_to_json([_report()]))
    validate_report_dict(data)
    assert data["counts"] == {"pass": 2, "fail": 1, "skip": 1} and data["passed"] is False


def test_several_targets_json_wraps_the_reports():
    data = many_to_dict([_report("/a.py"), _report("/b.py", fail=False)])
    assert set(data) == {"schema_version", "passed", "counts", "reports"}
    assert data["passed"] is False and data["counts"]["pass"] == 4
    for report in data["reports"]:
        validate_report_dict(report)


def test_junit_has_one_suite_per_target_and_one_case_per_check(tmp_path):
    path = tmp_path / "out" / "junit.xml"
    write_junit([_report("/a.py"), _report("/b.py", fail=False)], path)
    root = ET.parse(path).getroot()
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("tests") for s in suites] == ["4", "3"]
    assert [s.get("failures") for s in suites] == ["1", "0"]
    failure = suites[0].find("testcase[@name='overfit']/failure")
    assert failure is not None and failure.get("type") == "NotLearning"
    assert "/x/model.py:12" in failure.text
    skipped = suites[0].find("testcase[@name='gpu']/skipped")
    assert skipped is not None and "CUDA" in skipped.get("message")


def test_junit_accepts_a_single_report(tmp_path):
    write_junit(_report(), tmp_path / "j.xml")
    assert len(ET.parse(tmp_path / "j.xml").getroot().findall("testsuite")) == 1


def test_human_table_is_compact_plain_text():
    text = format_many([_report("/a.py"), _report("/b.py", fail=False)])
    assert "FAIL  overfit" in text and "at /x/model.py:12" in text and "hint:" in text
    assert "SKIP  gpu" in text and "(CUDA is not available)" in text
    assert text.splitlines()[-1] == "FAILED: 1 of 2 targets passed"
    assert "\x1b[" not in text  # no colour codes when not on a terminal


def test_check_selection():
    assert parse_checks(None) == list(DEFAULT_CHECKS)
    assert parse_checks("fit, overfit") == ["fit", "overfit"]
    assert parse_checks("overfit,fit") == ["fit", "overfit"]  # canonical order
    assert parse_checks("all") == list(ALL_CHECKS)
    assert "ddp" not in DEFAULT_CHECKS and "ddp" in ALL_CHECKS
    from lightning_skill.errors import UsageError

    with pytest.raises(UsageError, match="--checks"):
        parse_checks("fit,nope")


def test_jobs_isolate_every_check_after_setup():
    setup, rest = plan_jobs(["import", "discover", "instantiate", "fit", "ddp"], "file")
    assert setup.checks == ("import", "discover", "instantiate")
    assert [j.checks for j in rest] == [("fit",), ("ddp",)]
    assert all(j.prelude == ("import", "discover", "instantiate") for j in rest)
    one, none = plan_jobs(["import", "fit"], "file", per_check=False)
    assert one.checks == ("import", "fit") and none == []


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--checks", "fit,bogus"], "--checks"),
        (["--timeout", "0"], "--timeout"),
        (["--jobs", "0"], "--jobs"),
        (["--init-args", "{not json"], "--init-args"),
        (["--overfit-steps", "1"], "--overfit-steps"),
    ],
)
def test_bad_options_exit_2_with_one_line(tmp_path, args, field):
    target = tmp_path / "m.py"
    target.write_text("x = 1\n")
    result = subprocess.run(
        [sys.executable, "-m", "lightning_skill", "validate", str(target), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and field in result.stderr


def test_the_parent_side_never_imports_torch():
    code = (
        "import sys\n"
        "import lightning_skill.validate, lightning_skill.validate.driver\n"
        "import lightning_skill.validate.pool, lightning_skill.commands.validate\n"
        "print(sorted(m for m in ('torch', 'lightning') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]", out.stderr
