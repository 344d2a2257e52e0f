"""A generated project's last.ckpt is the newest epoch, so resuming from it repeats nothing.

Lightning 2.6 writes a monitored ModelCheckpoint's ``save_last`` file only at a step where it also
saved a new top-k file: after an epoch without improvement ``last.ckpt`` would still be the best
epoch's (checked below on the installed Lightning, so the workaround is dropped when it is fixed).
The project's config therefore keeps the best epoch with one callback and the newest with another.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scaffold_helpers import probe_project

from lightning_skill.cli import main

# The project's own callbacks from its configs, on a model whose monitored score gets worse every
# epoch after the first: the best is epoch 0, the newest epoch 2.
PROBE = """
import json, sys, torch, lightning as L
from lightning.pytorch.demos.boring_classes import BoringModel
from lightning.pytorch.callbacks import ModelCheckpoint
from PACKAGE.cli import cli_main

cli = cli_main(["--trainer.accelerator=cpu", "--trainer.logger=false"], run=False)
callbacks = [c for c in cli.trainer.callbacks if isinstance(c, ModelCheckpoint)]
monitor, mode = callbacks[0].monitor, callbacks[0].mode
if sys.argv[1] == "lightning":  # Lightning's own save_last on the monitored callback
    callbacks = [ModelCheckpoint(monitor=monitor, mode=mode, save_top_k=1, save_last=True)]

class Worse(BoringModel):
    def validation_step(self, batch, batch_idx):
        worse = float(self.current_epoch) if mode == "min" else -float(self.current_epoch)
        self.log(monitor, worse)
        return super().validation_step(batch, batch_idx)

trainer = L.Trainer(
    max_epochs=3, limit_train_batches=2, limit_val_batches=1, callbacks=callbacks,
    logger=False, enable_progress_bar=False, enable_model_summary=False, default_root_dir="run",
)
trainer.fit(Worse())
last = sorted({p for c in callbacks for p in c._find_last_checkpoints(trainer)})
best = trainer.checkpoint_callback.best_model_path
print(json.dumps({
    "last": [torch.load(p, weights_only=False)["epoch"] for p in last],
    "best": torch.load(best, weights_only=False)["epoch"],
}))
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("lastckpt") / "proj"
    code = main(["new", str(target), "--task", "tabular-classification", "--package", "lastpkg"])
    assert code == 0
    return target


def _probe(project: Path, which: str, tmp_path: Path) -> dict:
    out = probe_project(project, PROBE.replace("PACKAGE", "lastpkg"), which, cwd=tmp_path)
    return json.loads(out.strip().splitlines()[-1])


def test_last_ckpt_is_the_newest_epoch_while_the_best_stays_the_best(project, tmp_path):
    seen = _probe(project, "project", tmp_path)
    assert seen == {"last": [2], "best": 0}


def test_lightning_own_monitored_save_last_keeps_the_best_epoch_instead(project, tmp_path):
    # Why the project needs its second callback. If this fails, Lightning writes last.ckpt every
    # epoch again and configs/default.yaml can go back to save_last on the monitored callback.
    seen = _probe(project, "lightning", tmp_path)
    assert seen == {"last": [0], "best": 0}
