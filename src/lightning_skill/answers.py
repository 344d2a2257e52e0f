"""What `new` answered, kept in the project so `update` can re-render it with newer templates.

Two files at the project root, both written by `new` and rewritten by `update`:

- ``.lightning-skill.yaml``: the answers (task, data source, preset, logger, package, the
  ``--set`` values as typed) and the toolkit version and template digest that rendered them.
  Only explicit ``--set`` values are kept, so an update picks up changed template defaults.
- ``.lightning-skill.base.json``: the pristine render, ``{relative path: text}``. It is the
  *base* of update's three-way merge (base = what we generated, ours = the user's file, theirs =
  the new render). Copier re-renders the old template version from its git tag for that; a pip
  package has no old versions at hand, so the base travels with the project instead.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from lightning_skill import __version__
from lightning_skill.errors import UsageError

if TYPE_CHECKING:
    from lightning_skill.spec import ProjectSpec

ANSWERS_FILE = ".lightning-skill.yaml"
BASE_FILE = ".lightning-skill.base.json"
FORMAT_VERSION = 1
_HEADER = (
    "# Written by `lightning-skill new`; read by `lightning-skill update` to re-render this\n"
    "# project with newer templates. Edit the answers here to change them on the next update.\n"
)


@dataclass(frozen=True)
class Answers:
    task: str
    source: str
    preset: str
    logger: str
    package: str
    data_dir: str | None = None
    settings: dict[str, str] = field(default_factory=dict)
    skill_version: str = __version__
    template_digest: str = ""

    def to_yaml(self) -> str:
        body = {
            "format": FORMAT_VERSION,
            "skill_version": self.skill_version,
            "template_digest": self.template_digest,
            "task": self.task,
            "data": self.source,
            "data_dir": self.data_dir,
            "preset": self.preset,
            "logger": self.logger,
            "package": self.package,
            "settings": dict(sorted(self.settings.items())),
        }
        return _HEADER + yaml.safe_dump(body, sort_keys=False, allow_unicode=False)


def answers_for(spec: ProjectSpec, settings: dict[str, str]) -> Answers:
    """The answers `new` records for ``spec`` (``settings``: the ``--set`` values as typed)."""
    from lightning_skill.resources import templates_dir

    return Answers(
        task=spec.task.name,
        source=spec.source,
        preset=spec.preset,
        logger=spec.logger,
        package=spec.package,
        data_dir=spec.data_dir,
        settings=dict(settings),
        template_digest=template_digest(templates_dir()),
    )


def template_digest(root: Path) -> str:
    """A short hash of every template file: equal digests mean an update has nothing to do."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def record(files: dict[str, str], answers: Answers) -> dict[str, str]:
    """``files`` plus the answers and the pristine render (what `new` and `update` write)."""
    pristine = {rel: text for rel, text in files.items() if rel not in (ANSWERS_FILE, BASE_FILE)}
    return {
        **pristine,
        ANSWERS_FILE: answers.to_yaml(),
        BASE_FILE: json.dumps(pristine, indent=1, sort_keys=True) + "\n",
    }


def _field(data: dict[str, Any], key: str, kind: type, *, optional: bool = False) -> Any:
    value = data.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, kind):
        raise UsageError(ANSWERS_FILE, f"'{key}' must be a {kind.__name__}, got {value!r}")
    return value


def load(project: Path) -> tuple[Answers, dict[str, str]]:
    """Read a project's answers and pristine render; one-line errors for anything off."""
    path = project / ANSWERS_FILE
    if not path.is_file():
        raise UsageError(
            "DIR",
            f"{project} has no {ANSWERS_FILE}: it was not made by `lightning-skill new` (or "
            "by a version before answers were recorded)",
        )
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise UsageError(ANSWERS_FILE, f"cannot read it: {exc}".splitlines()[0]) from None
    if not isinstance(data, dict):
        raise UsageError(ANSWERS_FILE, "expected a mapping of answers")
    if data.get("format") != FORMAT_VERSION:
        raise UsageError(
            ANSWERS_FILE, f"format {data.get('format')!r} is not {FORMAT_VERSION}; upgrade first"
        )
    settings = _field(data, "settings", dict, optional=True) or {}
    answers = Answers(
        task=_field(data, "task", str),
        source=_field(data, "data", str),
        preset=_field(data, "preset", str),
        logger=_field(data, "logger", str),
        package=_field(data, "package", str),
        data_dir=_field(data, "data_dir", str, optional=True),
        settings={str(k): str(v) for k, v in settings.items()},
        skill_version=str(data.get("skill_version", "")),
        template_digest=str(data.get("template_digest", "")),
    )
    base_path = project / BASE_FILE
    try:
        base = json.loads(base_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(
            BASE_FILE, "missing: without the pristine render an update cannot merge"
        ) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise UsageError(BASE_FILE, f"cannot read it: {exc}".splitlines()[0]) from None
    if not isinstance(base, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in base.items()
    ):
        raise UsageError(BASE_FILE, "expected a JSON object of path -> text")
    return answers, base
