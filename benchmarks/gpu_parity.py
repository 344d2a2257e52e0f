"""GPU parity, bf16-mixed: the method of training_parity.py on one CUDA device.

Each catalogue task's default project is trained by ``trainer.fit`` with
``--trainer.accelerator=gpu --trainer.devices=1 --trainer.precision=bf16-mixed`` and by the
plain loop (same weights, batches, optimizer and scheduler) under
``torch.autocast("cuda", dtype=torch.bfloat16)``, interleaved; deterministic kernels are
switched on (cuDNN deterministic, ``CUBLAS_WORKSPACE_CONFIG``) so losses can be compared.
Reports samples/s, the ratio and loss parity per task. One command, a few minutes:

    .venv/bin/python benchmarks/gpu_parity.py            # full (about 2-4 minutes on one GPU)
    .venv/bin/python benchmarks/gpu_parity.py --quick    # smoke run

Without CUDA it prints why it skipped and exits 0 (writing a "skipped" results file only when
``--out`` is given, so a real GPU result is never overwritten by a CPU run).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as C  # noqa: E402
import training_parity as TP  # noqa: E402

NAME = "gpu_parity"
GPU_ARGS = [
    "--trainer.accelerator=gpu",
    "--trainer.devices=1",
    "--trainer.num_nodes=1",
    "--trainer.strategy=auto",
    "--trainer.precision=bf16-mixed",
]


def _no_driver() -> str | None:
    """Why CUDA cannot be there, found without importing torch (seconds on a loaded machine)."""
    if os.environ.get("CUDA_VISIBLE_DEVICES", None) in ("", "-1"):
        return "CUDA_VISIBLE_DEVICES hides every GPU"
    if sys.platform.startswith("linux") and not (
        Path("/proc/driver/nvidia/version").exists() or Path("/dev/nvidia0").exists()
    ):
        return "no NVIDIA driver on this machine (/proc/driver/nvidia, /dev/nvidia0 absent)"
    return None


def cuda_status() -> tuple[bool, str]:
    reason = _no_driver()
    if reason:
        return False, reason
    try:
        import torch
    except ImportError:
        return False, "torch is not installed"
    if not torch.cuda.is_available():
        return False, "no CUDA device (torch.cuda.is_available() is False)"
    if not torch.cuda.is_bf16_supported():
        return False, f"{torch.cuda.get_device_name(0)} does not support bf16"
    return True, torch.cuda.get_device_name(0)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="tiny sizes, one repeat")
    p.add_argument("--tasks", nargs="*", help="catalogue tasks (default: all)")
    p.add_argument("--repeats", type=int, default=None, help="default 3")
    p.add_argument("--epochs", type=int, default=None, help="default 2")
    p.add_argument("--out", type=Path, default=None)
    args = p.parse_args(argv)
    ok, detail = cuda_status()
    result = C.new_result(NAME, argv, args.quick)
    if not ok:
        print(f"[gpu_parity] skipped: {detail}. Run this script on a machine with a CUDA GPU.")
        if args.out:
            result["skipped"] = detail
            C.finish_result(result, args.out)
        return 0
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")  # deterministic cuBLAS
    repeats = args.repeats or (1 if args.quick else 3)
    epochs = args.epochs or (1 if args.quick else 2)
    result["machine"]["gpu"] = detail
    result["settings"] = {
        "repeats": repeats,
        "epochs": epochs,
        "precision": "bf16-mixed",
        "tolerance": TP.TOLERANCE,
        "parity_steps": TP.PARITY_STEPS,
    }
    tasks_out: dict[str, Any] = {}
    skipped: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="bench_gpu_") as tmp_name:
        tmp = Path(tmp_name)
        catalogue = C.catalogue()
        for i, task in enumerate(args.tasks or list(catalogue)):
            if task not in catalogue:
                skipped[task] = "not in the catalogue"
                continue
            work = tmp / "runs" / task
            work.mkdir(parents=True)
            spec = {
                "kind": "task",
                "task": task,
                "device": "cuda",
                "precision": "bf16-mixed",
                "extra_args": GPU_ARGS,
                "project": str(C.scaffold(task, tmp / "projects")),
                "package": C.package_name(task),
                "epochs": epochs,
                "repeats": repeats,
                "samples": 64 if args.quick else None,
                "parity_steps": 2 if args.quick else TP.PARITY_STEPS,
                "variants": ["as generated"],
                "workdir": str(work),
            }
            print(f"[gpu_parity] {task} ...", flush=True)
            wdir = tmp / "workers" / str(i)
            wdir.mkdir(parents=True)
            tasks_out[task] = TP._run_worker([spec], wdir, tty=False, timeout=900)[0]
    result["results"] = {"tasks": tasks_out, "skipped": skipped}
    result["targets"] = TP._targets({"tasks": tasks_out})
    out = C.finish_result(result, args.out or C.default_out(NAME, args.quick))
    print(json.dumps(result["targets"], indent=2))
    print(f"[gpu_parity] wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
