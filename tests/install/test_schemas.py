"""Every `--json` output matches the schema references/schemas.md documents for it."""

from __future__ import annotations

import contextlib
import io
import json
import re

import jsonschema
import pytest
from conftest import REPO

from lightning_skill.cli import main

DOC = (REPO / "references" / "schemas.md").read_text(encoding="utf-8")
SCHEMAS = {
    m.group(1): json.loads(m.group(2))
    for m in re.finditer(r"^## (\w+) --json\n.*?```json\n(.*?)```", DOC, re.S | re.M)
}


def _json(*args: str, code: int = 0) -> dict:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(list(args)) == code, out.getvalue()[-2000:]
    return json.loads(out.getvalue())


def _check(command: str, payload: dict) -> None:
    jsonschema.validate(payload, SCHEMAS[command])


def test_every_command_with_json_output_is_documented():
    from lightning_skill.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    with_json = {
        name
        for name, p in sub.choices.items()
        if any("--json" in a.option_strings for a in p._actions)
    }
    assert with_json == set(SCHEMAS), (with_json, set(SCHEMAS))
    for schema in SCHEMAS.values():
        jsonschema.Draft202012Validator.check_schema(schema)
        assert "schema_version" in schema["required"]


def test_new_catalog_lookup_doctor_package(tmp_path):
    _check("new", _json("new", str(tmp_path / "demo"), "--json", "--dry-run"))
    _check("catalog", _json("catalog", "--json"))
    _check("lookup", _json("lookup", "--json", "resume training from a checkpoint"))
    _check("lookup", _json("lookup", "--json", "keras model compile", code=1))
    _check("lookup", _json("lookup", "--json", "--list"))
    _check("doctor", _json("doctor", "--json"))
    _check("package", _json("package", "--out", str(tmp_path / "dist"), "--json"))


def test_update_and_lint(tmp_path):
    project = tmp_path / "demo"
    assert main(["new", str(project)]) == 0
    (project / "README.md").write_text("edited\n")
    _check("update", _json("update", str(project), "--json", "--dry-run"))
    legacy = REPO / "tests" / "lint" / "fixtures" / "legacy_train.py"
    _check("lint", _json("lint", str(legacy), "--json", code=1))


@pytest.mark.slow
def test_validate_one_and_many(warm_pool):
    from lightning_skill.report import reports_to_json
    from lightning_skill.validate import validate_many

    good = REPO / "tests" / "validate" / "modules" / "good.py"
    reports = validate_many([good, good], checks=["import", "discover"], runner=warm_pool)
    _check("validate", json.loads(reports_to_json(reports[:1])))
    _check("validate", json.loads(reports_to_json(reports)))
