"""Property test: whatever mix of 1.x Trainer arguments and layout, --fix yields code that
compiles (no duplicate keywords), is stable under a second --fix, and leaves nothing fixable."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lightning_skill.lint import fix_paths, lint_paths

ARGS = {
    "gpus": ["0", "1", "2", "-1", "[0, 1]", "'0,1'", "None", "n_gpus"],
    "tpu_cores": ["8", "None"],
    "num_processes": ["1", "4"],
    "checkpoint_callback": ["True", "False"],
    "replace_sampler_ddp": ["False", "flag"],
    "reload_dataloaders_every_epoch": ["True", "False"],
    "weights_summary": ["None", "'top'", "'full'"],
    "progress_bar_refresh_rate": ["0", "20"],
    "distributed_backend": ["'ddp'", "'dp'"],
    "amp_backend": ["'native'", "'apex'"],
    "precision": ["16", "'16'", "'bf16'", "32", "'16-mixed'"],
    "accelerator": ["'cpu'", "'gpu'", "'ddp'", "'auto'"],
    "strategy": ["'ddp'", "'ddp_sharded'", "'fsdp_native'"],
    "devices": ["1", "2"],
    "max_epochs": ["3"],
    "resume_from_checkpoint": ["'last.ckpt'", "ckpt"],
}


@st.composite
def trainer_calls(draw: st.DrawFn) -> str:
    names = draw(st.lists(st.sampled_from(sorted(ARGS)), min_size=1, max_size=6, unique=True))
    args = [f"{n}={draw(st.sampled_from(ARGS[n]))}" for n in names]
    # one line; one per line with a trailing comma, as formatters write it; one per line without
    layout = draw(st.sampled_from(["line", "line,", "lines,", "lines"]))
    if layout in ("line", "line,"):
        body = ", ".join(args) + layout[4:]  # "line,": a bare trailing comma
    else:
        body = "".join(f"\n    {a}," for a in args)
        body = (body if layout == "lines," else body[:-1]) + "\n"
    fit = "trainer.fit(model)\n" if draw(st.booleans()) else ""
    return f"{_HEAD}trainer = pl.Trainer({body}){_TAIL}{fit}"


_HEAD, _TAIL = "import lightning.pytorch as pl\n\n", "  # keep this comment\n"


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(source=trainer_calls())
# the last argument split in two: after a bare trailing comma; on its own line, without one
@example(source=f"{_HEAD}trainer = pl.Trainer(max_epochs=1, tpu_cores=8,){_TAIL}")
@example(source=f"{_HEAD}trainer = pl.Trainer(\n    max_epochs=1,\n    gpus=2\n){_TAIL}")
def test_fix_is_valid_and_stable(tmp_path: Path, source: str) -> None:
    f = tmp_path / "train.py"
    f.write_text(source)
    fix_paths([f])
    once = f.read_text()
    compile(once, "train.py", "exec")  # a duplicated keyword would be a SyntaxError
    assert "# keep this comment" in once
    lines = once.splitlines()
    assert all(line == line.rstrip() for line in lines), once  # no trailing blanks left behind
    call = next(line for line in lines if line.startswith("trainer = pl.Trainer("))
    assert not re.search(r",[A-Za-z_]", call), once  # on one line: ", " between arguments
    if "trainer = pl.Trainer(" in lines:  # one argument per line: new ones too, indented alike
        start, end = lines.index("trainer = pl.Trainer("), lines.index(")  # keep this comment")
        inner = lines[start + 1 : end]
        assert all(re.fullmatch(r"    \w+=\S.*", line) for line in inner), once
    fix_paths([f])
    assert f.read_text() == once
    assert not [x for x in lint_paths([f]) if x.fixable]
