"""The run's facts are keyed by class name: a class of one file must not take the kind of a
same-named class of another. After held-out-12's one score: gluonts' own ``Callback`` framework
(``class Callback(object)`` and subclasses named ``EarlyStopping``/``Checkpoint``) was linted as
Lightning callbacks because a NeMo test file of the same run defines
``class Callback(pl.callbacks.Callback)``."""

from __future__ import annotations

import textwrap
from pathlib import Path

from lightning_skill.lint import lint_paths

LIGHTNING = """\
    import pytorch_lightning as pl

    class Callback(pl.callbacks.Callback):
        def on_epoch_end(self, trainer, pl_module):
            pass
    """

OWN_FRAMEWORK = """\
    class Callback(object):
        def on_epoch_end(self, trainer, pl_module):
            pass

    class CallbackList(Callback):
        def on_batch_end(self, trainer, pl_module):
            pass

    class EarlyStopping(CallbackList):
        def on_epoch_end(self, trainer, pl_module):
            pass
    """


def test_a_files_own_callback_framework_is_not_lightnings(tmp_path: Path) -> None:
    (tmp_path / "lightning_cb.py").write_text(textwrap.dedent(LIGHTNING))
    (tmp_path / "own.py").write_text(textwrap.dedent(OWN_FRAMEWORK))
    found = {(Path(x.path).name, x.line, x.code) for x in lint_paths([tmp_path])}
    assert ("lightning_cb.py", 4, "LS113") in found  # the Lightning one still reported
    assert not {f for f in found if f[0] == "own.py"}, found


def test_a_subclass_of_a_base_from_another_file_is_still_resolved(tmp_path: Path) -> None:
    # the same names, but the base is imported, not the file's own: a Lightning callback
    (tmp_path / "lightning_cb.py").write_text(textwrap.dedent(LIGHTNING))
    (tmp_path / "user.py").write_text(
        "from lightning_cb import Callback\n\n"
        "class Stop(Callback):\n"
        "    def on_epoch_end(self, trainer, pl_module):\n"
        "        pass\n"
    )
    found = {(Path(x.path).name, x.line, x.code) for x in lint_paths([tmp_path])}
    assert ("user.py", 4, "LS113") in found, found
