"""The events a job sends its parent, in one place (names and fields; torch-free).

A job emits them through any object with an ``emit(**fields)`` method (the transport is the
runner's business). The driver reads them to tell which check is running, to restart each
check's deadline, and to watch progress:

- ``{"event": "env", ...}``: the job's environment (device, versions, overrides), once.
- ``{"event": "start", "name": check}`` / ``{"event": "result", "name": check, ...}``: a
  check's start and its ``CheckResult`` fields.
- ``{"event": "progress", "stage": s, "batch": k, "phase": p}``: ``phase`` is ``"begin"`` (a
  Trainer stage started; the watchdog arms), ``"step"`` (batch ``k`` started), ``"done"``
  (batch ``k`` finished) or ``"end"`` (the stage ended; the watchdog disarms). Stages are
  ``train``, ``validate`` (also the sanity check), ``test`` and ``predict``.
"""

from __future__ import annotations

from typing import Any

ENV, START, RESULT, PROGRESS = "env", "start", "result", "progress"
BEGIN, STEP, DONE, END = "begin", "step", "done", "end"


def progress_callback(emitter: Any, base: type) -> Any:
    """A Lightning ``Callback`` (subclass of ``base``) that emits a progress event per batch.

    Pickled (for spawned DDP ranks) it becomes a plain ``Callback``: the ranks are watched by
    the timeout, and the class, local to this function, need not be importable there.
    """

    class Progress(base):  # type: ignore[misc,valid-type]
        def __init__(self) -> None:
            self.emitter = emitter

        def __reduce__(self) -> tuple[Any, tuple[str]]:
            return _plain_callback, (base.__module__,)

        def _emit(self, stage: str, phase: str, batch: int = -1) -> None:
            if self.emitter is not None:
                self.emitter.emit(event=PROGRESS, stage=stage, batch=batch, phase=phase)

        # fmt: off
        def on_train_start(self, trainer, pl_module): self._emit("train", BEGIN)  # noqa: ANN001, E704
        def on_train_end(self, trainer, pl_module): self._emit("train", END)  # noqa: ANN001, E704
        def on_validation_start(self, trainer, pl_module): self._emit("validate", BEGIN)  # noqa: ANN001, E704
        def on_validation_end(self, trainer, pl_module): self._emit("validate", END)  # noqa: ANN001, E704
        def on_test_start(self, trainer, pl_module): self._emit("test", BEGIN)  # noqa: ANN001, E704
        def on_test_end(self, trainer, pl_module): self._emit("test", END)  # noqa: ANN001, E704
        def on_predict_start(self, trainer, pl_module): self._emit("predict", BEGIN)  # noqa: ANN001, E704
        def on_predict_end(self, trainer, pl_module): self._emit("predict", END)  # noqa: ANN001, E704
        # fmt: on

        def on_train_batch_start(self, trainer, pl_module, batch, batch_idx):  # noqa: ANN001
            self._emit("train", STEP, batch_idx)

        def on_train_batch_end(self, trainer, pl_module, outputs, batch, batch_idx):  # noqa: ANN001
            self._emit("train", DONE, batch_idx)

        def on_validation_batch_start(self, trainer, pl_module, batch, batch_idx, dataloader_idx=0):  # noqa: ANN001, E501
            self._emit("validate", STEP, batch_idx)

        def on_validation_batch_end(
            self, trainer, pl_module, outputs, batch, batch_idx, dataloader_idx=0
        ):  # noqa: ANN001, E501
            self._emit("validate", DONE, batch_idx)

        def on_test_batch_start(self, trainer, pl_module, batch, batch_idx, dataloader_idx=0):  # noqa: ANN001, E501
            self._emit("test", STEP, batch_idx)

        def on_test_batch_end(
            self, trainer, pl_module, outputs, batch, batch_idx, dataloader_idx=0
        ):  # noqa: ANN001, E501
            self._emit("test", DONE, batch_idx)

        def on_predict_batch_start(self, trainer, pl_module, batch, batch_idx, dataloader_idx=0):  # noqa: ANN001, E501
            self._emit("predict", STEP, batch_idx)

        def on_predict_batch_end(
            self, trainer, pl_module, outputs, batch, batch_idx, dataloader_idx=0
        ):  # noqa: ANN001, E501
            self._emit("predict", DONE, batch_idx)

    return Progress()


def _plain_callback(module: str) -> Any:
    import importlib

    return importlib.import_module(module).Callback()


def install_progress(emitter: Any) -> None:
    """Give every Trainer built in this process (by the checks or by the user's own code,
    e.g. a LightningCLI) a progress callback, for each Lightning package name in use.

    Hooked where the Trainer sets its callbacks up (``_CallbackConnector.on_trainer_init``),
    not on ``Trainer.__init__``, whose signature LightningCLI reads.
    """
    import importlib
    import sys

    for name in ("lightning.pytorch", "pytorch_lightning"):
        fw = sys.modules.get(name)
        if fw is None:
            continue
        connectors = importlib.import_module(f"{name}.trainer.connectors.callback_connector")
        cls = connectors._CallbackConnector
        if getattr(cls.on_trainer_init, "_progress_installed", False):
            continue
        original = cls.on_trainer_init

        def on_trainer_init(
            self: Any, *args: Any, _orig: Any = original, _fw: Any = fw, **kw: Any
        ) -> None:  # noqa: E501
            _orig(self, *args, **kw)
            self.trainer.callbacks.append(progress_callback(emitter, _fw.Callback))

        on_trainer_init._progress_installed = True  # type: ignore[attr-defined]
        cls.on_trainer_init = on_trainer_init
