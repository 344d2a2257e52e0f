"""What users (and agents) type: bad input is refused with one line, hostile strings never
reach generated code unescaped, and the catalogue says exactly what exists. No torch here."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lightning_skill.catalog import load_catalog
from lightning_skill.errors import UsageError
from lightning_skill.render import render_project, render_single_file
from lightning_skill.resources import templates_dir
from lightning_skill.spec import build_spec

CATALOG = load_catalog()
TASKS = list(CATALOG.tasks)
HOSTILE = 'X(): pass\nimport os; os.system("echo pwned")'


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lightning_skill", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


def _incompatible_pair() -> tuple[str, str]:
    """gan + csv when gan exists, else the first task/source pair the catalogue refuses."""
    if "gan" in CATALOG.tasks and "csv" not in CATALOG.tasks["gan"].sources:
        return "gan", "csv"
    for task in CATALOG.tasks.values():
        for source in CATALOG.sources:
            if source not in task.sources:
                return task.name, source
    pytest.skip("every task reads every source")


BAD = [
    (["--task", "no-such-task"], "--task"),
    (["--data", "no-such-source"], "--data"),
    (["--preset", "no-such-preset"], "--preset"),
    (["--logger", "no-such-logger"], "--logger"),
    (["--task", "{task}", "--data", "{source}", "--data-dir", "x"], "--data"),
    (["--package", "X(): pass"], "--package"),
    (["--set", "no_such_option=1"], "--set no_such_option"),
    (["--data-dir", "somewhere"], "--data-dir"),
]


@pytest.mark.parametrize("single_file", [False, True], ids=["project", "single-file"])
@pytest.mark.parametrize(("args", "field"), BAD, ids=[b[1] + str(i) for i, b in enumerate(BAD)])
def test_bad_input_exits_2_with_one_line_naming_the_field(tmp_path, args, field, single_file):
    task, source = _incompatible_pair()
    args = [a.format(task=task, source=source) for a in args]
    target = tmp_path / ("train.py" if single_file else "proj")
    result = cli("new", str(target), *args, *(["--single-file"] if single_file else []))
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and field in lines[0], result.stderr
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_incompatible_pair_names_both_sides(tmp_path):
    task, source = _incompatible_pair()
    result = cli("new", str(tmp_path / "p"), "--task", task, "--data", source, "--data-dir", "d")
    assert result.returncode == 2
    assert "--data" in result.stderr and task in result.stderr and source in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["new", str(Path("{tmp}") / HOSTILE)],
        ["new", "{tmp}/ok", "--package", HOSTILE],
        ["new", "{tmp}/ok", "--set", f"backbone={HOSTILE}"],
        ["wrap", "--model", f"tinynet:{HOSTILE}", "--out", "{tmp}/w.py"],
        ["wrap", "--model", "tinynet:TinyNet", "--name", HOSTILE, "--out", "{tmp}/w.py"],
        [
            "wrap",
            "--model",
            "tinynet:TinyNet",
            "--model-args",
            json.dumps({HOSTILE: 1}),
            "--out",
            "{tmp}/w.py",
        ],
        ["render", "module", "--set", f"backbone={HOSTILE}"],
    ],
    ids=["dir", "package", "choice-option", "wrap-model", "wrap-name", "wrap-args", "render"],
)
def test_code_injection_through_names_is_refused(tmp_path, args):
    result = cli(*[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert result.returncode == 2, result.stdout + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_unknown_render_and_wrap_choices_exit_2(tmp_path):
    assert cli("render", "nothing").returncode == 2
    assert cli("render", "module", "--format", "yaml").returncode == 2
    assert cli("render", "module", "--task", "nope").returncode == 2
    mismatch = cli(
        "wrap",
        "--model",
        "m:Net",
        "--loss",
        "mse",
        "--metric",
        "accuracy",
        "--out",
        str(tmp_path / "w.py"),
    )
    assert mismatch.returncode == 2 and "--metric" in mismatch.stderr
    assert not (tmp_path / "w.py").exists()


# --- hypothesis: every spec renders to compilable code, or is refused with a UsageError ------

NAMES = st.one_of(
    st.from_regex(r"[A-Za-z][A-Za-z0-9_-]{0,20}", fullmatch=True),
    st.text(min_size=1, max_size=30),
)
PATHS = st.text(min_size=1, max_size=60).filter(lambda s: "/" not in s or s.strip("/"))


def _option_values(task: str) -> st.SearchStrategy[dict[str, str]]:
    options = CATALOG.tasks[task].options
    values = st.one_of(
        st.integers(-10, 10**6).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(str),
        st.sampled_from(["true", "no", "1e-5", "3.5e2", "'", '"', "\n", "é"]),
        st.text(max_size=20),
        *(st.sampled_from(o.choices) for o in options.values() if o.choices),
    )
    return st.dictionaries(st.sampled_from(sorted(options)), values, max_size=4)


@st.composite
def specs(draw):
    task = draw(st.sampled_from(TASKS))
    source = draw(st.sampled_from(list(CATALOG.sources)))
    needs = CATALOG.sources[source].get("needs_data_dir")
    data_dir = draw(PATHS) if needs or draw(st.booleans()) else None
    return {
        "name": draw(NAMES),
        "package": draw(st.one_of(st.none(), NAMES)),
        "task": task,
        "source": source,
        "data_dir": data_dir,
        "preset": draw(st.sampled_from([*CATALOG.presets, "nope"])),
        "logger": draw(st.sampled_from([*CATALOG.loggers, "nope"])),
        "settings": draw(_option_values(task)),
    }


def _example(name: str, task: str = "image-classification", **settings: str) -> dict:
    return {
        "name": name,
        "package": None,
        "task": task,
        "source": "synthetic",
        "data_dir": None,
        "preset": "cpu-debug",
        "logger": "csv",
        "settings": settings,
    }


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(spec=specs())
# Found by a random run (issue 13): Path.resolve raised on the NUL byte before any check.
@example(spec=_example("\x00"))
@example(spec=_example("proj\n"))
@example(spec={**_example("ok"), "package": "mypkg\n"})
@example(spec=_example("causal", "causal-lm", d_model="10", n_heads="3"))
@example(spec=_example("seg", "segmentation", image_size="8", depth="6"))
def test_any_spec_renders_compilable_code_or_is_refused_with_one_line(spec):
    try:
        built = build_spec(
            CATALOG,
            target=Path("/tmp") / spec["name"],
            task=spec["task"],
            source=spec["source"],
            data_dir=spec["data_dir"],
            preset=spec["preset"],
            logger=spec["logger"],
            package=spec["package"],
            settings=spec["settings"],
        )
    except UsageError as exc:
        assert "\n" not in str(exc) and exc.field
        return
    files = render_project(built)
    for rel, text in files.items():
        if rel.endswith(".py"):
            compile(ast.parse(text, rel), rel, "exec")
        elif rel.endswith((".yaml", ".yml")):
            yaml.safe_load(text)
    single = render_single_file(built)  # the --single-file form of the same spec
    compile(ast.parse(single, "train.py"), "train.py", "exec")
    config = yaml.safe_load(files["configs/default.yaml"])
    # The data folder reaches the config exactly, whatever quotes/newlines/unicode it holds.
    assert config["data"]["data_dir"] == spec["data_dir"]
    for rel in files:
        assert not Path(rel).is_absolute() and ".." not in Path(rel).parts


@settings(max_examples=40, deadline=None)
@given(data_dir=st.text(min_size=1, max_size=80))
def test_data_dir_round_trips_through_the_yaml_config(data_dir):
    task = next(t for t in CATALOG.tasks.values() if len(t.sources) > 1)
    try:
        built = build_spec(
            CATALOG,
            target=Path("/tmp/rt"),
            task=task.name,
            source=task.sources[1],
            data_dir=data_dir,
        )
    except UsageError as exc:
        assert exc.field == "--data-dir"
        return
    config = yaml.safe_load(render_project(built)["configs/default.yaml"])
    assert config["data"]["data_dir"] == data_dir


def test_quotes_newlines_and_unicode_in_data_dir_are_kept_exactly():
    task = next(t for t in CATALOG.tasks.values() if len(t.sources) > 1)
    weird = "dir \"with\" 'quotes'\nnew line\t\\ é 😀 \u2028"
    built = build_spec(
        CATALOG, target=Path("/tmp/w"), task=task.name, source=task.sources[1], data_dir=weird
    )
    files = render_project(built)
    assert yaml.safe_load(files["configs/default.yaml"])["data"]["data_dir"] == weird
    assert weird not in "".join(files.values())  # only ever written escaped


def test_small_floats_stay_floats_in_the_config():
    task = next(t for t in CATALOG.tasks.values() if "lr" in t.options)
    built = build_spec(CATALOG, target=Path("/tmp/f"), task=task.name, settings={"lr": "1e-5"})
    config = yaml.safe_load(render_project(built)["configs/default.yaml"])
    assert config["model"]["lr"] == pytest.approx(1e-5) and isinstance(config["model"]["lr"], float)


@pytest.mark.parametrize("source", CATALOG.tasks["timeseries-forecasting"].sources)
@pytest.mark.parametrize(("value", "expected"), [("s1", "s1"), ("s0, s1", ["s0", "s1"])])
def test_forecast_target_reaches_the_config_for_every_source(source, value, expected):
    """--set target names the forecast column(s) whatever the source (synthetic and array
    columns are s0, s1, ...); a comma-separated value is a list, what data.target takes."""
    data_dir = "/tmp/series.csv" if source == "csv" else "/tmp/series.npz"
    built = build_spec(
        CATALOG,
        target=Path("/tmp/fc"),
        task="timeseries-forecasting",
        source=source,
        data_dir=None if source == "synthetic" else data_dir,
        settings={"target": value},
    )
    config = yaml.safe_load(render_project(built)["configs/default.yaml"])
    assert config["data"]["target"] == expected


# --- the catalogue -------------------------------------------------------------------------


def test_catalog_json_lists_every_task_preset_and_logger_with_what_is_tested():
    result = cli("catalog", "--json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert set(data["tasks"]) == set(CATALOG.tasks)
    assert set(data["presets"]) == {
        "cpu-debug",
        "gpu-bf16",
        "ddp",
        "fsdp",
        "deepspeed",
        "multi-node",
    }
    assert set(data["loggers"]) == {"csv", "tensorboard", "wandb", "mlflow"}
    for section in ("presets", "loggers"):
        for name, entry in data[section].items():
            assert entry["tested"] and entry["summary"], (section, name)
    assert data["presets"]["deepspeed"]["packages"] == ["deepspeed"]
    assert "pip install deepspeed" in data["presets"]["deepspeed"]["summary"]


def test_every_preset_ships_as_a_config_file(tmp_path):
    assert cli("new", str(tmp_path / "p")).returncode == 0
    shipped = {p.stem for p in (tmp_path / "p" / "configs" / "presets").glob("*.yaml")}
    assert shipped == set(CATALOG.presets)
    for script in ("launch_torchrun.sh", "slurm.sbatch"):
        path = tmp_path / "p" / "scripts" / script
        assert subprocess.run(["bash", "-n", str(path)]).returncode == 0
        assert path.stat().st_mode & 0o100


def test_task_trainer_mapping_is_merged_into_the_default_config(tmp_path):
    root = tmp_path / "templates"
    shutil.copytree(templates_dir(), root)
    task_dir = next(p for p in (root / "tasks").iterdir() if p.is_dir())
    task_yaml = task_dir / "task.yaml"
    raw = yaml.safe_load(task_yaml.read_text())
    raw["trainer"] = {"limit_val_batches": 0.5, "log_every_n_steps": 5, "max_epochs": 3}
    task_yaml.write_text(yaml.safe_dump(raw))
    catalog = load_catalog.__wrapped__(root)
    task = catalog.tasks[raw["name"]]
    assert task.trainer["limit_val_batches"] == 0.5
    spec = build_spec(catalog, target=tmp_path / "p", task=task.name)
    trainer = yaml.safe_load(render_project(spec)["configs/default.yaml"])["trainer"]
    assert trainer["limit_val_batches"] == 0.5 and trainer["log_every_n_steps"] == 5
    assert trainer["max_epochs"] == 3 and trainer["logger"]["class_path"].endswith("CSVLogger")
    raw["trainer"] = {"strategy": "ddp"}  # hardware belongs to the presets
    task_yaml.write_text(yaml.safe_dump(raw))
    with pytest.raises(ValueError, match="presets"):
        load_catalog.__wrapped__(root)
    raw["trainer"] = {"gradient_clip_val": 1.0}  # a common option: set through its default
    task_yaml.write_text(yaml.safe_dump(raw))
    with pytest.raises(ValueError, match="common option"):
        load_catalog.__wrapped__(root)


def test_scaffolding_a_project_takes_under_half_a_second(tmp_path):
    from lightning_skill.cli import main

    main(["new", str(tmp_path / "warm"), "--dry-run"])  # import and cache the catalogue
    start = time.perf_counter()
    for i, task in enumerate(TASKS):
        assert main(["new", str(tmp_path / f"p{i}"), "--task", task]) == 0
    per_project = (time.perf_counter() - start) / len(TASKS)
    assert per_project < 0.5, per_project


# --- names: refused before anything is written, blaming the right field ----------------------


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["{tmp}/class"], "DIR"),  # the package comes from the folder: blame the folder
        (["{tmp}/ok", "--package", "class"], "--package"),
        (["{tmp}/numpy"], "DIR"),
        (["{tmp}/ok", "--package", "yaml"], "--package"),
        (["{tmp}/pytorch_lightning"], "DIR"),
        (["{tmp}/lightning-fabric"], "DIR"),  # '-' becomes '_': lightning_fabric
        (["{tmp}/json"], "DIR"),
        (["{tmp}/proj\n"], "DIR"),
        (["{tmp}/ok", "--package", "mypkg\n"], "--package"),
        (["{tmp}/a\x00b"], "DIR"),
        ([""], "DIR"),
        (["{tmp}/ok", "--task", "causal-lm", "--set", "d_model=10", "--set", "n_heads=3"], "--set"),
        (
            ["{tmp}/ok", "--task", "segmentation", "--set", "image_size=8", "--set", "depth=6"],
            "--set",
        ),
    ],
)
def test_bad_names_and_option_combinations_write_nothing(
    tmp_path, capsys, monkeypatch, args, field
):
    from lightning_skill.cli import main

    monkeypatch.chdir(tmp_path)  # `new ""` must not scaffold into the current folder
    assert main(["new", *(a.replace("{tmp}", str(tmp_path)) for a in args)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and f"error: {field}" in err, err
    assert list(tmp_path.iterdir()) == []


def test_a_project_may_shadow_only_itself(tmp_path, monkeypatch):
    """A package found only inside the target (an editable install of an earlier `new`) is the
    project itself, so `new --force` may regenerate it."""
    from lightning_skill.spec import check_package_name

    target = tmp_path / "myproj_h4"
    (target / "src" / "myproj_h4").mkdir(parents=True)
    (target / "src" / "myproj_h4" / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(target / "src"))
    check_package_name("myproj_h4", "DIR", project=target)
    with pytest.raises(UsageError, match="would shadow"):
        check_package_name("myproj_h4", "DIR", project=tmp_path / "elsewhere")


WRAP_BAD = [
    (["--model-args", '{"x": 1e999}'], "--model-args"),
    (["--model-args", '{"x": NaN}'], "--model-args"),
    (["--model-args", '{"x": -Infinity}'], "--model-args"),
    (["--model-args", '{"x": ' + "9" * 5000 + "}"], "--model-args"),
    (["--model-args", '{"x": ' + "9" * 30 + "}"], "--model-args"),
    (["--model-args", '{"torch": 1}'], "--model-args"),  # would hide torch inside __init__
    (["--name", "F"], "--name"),
    (["--name", "torch"], "--name"),
    (["--name", "L"], "--name"),
    (["--name", "Tensor"], "--name"),
    (["--name", "Foo\n"], "--name"),
    (["--lr", "nan"], "--lr"),
    (["--lr", "inf"], "--lr"),
]


@pytest.mark.parametrize(("args", "field"), WRAP_BAD, ids=[str(i) for i in range(len(WRAP_BAD))])
def test_wrap_refuses_what_would_not_run(tmp_path, capsys, args, field):
    from lightning_skill.cli import main

    shutil.copy(Path(__file__).parent / "fixtures" / "tinynet.py", tmp_path / "tinynet.py")
    out = tmp_path / "lit.py"
    assert main(["wrap", "--model", "tinynet:TinyNet", *args, "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and f"error: {field}" in err, err
    assert not out.exists()


@pytest.mark.parametrize(
    ("model", "words"),
    [
        ("no_such_module_h4:Net", "no module"),
        ("tinynet.sub:Net", "no module"),  # a plain module has no submodules
        ("tinynet:NoSuchClass", "defines no 'NoSuchClass'"),
        ("broken:Net", "does not parse"),
    ],
)
def test_wrap_checks_the_model_at_generation_time(tmp_path, capsys, model, words):
    from lightning_skill.cli import main

    shutil.copy(Path(__file__).parent / "fixtures" / "tinynet.py", tmp_path / "tinynet.py")
    (tmp_path / "broken.py").write_text("class Net(:\n")
    out = tmp_path / "lit.py"
    assert main(["wrap", "--model", model, "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "error: --model" in err and words in err, err
    assert not out.exists()
    # Found beside the output file, or installed; never executed (this one would raise).
    (tmp_path / "loud.py").write_text("raise SystemExit('imported!')\nclass Net: ...\n")
    assert main(["wrap", "--model", "loud:Net", "--out", str(out)]) == 0
    assert main(["wrap", "--model", "torchvision.models:resnet18", "--out", "-"]) == 0


# --- hypothesis through `new` itself: accepted means ruff-clean on disk, refused means nothing -


@st.composite
def new_argv(draw):
    task = draw(st.sampled_from(TASKS))
    argv = [draw(NAMES), "--task", task]
    package = draw(st.one_of(st.none(), NAMES))
    if package is not None:
        argv += ["--package", package]
    for name, value in draw(_option_values(task)).items():
        argv += ["--set", f"{name}={value}"]
    return argv


@settings(max_examples=25, deadline=None)
@given(argv=new_argv())
@example(argv=["\x00", "--task", "image-classification"])
@example(argv=["ok", "--task", "causal-lm", "--set", "d_model=12", "--set", "n_heads=3"])
@example(argv=["ok", "--task", "segmentation", "--set", "image_size=8", "--set", "depth=3"])
def test_new_writes_a_ruff_clean_project_or_nothing(argv):
    import contextlib
    import io
    import tempfile

    from lightning_skill.cli import main

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            # Inside root whatever was drawn: no absolute path, no climbing out with "..".
            target = root / "w" / argv[0].replace("/", "_")
            code = main(["new", str(target), *argv[1:]])
        if code != 0:
            assert code == 2 and len(err.getvalue().strip().splitlines()) == 1, err.getvalue()
            assert list(root.iterdir()) == []
            return
        projects = [p.parent for p in root.rglob("pyproject.toml")]
        assert len(projects) == 1
        for command in (["check"], ["format", "--check"]):
            result = subprocess.run(
                [sys.executable, "-m", "ruff", *command, "--no-cache", "--line-length", "100"],
                cwd=projects[0],
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert result.returncode == 0, result.stdout[-3000:]


@pytest.mark.slow
def test_the_smallest_specs_the_constraints_accept_validate(tmp_path, warm_pool):
    """At the edge of each constraint, what `new` accepts trains (fit/predict, fast_dev_run)."""
    from lightning_skill.cli import main
    from lightning_skill.validate import validate_many

    edges = {
        "seg": ["--task", "segmentation", "--set", "image_size=8", "--set", "depth=3"],
        "lm": ["--task", "causal-lm", "--set", "d_model=12", "--set", "n_heads=3"],
    }
    for name, args in edges.items():
        assert main(["new", str(tmp_path / name), *args]) == 0
    reports = validate_many(
        [tmp_path / name for name in edges],
        checks=["import", "discover", "instantiate", "fit", "predict"],
        runner=warm_pool,
    )
    for name, report in zip(edges, reports, strict=True):
        assert report.passed, (name, [c for c in report.checks if c.status == "fail"])


# --- task constraints: a tiny expression form, never eval'd ----------------------------------


@pytest.mark.parametrize(
    ("check", "words"),
    [
        ("__import__('os').system('x') == 0", "Call"),
        ("d_model.bit_length() > 1", "is not allowed"),
        ("[d_model][0] > 1", "is not allowed"),
        ("d_model > n_layers_typo", "not an option"),
        ("d_model == b'x'", "only numbers and strings"),
        ("d_model %", "invalid syntax"),
        ("1 == 1", "names no option"),
    ],
)
def test_a_constraint_outside_the_tiny_language_fails_the_catalogue(check, words):
    from lightning_skill.constraints import parse_constraints

    with pytest.raises(ValueError, match=words):
        parse_constraints([{"check": check, "message": "m"}], ["d_model", "n_heads"], "t.yaml")


def test_constraints_evaluate_without_eval_and_cap_powers():
    from lightning_skill.constraints import first_violation, parse_constraints

    rules = parse_constraints(
        [
            {"check": "a % b == 0 and not a < 0", "message": "multiple"},
            {"check": "c >= 2 ** d", "message": "power"},
        ],
        ["a", "b", "c", "d"],
        "t.yaml",
    )
    assert first_violation(rules, {"a": 12, "b": 3, "c": 8, "d": 3}) is None
    assert first_violation(rules, {"a": 10, "b": 3, "c": 8, "d": 3}).message == "multiple"
    assert first_violation(rules, {"a": 12, "b": 0, "c": 8, "d": 3}).message == "multiple"
    assert first_violation(rules, {"a": 12, "b": 3, "c": 7, "d": 3}).message == "power"
    # A huge exponent is a violation, not a minutes-long bignum.
    assert first_violation(rules, {"a": 12, "b": 3, "c": 8, "d": 10**9}).message == "power"
    data = json.loads(cli("catalog", "--json").stdout)
    assert any(
        rule["check"] == "d_model % n_heads == 0"
        for rule in data["tasks"]["causal-lm"]["constraints"]
    )
