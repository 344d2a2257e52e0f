"""Jupyter notebooks: linted as their code cells joined, findings placed by cell, fixes written
back into the cells they came from with everything else in the file kept as it was."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lightning_skill.cli import main
from lightning_skill.lint import fix_paths, lint_paths, notebook


def _cell(kind: str, source: str | list[str], **extra: object) -> dict[str, object]:
    cell: dict[str, object] = {"cell_type": kind, "metadata": {}, "source": source}
    if kind == "code":
        cell |= {"execution_count": None, "outputs": []}
    cell.update(extra)
    return cell


def _notebook(cells: list[dict[str, object]], language: str = "python") -> str:
    nb = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "K", "language": language, "name": "k"},
            "language_info": {"name": language},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"  # as nbformat writes it


OUTPUT = {"name": "stdout", "output_type": "stream", "text": ["Epoch 0: 100%\n"]}
CELLS = [
    _cell("markdown", ["# GAN on MNIST\n", "Trainer(gpus=1) shown in prose is not code"]),
    _cell(
        "code",
        [
            "!pip install pytorch-lightning==1.5.10 \\\n",
            "    torchmetrics\n",
            "%matplotlib inline\n",
            "import pytorch_lightning as pl\n",
            "from pytorch_lightning.metrics import Accuracy",
        ],
        outputs=[OUTPUT],
        execution_count=1,
    ),
    _cell(
        "code",
        [
            "class Model(pl.LightningModule):\n",
            "    def training_epoch_end(self, outputs):\n",
            "        pass\n",
        ],
    ),
    _cell("code", ["%%bash\n", "python train.py --trainer.gpus=2"]),
    _cell("markdown", "## Train"),
    _cell(
        "code",
        [
            "%%time\n",
            "trainer = pl.Trainer(gpus=1, max_epochs=3)\n",
            "Trainer?\n",
            "trainer.fit(Model())",
        ],
    ),
]


def _codes(findings: list) -> set[tuple[int | None, int, str]]:
    return {(f.cell, f.line, f.code) for f in findings if f.code.startswith("LS1")}


def test_findings_are_placed_by_cell_and_line_within_it(tmp_path: Path) -> None:
    path = tmp_path / "gan.ipynb"
    path.write_text(_notebook(CELLS), encoding="utf-8")
    found = lint_paths([path])
    # the import of cell 2 reaches cell 6; magics, the %%bash cell and Markdown stay quiet
    assert _codes(found) == {(2, 5, "LS130"), (3, 2, "LS110"), (6, 2, "LS101")}
    assert all(f.cell is not None for f in found)
    trainer = next(f for f in found if f.code == "LS101")
    assert (trainer.col, trainer.format().split(" ")[0]) == (22, f"{path}:cell_6:2:22")
    assert trainer.to_dict()["cell"] == 6


def test_fix_rewrites_only_the_fixed_cell(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "gan.ipynb"
    before = _notebook(CELLS)
    path.write_text(before, encoding="utf-8")
    assert main(["lint", "--fix", "--json", str(path)]) == 1  # LS110 and LS130 are left
    payload = json.loads(capsys.readouterr().out)
    assert [(f["cell"], f["line"], f["code"]) for f in payload["fixed"]] == [(6, 2, "LS101")]
    after = path.read_text(encoding="utf-8")
    old, new = json.loads(before), json.loads(after)
    assert new["cells"][5]["source"] == [
        "%%time\n",
        'trainer = pl.Trainer(accelerator="gpu", devices=1, max_epochs=3)\n',
        "Trainer?\n",
        "trainer.fit(Model())",
    ]
    new["cells"][5]["source"] = old["cells"][5]["source"]
    assert new == old  # outputs, metadata, magics, Markdown: all as they were
    changed = [
        (a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b
    ]
    assert len(changed) == 1  # the same JSON layout: one line of the file differs
    left = {(f["cell"], f["line"], f["code"]) for f in payload["findings"]}
    assert left == {(2, 5, "LS130"), (3, 2, "LS110")} == _codes(lint_paths([path]))


def test_a_fix_that_changes_line_counts_keeps_later_cells_placed(tmp_path: Path) -> None:
    cells = [
        _cell("code", "import pytorch_lightning as pl\nfrom pytorch_lightning import Trainer\n"),
        _cell("code", "trainer = Trainer(\n    gpus=2,\n    max_epochs=1,\n)\n"),
        _cell("code", "t2 = pl.Trainer(max_epochs=1, num_processes=2)"),
    ]
    path = tmp_path / "nb.ipynb"
    path.write_text(_notebook(cells), encoding="utf-8")
    changes, left = fix_paths([path])
    assert {(f.cell, f.line, f.code) for f in changes[0].fixed} >= {(2, 2, "LS101")}
    relinted = lint_paths([path])
    assert _codes(left) == _codes(relinted)
    sources = [c["source"] for c in json.loads(path.read_text())["cells"]]
    assert "gpus" not in "".join(sources[1]) and sources[0] == cells[0]["source"]


def test_a_syntax_error_is_placed_in_its_cell(tmp_path: Path) -> None:
    path = tmp_path / "broken.ipynb"
    cells = [_cell("code", "import pytorch_lightning as pl\n"), _cell("code", "x = (1,\n")]
    path.write_text(_notebook(cells), encoding="utf-8")
    (problem,) = lint_paths([path])
    assert (problem.code, problem.cell) == ("LS000", 2)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "invalid JSON at line 1"),
        ('{"nbformat": 4}', "no 'cells' list"),
        ('{"cells": [{"cell_type": "code", "source": 3}]}', "neither a string nor a list"),
    ],
)
def test_a_file_that_is_not_a_notebook_is_one_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture, text: str, message: str
) -> None:
    path = tmp_path / "bad.ipynb"
    path.write_text(text, encoding="utf-8")
    assert main(["lint", "--fix", str(path)]) == 1
    out = capsys.readouterr()
    assert out.out.count("\n") == 1 and message in out.out and "Traceback" not in out.err
    assert path.read_text(encoding="utf-8") == text


def test_other_languages_and_folders(tmp_path: Path) -> None:
    r_code = [_cell("code", "trainer <- Trainer(gpus = 1)\n")]
    (tmp_path / "r.ipynb").write_text(_notebook(r_code, "R"), encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "py.ipynb").write_text(_notebook(CELLS), encoding="utf-8")
    found = lint_paths([tmp_path])
    assert {Path(f.path).name for f in found} == {"py.ipynb"}  # found in the folder walk
    assert (1, 1, "LS000") not in {(f.cell, f.line, f.code) for f in found}


_lines = st.sampled_from(
    [
        "import pytorch_lightning as pl",
        "trainer = pl.Trainer(max_epochs=1)",
        "%matplotlib inline",
        "!pip install x \\",
        "  y",
        "files = !ls",
        "pl.Trainer?",
        "    x = 1",
        "",
        "# %% a user's own cell marker",
        "s = 'é ü'",
    ]
)
_sources = st.lists(_lines, max_size=5).map("\n".join) | st.lists(_lines, max_size=5).map(
    lambda ls: "\n".join(ls) + "\n"
)
_cells = st.lists(
    st.tuples(st.sampled_from(["code", "markdown", "raw"]), _sources, st.booleans()), max_size=6
)


@settings(max_examples=150, deadline=None)
@given(
    cells=_cells, head=st.sampled_from(["", "%%time\n", "%%bash\n"]), indent=st.sampled_from([1, 2])
)
def test_cells_come_back_unchanged_when_nothing_is_fixed(
    cells: list[tuple[str, str, bool]], head: str, indent: int
) -> None:
    built = [
        _cell(kind, (head + src).splitlines(keepends=True) if as_list else head + src)
        for kind, src, as_list in cells
    ]
    nb = json.loads(_notebook(built))
    text = json.dumps(nb, indent=indent, ensure_ascii=False) + "\n"
    module = notebook.to_python(text)
    assert notebook.from_python(text, module) == text
    # every line of the module that is not a marker is placed in a code cell, at that cell's line
    for number, line in enumerate(module.split("\n")[:-1], 1):
        spot = notebook.place(module, number)
        if line.startswith(notebook.MARKER):
            assert spot is None
        else:
            assert spot is not None and built[spot.cell - 1]["cell_type"] == "code"


def test_a_fixed_1x_notebook_runs_on_lightning_2(tmp_path: Path) -> None:
    """The whole point: a 1.x tutorial notebook, fixed, trains on the installed 2.x."""
    cells = [
        _cell("markdown", "# A 1.x tutorial"),
        _cell(
            "code",
            "%pip install pytorch-lightning==1.6.5\n"
            "import torch\n"
            "import pytorch_lightning as pl\n"
            "from torch.utils.data import DataLoader, TensorDataset\n",
        ),
        _cell(
            "code",
            "class Lit(pl.LightningModule):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self.layer = torch.nn.Linear(4, 1)\n\n"
            "    def training_step(self, batch, batch_idx):\n"
            "        x, y = batch\n"
            "        loss = torch.nn.functional.mse_loss(self.layer(x), y)\n"
            "        return {'loss': loss}\n\n"
            "    def training_epoch_end(self, outputs):\n"
            "        self.log('epoch_loss', torch.stack([o['loss'] for o in outputs]).mean())\n\n"
            "    def configure_optimizers(self):\n"
            "        return torch.optim.SGD(self.parameters(), lr=0.1)\n",
        ),
        _cell(
            "code",
            "data = TensorDataset(torch.randn(32, 4), torch.randn(32, 1))\n"
            "loader = DataLoader(data, batch_size=8)\n"
            "trainer = pl.Trainer(max_epochs=1, num_processes=1, progress_bar_refresh_rate=0,\n"
            "                     weights_summary=None, checkpoint_callback=False, logger=False)\n"
            "trainer.fit(Lit(), train_dataloader=loader)\n"
            "print('trained', trainer.global_step)",
        ),
    ]
    path = tmp_path / "tutorial.ipynb"
    path.write_text(_notebook(cells), encoding="utf-8")
    before = {f.code for f in lint_paths([path]) if f.code.startswith("LS1")}
    assert {"LS101", "LS104", "LS110"} <= before
    fix_paths([path])
    assert not [f for f in lint_paths([path]) if f.code.startswith("LS1")]
    fixed = json.loads(path.read_text(encoding="utf-8"))
    code = "\n".join(
        line
        for c in fixed["cells"]
        if c["cell_type"] == "code"
        for line in "".join(c["source"]).splitlines()
        if not line.startswith("%")  # what IPython would run, less the install
    )
    script = tmp_path / "run.py"
    script.write_text(code + "\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=300, cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "trained 4" in run.stdout
