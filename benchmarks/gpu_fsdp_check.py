"""FSDP on one CUDA GPU with a generated causal-lm project (run by benchmarks/gpu_check.sh).

Checks: FSDPStrategy with an auto-wrap policy (the project's transformer ``Block``) and
``use_orig_params=True`` trains in bf16; weight decay lands on the matrices (the parameters
that are 2-D in the unwrapped model), not on every or no parameter, although FSDP hands
``configure_optimizers`` flattened 1-D views; a sharded checkpoint (a directory) is saved,
loaded by ``validate`` and resumed by ``fit`` at the saved step. Exit 0 pass, 1 fail, 3 skip
(the last line says why).

``python benchmarks/gpu_fsdp_check.py PROJECT_DIR``
"""

from __future__ import annotations

import os
import sys
from importlib import import_module
from pathlib import Path


def main() -> int:
    import torch

    # GPU_CHECK_CPU_REHEARSAL=1 (gpu_check.sh sets it through) runs the CPU half on a machine
    # without a GPU, to check the script itself.
    rehearsal = os.environ.get("GPU_CHECK_CPU_REHEARSAL") == "1"
    if not torch.cuda.is_available() and not rehearsal:
        print("SKIP: no CUDA device")
        return 3
    import lightning.pytorch as pl
    from lightning.pytorch.strategies import FSDPStrategy

    project = Path(sys.argv[1]).resolve()
    sys.path.insert(0, str(project / "src"))
    package = project.name
    cli_module = import_module(f"{package}.cli")
    block = import_module(f"{package}.model").Block
    overrides = ["--trainer.accelerator=cpu", "--trainer.logger=false"]
    cli = cli_module.cli_main(overrides, run=False)
    model, data = cli.model, cli.datamodule
    root = project / "fsdp_runs"

    def decayed_names(trainer: pl.Trainer) -> list[str]:
        """Names of the parameters the trained optimizer decays (FSDP wrapper names removed)."""
        names = {id(p): n for n, p in trainer.lightning_module.named_parameters()}
        return sorted(
            names.get(id(p), "?").replace("_fsdp_wrapped_module.", "")
            for g in trainer.optimizers[0].param_groups
            if g["weight_decay"] > 0
            for p in g["params"]
        )

    # The model's own intent: its decay groups without FSDP (one CPU step).
    plain = pl.Trainer(accelerator="cpu", max_steps=1, logger=False, limit_val_batches=0,
                       enable_checkpointing=False, enable_progress_bar=False)  # fmt: skip
    plain.fit(model, datamodule=data)
    expected = decayed_names(plain)
    if not torch.cuda.is_available():
        print(f"SKIP: CPU rehearsal passed ({len(expected)} decayed params); FSDP needs CUDA")
        return 3
    cli = cli_module.cli_main(overrides, run=False)
    model, data = cli.model, cli.datamodule

    def trainer(max_steps: int) -> pl.Trainer:
        strategy = FSDPStrategy(
            auto_wrap_policy={block},
            use_orig_params=True,
            state_dict_type="sharded",
            sharding_strategy="FULL_SHARD",
        )
        return pl.Trainer(
            accelerator="cuda",
            devices=1,
            strategy=strategy,
            precision="bf16-mixed",
            max_steps=max_steps,
            limit_val_batches=2,
            logger=False,
            default_root_dir=root,
            enable_progress_bar=False,
            enable_checkpointing=False,
        )

    first = trainer(10)
    first.fit(model, datamodule=data)
    decayed = decayed_names(first)
    failures = []
    if decayed != expected:
        failures.append(f"weight decay on {len(decayed)} params, the model decays {len(expected)}")
    ckpt = root / "step10.ckpt"
    first.save_checkpoint(ckpt)
    if not ckpt.is_dir():
        failures.append("sharded checkpoint is not a directory")
    again = cli_module.cli_main(overrides, run=False)
    second = trainer(15)
    second.validate(again.model, datamodule=again.datamodule, ckpt_path=ckpt)
    resumed = trainer(15)
    resumed.fit(again.model, datamodule=again.datamodule, ckpt_path=ckpt)
    if resumed.global_step != 15:
        failures.append(f"resumed run ended at step {resumed.global_step}, expected 15")
    for failure in failures:
        print(f"FAIL: {failure}")
    print("PASS" if not failures else f"FAIL: {len(failures)} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
