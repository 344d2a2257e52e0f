"""Rule family: device placement (LS202 hard-coded CUDA, LS204 set_device, LS213 DataLoader
workers), with the detection and fixes (``DeviceChecks``, mixed into the checker)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from lightning_skill.lint.cst_util import call_parts, int_value, kwargs_of, self_device, str_value
from lightning_skill.lint.rules.base import DOCS as _DOCS
from lightning_skill.lint.rules.base import Rule

if TYPE_CHECKING:
    from lightning_skill.lint.checker import _FuncCtx

RULES = (
    Rule(
        "LS202",
        "hardcoded-cuda",
        "warning",
        "hard-coded CUDA device inside a LightningModule",
        "use self.device / .to(self.device) / register_buffer; the Trainer places the model",
        "anti-pattern",
        None,
        "some",
        f"{_DOCS}/accelerators/accelerator_prepare.html",
    ),
    Rule(
        "LS204",
        "cuda-set-device",
        "warning",
        "torch.cuda.set_device() fights the Trainer's device placement",
        "choose devices with Trainer(accelerator=..., devices=...)",
        "anti-pattern",
        None,
        "no",
        f"{_DOCS}/accelerators/gpu_basic.html",
    ),
    Rule(
        "LS213",
        "too-many-workers",
        "warning",
        "num_workers hard-coded far above the CPU cores available",
        "derive it from os.cpu_count() or make it a setting",
        "anti-pattern",
        None,
        "no",
        f"{_DOCS}/advanced/speed.html#dataloaders",
    ),
)


class DeviceChecks:
    """The family's detection and fixes, mixed into the checker (``self`` is the Checker)."""

    def check_lm_devices(self, node: cst.Call, m: _FuncCtx) -> None:
        """Hard-coded CUDA devices in a LightningModule (LS202)."""
        func, hook, attr, _receiver, _is_self = call_parts(node, m.node, m.self_name)
        self_name = m.self_name
        fixable_here = self_name == "self" and hook != "__init__"
        if attr == "cuda":
            r = self.report(
                node,
                "LS202",
                "`.cuda()` in a LightningModule pins one GPU and breaks CPU/multi-GPU runs; "
                "use `.to(self.device)`",
                fixable_here and not node.args,
            )
            if fixable_here and not node.args:
                r.edit(
                    node,
                    lambda n: n.with_changes(
                        func=n.func.with_changes(attr=cst.Name("to")),  # type: ignore[attr-defined]
                        args=[cst.Arg(self_device())],
                    ),
                )
        elif (
            attr == "to" and node.args and (str_value(node.args[0].value) or "").startswith("cuda")
        ):
            first = node.args[0]
            r = self.report(
                node,
                "LS202",
                f"`.to({first.value.value})` in a LightningModule pins one GPU; "  # type: ignore[attr-defined]
                "use `.to(self.device)`",
                fixable_here,
            )
            if fixable_here:
                r.edit(first, lambda a: a.with_changes(value=self_device()))
        elif (
            "torch.device" in self.qnames(func)
            and node.args
            and (str_value(node.args[0].value) or "").startswith("cuda")
        ):
            r = self.report(
                node,
                "LS202",
                "`torch.device('cuda')` in a LightningModule pins one GPU; use `self.device`",
                fixable_here,
            )
            if fixable_here:
                r.edit(node, lambda n: self_device())
        for arg in node.args:
            if (
                arg.keyword is not None
                and arg.keyword.value == "device"
                and (str_value(arg.value) or "").startswith("cuda")
            ):
                r = self.report(
                    arg,
                    "LS202",
                    "`device='cuda'` in a LightningModule pins one GPU; use `device=self.device`",
                    fixable_here,
                )
                if fixable_here:
                    r.edit(arg, lambda a: a.with_changes(value=self_device()))

    def check_set_device(self, node: cst.Call, q: set[str]) -> None:
        """torch.cuda.set_device() in Lightning code (LS204)."""
        if "torch.cuda.set_device" in q and self.facts.styles:
            self.report(
                node,
                "LS204",
                "`torch.cuda.set_device()` fights the Trainer, which gives each process its own "
                "device; choose devices with `Trainer(accelerator='gpu', devices=...)`",
            )

    def check_dataloader(self, call: cst.Call) -> None:
        kw = kwargs_of(call)
        if "num_workers" not in kw:
            return
        n = int_value(kw["num_workers"].value)
        cpus = self.facts.cpus
        if n is not None and n > 2 * cpus:
            self.report(
                kw["num_workers"],
                "LS213",
                f"num_workers={n} is far above the {cpus} CPU cores here; each worker is a "
                "process: use `min(N, os.cpu_count())` or make it a setting",
            )
