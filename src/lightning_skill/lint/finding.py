"""The one result type of the linter."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    col: int
    code: str
    severity: str  # "error" | "warning"
    message: str
    fixable: bool

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    def format(self) -> str:
        tag = " [fixable]" if self.fixable else ""
        return f"{self.path}:{self.line}:{self.col} {self.code} {self.message}{tag}"
