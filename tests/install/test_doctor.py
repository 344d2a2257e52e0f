"""`lightning-skill doctor` reports this machine as it is."""

from __future__ import annotations

import importlib.metadata
import json

import pytest
import torch

from lightning_skill import doctor
from lightning_skill.cli import main


def test_json_matches_the_installed_packages_and_torch(capsys):
    assert main(["doctor", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["schema_version"] == doctor.SCHEMA_VERSION
    for name in ("torch", "lightning", "torchmetrics"):
        assert report["packages"][name] == importlib.metadata.version(name)
    assert report["lightning_in_tested_range"] is True and report["problems"] == []
    assert report["accelerators"]["cuda"] == torch.cuda.is_available()
    assert report["distributed"]["gloo"] == torch.distributed.is_gloo_available()
    sandbox = report["sandbox"]
    assert sandbox["containment"] == "subreaper" and sandbox["memory_cap"] == "job-tree"
    assert sandbox["isolate"].startswith(("available", "unavailable: "))


def test_text_names_versions_and_says_ok(capsys):
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert f"lightning {importlib.metadata.version('lightning')}" in out
    assert "distributed backends:" in out and out.rstrip().endswith("as tested")


@pytest.mark.parametrize("version", ["2.5.3", "2.7.0", None])
def test_lightning_outside_the_tested_series_is_a_problem(monkeypatch, capsys, version):
    real = doctor._version
    monkeypatch.setattr(doctor, "_version", lambda d: version if d == "lightning" else real(d))
    assert main(["doctor"]) == 1
    assert "PROBLEM: lightning" in capsys.readouterr().out
