"""Hyper-parameter search of a generated project: a 4-trial study with one pruned trial,
SIGKILLed mid-study and relaunched, keeps its finished trials and reaches its count; the best
config re-runs with `fit -c`; missing optional packages and bad spaces are one line, exit 2."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import lightning  # noqa: F401  (imported once here, not under a test's captured stderr)
import pytest
import yaml
from experiments_helpers import TINY, command, imported, run_module, scaffold

pytest.importorskip("optuna", reason="optuna is a dev dependency (the [search] extra)")
pytest.importorskip("optuna_integration", reason="optuna-integration is a dev dependency")

# A grid over four learning rates: every one runs exactly once, in any order and across
# relaunches. lr=1000 diverges at once (val_loss far above 5, or NaN), which the threshold
# pruner stops after its first validation epoch; the three sane rates stay well below 5.
SPACE = {
    "study": {
        "name": "kill-test",
        "monitor": "val_loss",
        "direction": "minimize",
        "n_trials": 4,
        "sampler": {"type": "grid", "seed": 0},
        "pruner": {"type": "threshold", "upper": 5.0},
    },
    "space": {"model.lr": {"type": "categorical", "choices": [0.003, 0.01, 1000.0, 0.001]}},
}
RUN = [*TINY, "--trainer.max_epochs=2", "--trainer.limit_val_batches=2"]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    path = scaffold(tmp_path_factory.mktemp("exp"), "exp_search", "tabular-classification")
    (path / "configs" / "kill.yaml").write_text(yaml.safe_dump(SPACE))
    return path


def finished(db) -> list[tuple[int, str]]:
    if not db.exists():
        return []
    with sqlite3.connect(db, timeout=30) as conn:
        try:
            rows = conn.execute(
                "SELECT number, state FROM trials WHERE state IN ('COMPLETE', 'PRUNED')"
            ).fetchall()
        except sqlite3.OperationalError:  # tables not created yet
            return []
    return sorted(rows)


@pytest.mark.slow  # three processes' worth of imports and eight tiny fits
def test_study_prunes_survives_sigkill_and_resumes(project):
    out = project / "logs" / "search" / "kill-test"
    db = out / "study.db"
    args = ["--space", "configs/kill.yaml", *RUN]
    env = {**os.environ, "PYTHONPATH": str(project / "src"), "PYTHONWARNINGS": "ignore"}
    env["OMP_NUM_THREADS"] = "1"
    first = subprocess.Popen(
        [sys.executable, "-m", "exp_search.experiments.search", *args],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 600
    try:
        while not finished(db) and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert first.poll() is None, first.stderr.read().decode()[-3000:]
        os.killpg(first.pid, signal.SIGKILL)  # mid-study: the next trial is already running
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
        first.wait()
        first.stderr.close()
    before = finished(db)
    assert 1 <= len(before) < 4, before

    second = run_module(project, "experiments.search", *args)
    assert second.returncode == 0, second.stderr[-3000:]
    assert f"resuming study kill-test: {len(before)} of 4" in second.stdout
    after = finished(db)
    assert len(after) == 4 and set(before) <= set(after), (before, after)

    summary = json.loads((out / "summary.json").read_text())
    assert summary["trials"]["complete"] == 3 and summary["trials"]["pruned"] == 1
    with sqlite3.connect(db) as conn:
        pruned_lr = conn.execute(
            "SELECT p.param_value FROM trial_params p JOIN trials t USING (trial_id) "
            "WHERE t.state = 'PRUNED'"
        ).fetchall()
    assert len(pruned_lr) == 1  # the lr=1000 trial (categorical: the choice's index, 2)
    assert pruned_lr[0][0] == 2.0
    best = yaml.safe_load((out / "best.yaml").read_text())
    assert best["model"]["lr"] == summary["best"]["params"]["model.lr"] != 1000.0
    trials = (out / "trials.csv").read_text().splitlines()
    assert trials[0].startswith("number,state,value,params.model.lr")
    assert (out / "history.png").stat().st_size > 0

    # The best config re-runs with fit -c, and fit trains with its learning rate.
    with imported(project) as package:
        cli = command(package, "").cli_main(["fit", "-c", str(out / "best.yaml"), *RUN])
    assert cli.model.hparams.lr == best["model"]["lr"]
    assert cli.trainer.state.finished and cli.trainer.current_epoch == 2


@pytest.mark.parametrize("module", ["optuna", "optuna_integration"])
def test_missing_optuna_is_one_line_exit_2(project, module, monkeypatch, capsys):
    with imported(project) as package:
        search = command(package, "search")
        monkeypatch.setitem(sys.modules, module, None)  # import fails as if not installed
        with pytest.raises(SystemExit) as exit_info:
            search.main(["--space", "configs/kill.yaml", *RUN])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"exp_search: error: this command needs '{module}': pip install -e \".[search]\""
    ]


@pytest.mark.parametrize(
    ("space", "message"),
    [
        ({"model.lr": {"type": "float", "low": 1, "high": 0.1}}, "low 1.0 is above high 0.1"),
        ({"model.lr": {"type": "float", "low": 0, "high": 1, "log": True}}, "log scale"),
        ({"model.lr": {"type": "uniform"}}, "space.model.lr.type"),
        ({"model.lrr": {"type": "float", "low": 0.1, "high": 1}}, "space.model.lrr: not a config"),
        ({"model.lr": {"type": "float", "low": "1e-4", "high": "x"}}, "lr.high: expected a number"),
    ],
)
def test_bad_search_space_is_one_line_exit_2(project, space, message, capsys):
    (project / "configs" / "bad.yaml").write_text(yaml.safe_dump({"space": space}))
    with imported(project) as package:
        search = command(package, "search")
        with pytest.raises(SystemExit) as exit_info:
            search.main(["--space", "configs/bad.yaml", *TINY])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0], err


def test_task_without_a_validation_metric_asks_for_one(tmp_path, capsys):
    """The GAN logs no validation metric: search says so before any trial, in one line."""
    gan = scaffold(tmp_path, "exp_gan", "gan")
    with imported(gan) as package, pytest.raises(SystemExit) as exit_info:
        command(package, "search").main(["--trainer.max_epochs=1"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "study.monitor: name the validation metric" in err[0], err
    assert not (gan / "logs" / "search").exists()  # no study was created


def test_stale_trial_of_a_dead_process_is_failed_and_retried(project, monkeypatch):
    """A trial whose process died (its heartbeat stopped) is marked failed by the next trial
    any search process starts, and its values are queued again and run."""
    import optuna

    space = {**SPACE, "study": {**SPACE["study"], "name": "retry-test", "n_trials": 1}}
    (project / "configs" / "retry.yaml").write_text(yaml.safe_dump(space))
    out = project / "logs" / "search" / "retry-test"
    out.mkdir(parents=True)
    url = f"sqlite:///{out / 'study.db'}"
    storage = optuna.storages.RDBStorage(url, heartbeat_interval=1, grace_period=2)
    study = optuna.create_study(study_name="retry-test", storage=storage, direction="minimize")
    choices = SPACE["space"]["model.lr"]["choices"]
    # The lost trial holds a learning rate that trains (the space's 1000.0 diverges, and a
    # retried trial that diverges is pruned, leaving no complete trial): drawn at random, it
    # made this test fail one run in four.
    study.enqueue_trial({"model.lr": choices[0]})
    dead = study.ask({"model.lr": optuna.distributions.CategoricalDistribution(choices)})
    dead.suggest_categorical("model.lr", choices)
    storage.record_heartbeat(dead._trial_id)  # ...and then the process "dies"
    lost_lr = dead.params["model.lr"]
    with imported(project) as package:
        search = command(package, "search")
        monkeypatch.setattr(search, "HEARTBEAT_S", 1)
        monkeypatch.setattr(search, "GRACE_S", 2)
        # SQLite keeps heartbeats to the second: wait out the 2 s grace by a clear margin.
        time.sleep(3.5)
        assert search.main(["--space", "configs/retry.yaml", *RUN]) == 0
    trials = optuna.load_study(study_name="retry-test", storage=url).trials
    assert trials[0].state == optuna.trial.TrialState.FAIL
    retried = [t for t in trials[1:] if t.system_attrs.get("failed_trial") == trials[0].number]
    assert lost_lr == choices[0]
    assert len(retried) == 1 and retried[0].params["model.lr"] == lost_lr
    assert retried[0].state in (optuna.trial.TrialState.COMPLETE, optuna.trial.TrialState.PRUNED)
