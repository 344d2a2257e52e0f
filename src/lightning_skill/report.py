"""Check results and how they are reported: a human table, JSON (stable schema), JUnit XML.

The JSON schema (``schema_version`` 1) is documented in references/validate-report.md and is
what agents and CI parse; add fields, never rename or remove them. One target gives one report
object; several give ``{"schema_version", "passed", "counts", "reports": [report, ...]}``.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1
STATUSES = ("pass", "fail", "skip")


@dataclass
class CheckResult:
    name: str
    status: str  # pass | fail | skip
    seconds: float = 0.0
    error_type: str | None = None
    message: str | None = None
    location: str | None = None  # "file:line" in the user's code, when known
    hint: str | None = None
    reason: str | None = None  # why a check was skipped
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Report:
    target: str
    kind: str  # project | file
    checks: list[CheckResult]
    environment: dict[str, Any] = field(default_factory=dict)
    overrides: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(c.status != "fail" for c in self.checks)

    def counts(self) -> dict[str, int]:
        return {s: sum(c.status == s for c in self.checks) for s in STATUSES}

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "target": self.target,
            "kind": self.kind,
            "passed": self.passed,
            "counts": self.counts(),
            "environment": self.environment,
            "overrides": self.overrides,
            "checks": [c.to_dict() for c in self.checks],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)


def format_human(report: Report) -> str:
    lines = [f"validate {report.target} ({report.kind})"]
    env = report.environment
    if env:
        versions = ", ".join(f"{k} {v}" for k, v in env.items() if k != "device")
        lines.append(f"  on {env.get('device', '?')}: {versions}")
    if report.overrides:
        lines.append(f"  overrides: {' '.join(report.overrides)}")
    width = max((len(c.name) for c in report.checks), default=4)
    for c in report.checks:
        line = f"  {c.status.upper():4}  {c.name:<{width}}  {c.seconds:6.2f}s"
        if c.status == "fail":
            line += f"  {c.error_type}: {c.message}"
        elif c.status == "skip" and c.reason:
            line += f"  ({c.reason})"
        elif c.status == "pass" and c.details.get("warnings"):
            line += f"  ({len(c.details['warnings'])} warning(s): {c.details['warnings'][0]})"
        lines.append(line)
        if c.status == "fail":
            if c.location:
                lines.append(f"        at {c.location}")
            if c.hint:
                lines.append(f"        hint: {c.hint}")
    n = report.counts()
    verdict = "PASSED" if report.passed else "FAILED"
    lines.append(f"{verdict}: {n['pass']} passed, {n['fail']} failed, {n['skip']} skipped")
    return "\n".join(lines)


def many_to_dict(reports: Sequence[Report]) -> dict[str, Any]:
    """Several targets: the combined verdict and one full report each."""
    counts = {s: sum(r.counts()[s] for r in reports) for s in STATUSES}
    return {
        "schema_version": SCHEMA_VERSION,
        "passed": all(r.passed for r in reports),
        "counts": counts,
        "reports": [r.to_dict() for r in reports],
    }


def reports_to_json(reports: Sequence[Report]) -> str:
    if len(reports) == 1:
        return reports[0].to_json()
    return json.dumps(many_to_dict(reports), indent=2)


def format_many(reports: Sequence[Report]) -> str:
    parts = [format_human(r) for r in reports]
    if len(reports) > 1:
        failed = [r.target for r in reports if not r.passed]
        verdict = "FAILED" if failed else "PASSED"
        parts.append(f"{verdict}: {len(reports) - len(failed)} of {len(reports)} targets passed")
    return "\n\n".join(parts)


def _suite(report: Report) -> ET.Element:
    n = report.counts()
    suite = ET.Element(
        "testsuite",
        name=f"lightning-skill validate {report.target}",
        tests=str(len(report.checks)),
        failures=str(n["fail"]),
        skipped=str(n["skip"]),
        time=f"{sum(c.seconds for c in report.checks):.3f}",
    )
    for c in report.checks:
        case = ET.SubElement(
            suite, "testcase", classname=report.target, name=c.name, time=f"{c.seconds:.3f}"
        )
        if c.status == "fail":
            failure = ET.SubElement(case, "failure", type=c.error_type or "Error")
            failure.set("message", c.message or "")
            failure.text = "\n".join(
                part for part in (c.location and f"at {c.location}", c.hint) if part
            )
        elif c.status == "skip":
            ET.SubElement(case, "skipped", message=c.reason or "")
    return suite


def write_junit(report: Report | Sequence[Report], path: Path) -> None:
    """JUnit XML: one ``testsuite`` per target, one ``testcase`` per check."""
    reports = [report] if isinstance(report, Report) else list(report)
    tree = ET.ElementTree(ET.Element("testsuites"))
    for r in reports:
        tree.getroot().append(_suite(r))
    ET.indent(tree)
    path.parent.mkdir(parents=True, exist_ok=True)
    tree.write(path, encoding="utf-8", xml_declaration=True)
