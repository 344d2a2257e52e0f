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
    cell: int | None = None  # a notebook's cell (1-based, every cell counted); ``line`` is in it

    def to_dict(self) -> dict[str, object]:
        out = asdict(self)
        if self.cell is None:  # .py and .yaml findings keep the fields they always had
            del out["cell"]
        return out

    def format(self) -> str:
        tag = " [fixable]" if self.fixable else ""
        where = self.path if self.cell is None else f"{self.path}:cell_{self.cell}"
        return f"{where}:{self.line}:{self.col} {self.code} {self.message}{tag}"

    def sort_key(self) -> tuple[str, int, int, int, str, str]:
        return (self.path, self.cell or 0, self.line, self.col, self.code, self.message)
