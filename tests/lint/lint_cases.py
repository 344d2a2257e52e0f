# ruff: noqa: E501  (code snippets read better unbroken)
"""Per-rule examples: each rule has source that must trigger it and source that must not.

``FIXES`` pairs a failing example with the exact text ``--fix`` must produce.
"""

from __future__ import annotations

import textwrap

HEADER = "import lightning.pytorch as pl\nimport torch\n"


def src(body: str, header: str = HEADER) -> str:
    return header + textwrap.dedent(body)


LM = "class M(pl.LightningModule):\n"
CB = "class C(pl.Callback):\n"

# code -> (failing examples, passing examples)
CASES: dict[str, tuple[list[str], list[str]]] = {
    "LS101": (
        [
            # pl used where nothing binds it: a snippet run in a notebook's namespace
            src(
                "trainer = pl.Trainer(max_epochs=1, progress_bar_refresh_rate=50)\n",
                "import time\n",
            ),
            # 1.x's default devices=None, set in the call's scope and passed on by name
            src(
                "def f():\n    devices = None\n    return pl.Trainer(max_epochs=1, devices=devices)\n"
            ),
            # a command-line flag of a namespace splatted into the Trainer whole
            src(
                "import argparse\nparser = argparse.ArgumentParser()\nparser.add_argument('--gpus', type=int, default=1)\nargs = parser.parse_args()\nt = pl.Trainer(**vars(args))\n"
            ),
            src(
                "import argparse\nparser = argparse.ArgumentParser()\nparser.add_argument('--progress-bar-refresh-rate', type=int)\nargs = parser.parse_args()\nt = pl.Trainer(**dict(vars(args), max_epochs=1))\n"
            ),
            # a function's result splatted into the Trainer: its returned dict, literal, dict(...)
            # or filled key by key
            src(
                "def get_trainer_kwargs(args):\n    kwargs = {'max_epochs': args.epochs}\n    if args.gpus:\n        kwargs['gpus'] = args.gpus\n    return kwargs\n\nt = pl.Trainer(**get_trainer_kwargs(args))\n"
            ),
            src(
                "def trainer_defaults():\n    return dict(max_epochs=10, weights_summary=None)\n\nt = pl.Trainer(**trainer_defaults(), logger=False)\n"
            ),
            src(
                "class Runner:\n    def _trainer_args(self):\n        return {'max_epochs': 1, 'checkpoint_callback': False}\n\n    def run(self):\n        return pl.Trainer(**self._trainer_args())\n"
            ),
            # a partial of the Trainer called later; a conditional dict splatted in
            src(
                "import functools\nmake = functools.partial(pl.Trainer, max_epochs=1)\nt = make(gpus=2)\n"
            ),
            src("t = pl.Trainer(max_epochs=1, **({'gpus': 1} if args.gpu else {}))\n"),
            # darts' pl_trainer_kwargs= handed a dict built elsewhere: a function's returned dict
            # (literal or filled by key), a variable, a grid search's list of candidates
            src(
                "class Exp:\n    def _trainer_params(self):\n        return {'max_epochs': 10, 'gpus': 1}\n\n    def model(self):\n        hp = {'input_chunk_length': 2, 'pl_trainer_kwargs': self._trainer_params()}\n        return TSMixerModel(**hp)\n",
                "from darts.models import TSMixerModel\n",
            ),
            src(
                "def trainer_params():\n    params = {}\n    params['gpus'] = -1\n    return params\n\nm = TCNModel(input_chunk_length=3, pl_trainer_kwargs=trainer_params())\n",
                "from darts.models import TCNModel\n",
            ),
            src(
                "kw = {'gpus': 1}\nm = TCNModel(input_chunk_length=3, pl_trainer_kwargs=kw)\n",
                "from darts.models import TCNModel\n",
            ),
            src(
                "grid = dict(kernel_size=[3], pl_trainer_kwargs=[{'gpus': [0], 'auto_select_gpus': True}])\n",
                "from darts.models import TCNModel\n",
            ),
            # a config's pl_trainer section, set in code
            src("def f(conf):\n    conf.train.pl_trainer.gpus = 1\n"),
            # Hydra's instantiate() hands its keywords to the Trainer a config section builds
            src(
                "from hydra.utils import instantiate\nt = instantiate(config.trainer, callbacks=cbs, resume_from_checkpoint=path)\n"
            ),
            # cls(...) in a Trainer subclass's alternative constructor
            src(
                "class T(pl.Trainer):\n    @classmethod\n    def from_config(cls, c):\n        return cls(max_epochs=1, auto_select_gpus=True)\n"
            ),
            # the Trainer class kept on a class, the explicit base __init__, dict merges
            src(
                "class Task:\n    trainer_cls = pl.Trainer\n\n    def fit(self):\n        return self.trainer_cls(max_epochs=1, gpus=1)\n"
            ),
            src(
                "class T(pl.Trainer):\n    def __init__(self, gpus=0, **kw):\n        pl.Trainer.__init__(self, gpus=gpus, **kw)\n"
            ),
            src("kw = {'max_epochs': 1}\nkw |= {'gpus': 1}\nt = pl.Trainer(**kw)\n"),
            src("t = pl.Trainer(**(base | {'auto_select_gpus': True}))\n"),
            src("t = pl.Trainer(**{**base, **{'weights_summary': None}})\n"),
            # Hydra's override prefixes: + adds a key, ++ adds or sets it
            src("cmd = ['train.py', '++trainer.gpus=1']\n"),
            # a dict named for Trainer arguments, set key by key (taming-transformers' main.py)
            src(
                "trainer_config = lightning_config.get('trainer', {})\ntrainer_config['distributed_backend'] = 'ddp'\n"
            ),
            # a Hydra structured config: instantiate() passes each field to its _target_
            src(
                "from dataclasses import dataclass\n\n@dataclass\nclass C:\n    _target_: str = 'pytorch_lightning.trainer.Trainer'\n    gpus: int = 0\n",
                "",
            ),
            src(
                "from dataclasses import dataclass\n\n@dataclass\nclass C:\n    _target_: str = 'pytorch_lightning.Trainer'\n    max_steps: Optional[int] = None\n",
                "",
            ),
            # a star import brought `pl` (icevision.all, fastai)
            src(
                "from icevision.all import *\nt = pl.Trainer(max_epochs=1, weights_summary=None)\n",
                "",
            ),
            # one command line written in pieces
            src("args = (' --max_epochs 1'\n    ' --gpus 0')\n", ""),
            src("pl.Trainer(max_epochs=1, devices=None)\n"),
            src("pl.Trainer(max_epochs=1, max_steps=None)\n"),  # -1 means no limit in 2.x
            src("t = pl.Trainer(max_epochs=1, gpus=2)\n"),
            src("t = pl.Trainer(max_epochs=1, auto_lr_find=True)\n"),
            src("from pytorch_lightning import Trainer\nTrainer(max_epochs=1, tpu_cores=8)\n", ""),
            src("import lightning as L\nL.Trainer(max_epochs=1, track_grad_norm=2)\n", ""),
            src("t = pl.Trainer(max_epochs=1, resume_from_checkpoint='last.ckpt')\n"),
            src("kw = {'gpus': 1}\nt = pl.Trainer(max_epochs=1, **kw)\n"),
            src("kw = dict(max_epochs=1)\nkw['gpus'] = 1\nt = pl.Trainer(**kw)\n"),
            src("t = pl.Trainer(**{'max_epochs': 1, 'gpus': 1})\n"),
            src("t = pl.Trainer(**dict(vars(args), max_epochs=1, weights_summary=None))\n"),
            src("class T(pl.Trainer):\n    pass\nT(gpus=1)\n"),
            src("args = ['fit', '--trainer.gpus=1']\n"),
            src(
                "class T(pl.Trainer):\n    def __init__(self, **kwargs):\n        kwargs['gpus'] = 1\n        super().__init__(**kwargs)\n"
            ),
            src("pl.Trainer.from_argparse_args(args, progress_bar_refresh_rate=20)\n"),
            # keyword dicts built other ways, a framework's Trainer, a subclass's super().__init__
            src("kw = dict(max_epochs=1, gpus=1)\nt = pl.Trainer(**kw)\n"),
            src("kw = {}\nkw.update(tpu_cores=8)\nt = pl.Trainer(**kw)\n"),
            src("kw = {}\nkw.update({'weights_summary': None})\nt = pl.Trainer(**kw)\n"),
            src("kw = {}\nkw.setdefault('early_stop_callback', True)\nt = pl.Trainer(**kw)\n"),
            src("import flash\nflash.Trainer(max_epochs=1, gpus=1)\n"),
            src(
                "class T(pl.Trainer):\n    def __init__(self):\n        super().__init__(max_epochs=1, gpus=1)\n"
            ),
            src("args = ['fit', '--trainer.gpus', '1']\n"),
            # set in a loaded config's trainer section, which reaches Trainer(**cfg.trainer)
            src(
                "cfg = load()\ncfg.trainer.resume_from_checkpoint = 'last.ckpt'\npl.Trainer(**cfg.trainer)\n"
            ),
            # a Trainer-options dict kept on the object or annotated (darts' trainer_params)
            src(
                "class F:\n    def __init__(self):\n        self.trainer_params: dict = {'max_epochs': 1}\n"
                "        self.trainer_params['progress_bar_refresh_rate'] = 0\n    def fit(self):\n        run(self.trainer_params)\n"
            ),
            src("trainer_params: dict = {'gpus': 1}\nrun(trainer_params)\n"),
            # two Trainer options make a command line a Trainer's, Lightning imported or not
            src("run_script('--max_epochs 1 --gpus 2')\n", ""),
            # a dict of Trainer options handed to a helper that builds the Trainer
            src(
                "trainer_options = dict(max_epochs=1, progress_bar_refresh_rate=0)\nrun(trainer_options)\n"
            ),
            src("pl.Trainer(max_epochs=1, nb_gpu_nodes=2)\n"),
            # a dict kept on the object, functools.partial, an alias of the Trainer class
            src(
                "class R:\n    def __init__(self):\n        self.trainer_kwargs = dict(max_epochs=1, gpus=1)\n"
                "    def run(self):\n        return pl.Trainer(**self.trainer_kwargs)\n"
            ),
            src("import functools\nmake = functools.partial(pl.Trainer, max_epochs=1, gpus=2)\n"),
            src("trainer_cls = pl.Trainer\nt = trainer_cls(max_epochs=1, tpu_cores=8)\n"),
            # values 1.x took that 2.6 refuses: an epoch schedule, a bool profiler
            src("pl.Trainer(max_epochs=1, accumulate_grad_batches={0: 8, 4: 4})\n"),
            src(
                "kw = dict(accumulate_grad_batches=dict([(0, 8)]))\npl.Trainer(max_epochs=1, **kw)\n"
            ),
            src("pl.Trainer(max_epochs=1, profiler=True)\n"),
            # helpers that hand their keywords, or a dict argument, on to a Trainer
            src(
                "def make(tmp, **kw):\n    return pl.Trainer(default_root_dir=tmp, **kw)\nmake('x', gpus=1)\n"
            ),
            src(
                "def run(model, opts):\n    pl.Trainer(**opts)\nrun(None, {'max_epochs': 1, 'gpus': 2})\n"
            ),
            src("def run(opts):\n    pl.Trainer(**opts)\nkw = {}\nkw['gpus'] = 1\nrun(kw)\n"),
            src(
                "extra = {'gpus': 1}\nkw = dict(max_epochs=1)\nkw.update(extra)\npl.Trainer(**kw)\n"
            ),
            # command lines Trainer.add_argparse_args parsed, LightningCLI defaults, framework dicts
            src("argv = ['train.py', '--max_epochs=1', '--gpus=2']\n"),
            src("ARGS = '--max_epochs 1 --progress_bar_refresh_rate 0'\n"),
            src("parser.set_defaults({'trainer.gpus': 1})\n"),
            src("optimize(data, trainer_kwargs=dict(gpus=1, max_epochs=3))\n"),
            src("cli = LightningCLI(M, trainer_defaults={'gpus': 1})\n"),
            # NeMo's TrainerConfig: a dataclass named for the Trainer, in a file that imports
            # only Hydra; and a call of it in another file of the run
            src(
                "from dataclasses import dataclass\n\n@dataclass\nclass TrainerConfig:\n    max_epochs: int = 1\n    num_nodes: int = 1\n    gpus: int = 0\n    accumulate_grad_batches: int = 1\n    log_every_n_steps: int = 50\n    progress_bar_refresh_rate: int = 1\n",
                "",
            ),
            src(
                "from nemo.core import config\nt = config.TrainerConfig(max_epochs=1, checkpoint_callback=False)\n\n"
            )
            + src(
                "from dataclasses import dataclass\n\n@dataclass\nclass TrainerConfig:\n    max_epochs: int = 1\n    sync_batchnorm: bool = False\n    gradient_clip_val: float = 0.0\n    accumulate_grad_batches: int = 1\n    check_val_every_n_epoch: int = 1\n    log_every_n_steps: int = 50\n",
                "",
            ),
        ],
        [
            # a pl of the file's own (a parameter) is not Lightning's
            src("def f(pl):\n    return pl.Trainer(gpus=1)\n", ""),
            # the flags of a namespace read one by one
            src(
                "import argparse\nparser = argparse.ArgumentParser()\nparser.add_argument('--gpus', type=int, default=1)\nargs = parser.parse_args()\nt = pl.Trainer(accelerator='gpu', devices=args.gpus)\n"
            ),
            # a function's dict splatted into something else
            src(
                "def resources():\n    return dict(gpus=1, cpus=2)\n\nactor = Worker.options(**resources())\nt = pl.Trainer(max_epochs=1)\n"
            ),
            src(
                "import functools\nmake = functools.partial(pl.Trainer, max_epochs=1)\nt = make(devices=2)\nt = pl.Trainer(max_epochs=1, **({'devices': 1} if args.gpu else {}))\n"
            ),
            # a function's dict handed to something else; 2.x options by the same route
            src(
                "def resources():\n    return {'gpus': 1, 'cpus': 4}\n\nactor = Worker.options(**resources())\n",
                "",
            ),
            src(
                "def trainer_params():\n    return {'accelerator': 'gpu', 'devices': 1}\n\nm = TCNModel(input_chunk_length=3, pl_trainer_kwargs=trainer_params())\n",
                "from darts.models import TCNModel\n",
            ),
            # a Trainer subclass that takes `gpus` itself and translates it (scvi-tools)
            src(
                "class T(pl.Trainer):\n    def __init__(self, gpus=None, **kw):\n        super().__init__(accelerator='gpu' if gpus else 'cpu', devices=gpus or 'auto', **kw)\n\nt = T(max_epochs=1, gpus=1)\n"
            ),
            # the same fields on a class whose name says nothing, in a file without Lightning
            src(
                "from dataclasses import dataclass\n\n@dataclass\nclass RunConfig:\n    max_epochs: int = 1\n    num_nodes: int = 1\n    gpus: int = 0\n    accumulate_grad_batches: int = 1\n    log_every_n_steps: int = 50\n    progress_bar_refresh_rate: int = 1\n",
                "",
            ),
            src("def f(conf):\n    n = conf.train.pl_trainer.gpus\n    self.pl_trainer.gpus = n\n"),
            # instantiate() of another section; cls(...) in another class's classmethod
            src("from hydra.utils import instantiate\nm = instantiate(config.model, gpus=2)\n"),
            src("class Net:\n    @classmethod\n    def make(cls):\n        return cls(gpus=1)\n"),
            # another class kept on a class, another base's __init__, a merge that reaches no Trainer
            src(
                "class Task:\n    model_cls = Net\n\n    def fit(self):\n        return self.model_cls(gpus=1)\n"
            ),
            src(
                "class T(Base):\n    def __init__(self, gpus=0):\n        Base.__init__(self, gpus=gpus)\n"
            ),
            src("opts = {}\nopts |= {'gpus': 1}\nrun(**opts)\n"),
            # ~ deletes the key: nothing reaches the Trainer
            src("cmd = ['train.py', '~trainer.gpus']\n"),
            # reading or deleting such a key, and a message that names an old flag
            src(
                "trainer_config = cfg.get('trainer', {})\nif 'gpus' in trainer_config:\n    n = trainer_config['gpus']\n    del trainer_config['gpus']\n"
            ),
            src("raise ValueError('use -n/--name in combination with --resume_from_checkpoint')\n"),
            # a dict named for something else
            src("model_config = cfg.get('model', {})\nmodel_config['gpus'] = 1\n"),
            src(
                "from dataclasses import dataclass\n\n@dataclass\nclass C:\n    _target_: str = 'mylib.Trainer'\n    gpus: int = 0\n",
                "",
            ),
            src(
                "from dataclasses import dataclass\n\n@dataclass\nclass C:\n    _target_: str = 'lightning.pytorch.Trainer'\n    devices: int = 1\n    max_steps: int = -1\n",
                "",
            ),
            # `pl` bound by the function itself (nothing binding it at all is a snippet run where
            # Lightning is `pl`: a failing example above)
            src(
                "from icevision.all import *\ndef f(pl):\n    return pl.Trainer(max_epochs=1, gpus=1)\n",
                "",
            ),
            # a message is no command line
            src("log.error(f'trainer.gpus={n} but ' f'--gpus {m}')\n", ""),
            src("print('run it with --gpus 2')\n"),
            # a bare string statement written in pieces
            src("(' --max_epochs 1'\n    ' --gpus 0')\n", ""),
            src("pl.Trainer(max_epochs=1, max_steps=-1, min_steps=None)\n"),
            src("gpus = 2\nt = pl.Trainer(max_epochs=1, devices=gpus)\n"),
            src("def Trainer(**kw): ...\nTrainer(gpus=2)\n"),  # not Lightning's Trainer
            src("cli_args = ['--trainer.devices=1', '--model.gpus=2']\n"),
            src("import argparse\np = argparse.ArgumentParser()\np.add_argument('--gpus')\n"),
            # Hugging Face's Trainer is not Lightning's; a dict never passed to a Trainer
            src("from transformers import Trainer\nTrainer(model=m, gpus=1)\n"),
            src("kw = dict(gpus=1)\nkw.update(tpu_cores=8)\nrun(**kw)\n"),
            src("model_options = dict(gpus=1)\ntrainer_name = {'gpus': 1}\n"),
            src("class F:\n    def __init__(self):\n        self.model_params = {'gpus': 1}\n"),
            # the helper's own gpus parameter; a docstring; a command line in a non-Lightning file
            src(
                "def make(tmp, gpus=0, **kw):\n    return pl.Trainer(default_root_dir=tmp, **kw)\nmake('x', gpus=1)\n"
            ),
            src('def f():\n    """Run it with --gpus 2."""\n'),
            src("argv = ['train.py', '--gpus', '2']\n", ""),
            src("run_script('--gpus 2 --batch_size 32')\n", ""),  # one Trainer option only
            src("build(model_kwargs={'gpus': 1})\n"),
            src(
                "class T(pl.Trainer):\n    pass\nclass U:\n    def __init__(self):\n        super().__init__(gpus=1)\n"
            ),
            # a dict on the object that no Trainer receives; a partial of something else
            src(
                "class R:\n    def __init__(self):\n        self.model_kwargs = dict(gpus=1)\n"
                "    def run(self):\n        return Net(**self.model_kwargs)\n"
            ),
            src("import functools\nmake = functools.partial(run, gpus=2)\n"),
            # the 2.x forms of two values 1.x took
            src("pl.Trainer(max_epochs=1, accumulate_grad_batches=4, profiler='simple')\n"),
        ],
    ),
    "LS102": (
        [
            # a module constant, a variable holding a choice of literals
            src("AMP = 16\n\ndef main():\n    return pl.Trainer(max_epochs=1, precision=AMP)\n"),
            src(
                "def main(args):\n    precision = 16 if args.fp16 else 32\n    return pl.Trainer(max_epochs=1, precision=precision)\n"
            ),
            src("pl.Trainer(max_epochs=1, precision=16)\n"),
            src("pl.Trainer(max_steps=1, precision='bf16')\n"),
        ],
        [
            # the function's own binding shadows the module's
            src(
                "precision = 16\n\ndef main():\n    precision = '16-mixed'\n    return pl.Trainer(max_epochs=1, precision=precision)\n"
            ),
            src("pl.Trainer(max_epochs=1, precision='16-mixed')\n"),
            src("pl.Trainer(max_epochs=1, precision=32)\n"),
        ],
    ),
    "LS103": (
        [
            src(
                "def main(args):\n    plugin = 'deepspeed_stage_2' if args.ds else 'ddp_sharded'\n    return pl.Trainer(max_epochs=1, strategy=plugin)\n"
            ),
            # a variable named for the strategy, set before it goes into the Trainer's kwargs
            src("strategy = 'ddp_sharded'\nkwargs['strategy'] = strategy\n"),
            # a literal assigned in the call's scope and passed on by name
            src(
                "def f(gpus):\n    strategy = 'ddp' if gpus > 1 else None\n    if gpus < 2:\n        strategy = 'dp'\n    return pl.Trainer(max_epochs=1, strategy=strategy)\n"
            ),
            src("pl.Trainer(max_epochs=1, accelerator=None)\n"),  # 1.x's default; 2.x's is 'auto'
            # ... also set in one branch and passed on by name (autogluon on one GPU)
            src(
                "def f(gpus, conf):\n    if gpus <= 1:\n        strategy = None\n    else:\n        strategy = conf.strategy\n    return pl.Trainer(max_epochs=1, strategy=strategy)\n"
            ),
            # 2.x plugins are objects: a strategy name there is refused
            src("pl.Trainer(max_epochs=1, plugins='ddp_sharded')\n"),
            src("pl.Trainer(max_epochs=1, plugins=['deepspeed'])\n"),
            src("pl.Trainer(max_epochs=1, strategy='dp')\n"),
            src("pl.Trainer(max_epochs=1, strategy='fsdp_native')\n"),
            src("pl.Trainer(max_epochs=1, accelerator='ddp')\n"),
            src("run_script('--max_epochs 1 --devices 2 --accelerator ddp')\n", ""),
            src("self_config = load()\nself_config.trainer.accelerator = 'ddp'\n"),
            src("pl.Trainer(max_epochs=1, accelerator='ipu')\n"),
            src(
                "trainer_options = dict(max_epochs=1, accelerator='ddp_cpu')\nrun(trainer_options)\n"
            ),
            src("trainer_kwargs = {'strategy': 'dp'}\nrun(trainer_kwargs)\n"),
        ],
        [
            # comparing with a 1.x name uses nothing; a 2.x name; a file without Lightning
            src("if strategy == 'ddp_sharded_spawn':\n    strategy = 'ddp'\n"),
            src("strategy = 'ddp_sharded'\n", "import torch\n"),
            src(
                "def f():\n    strategy = 'ddp'\n    return pl.Trainer(max_epochs=1, strategy=strategy)\n"
            ),
            # another function's assignment does not reach this call
            src(
                "def g():\n    strategy = 'dp'\n\ndef f(strategy):\n    return pl.Trainer(max_epochs=1, strategy=strategy)\n"
            ),
            # None that the code tests, and may replace, before the call
            src(
                "def f():\n    strategy = None\n    if strategy is None:\n        strategy = 'auto'\n    return pl.Trainer(max_epochs=1, strategy=strategy)\n"
            ),
            src(
                "def f():\n    accelerator = None\n    accelerator = accelerator or 'cpu'\n    return pl.Trainer(max_epochs=1, accelerator=accelerator)\n"
            ),
            src(
                "pl.Trainer(max_epochs=1, plugins=[pl.plugins.MixedPrecision('16-mixed', 'cuda')])\n"
            ),
            src(
                "pl.Trainer(max_epochs=1, accelerator='gpu', strategy='ddp_find_unused_parameters_true')\n"
            ),
        ],
    ),
    "LS104": (
        [
            # a dict literal of fit's keywords, splatted in
            src(
                "trainer = pl.Trainer(max_epochs=1)\nfit_kwargs = {'train_dataloader': dl, 'val_dataloaders': vdl}\ntrainer.fit(model, **fit_kwargs)\n"
            ),
            src("trainer = pl.Trainer(max_epochs=1)\ntrainer.fit(m, train_dataloader=dl)\n"),
            src("trainer = pl.Trainer(max_epochs=1)\ntrainer.test(m, test_dataloaders=dl)\n"),
        ],
        [
            src(
                "trainer = pl.Trainer(max_epochs=1)\nfit_kwargs = {'train_dataloaders': dl}\ntrainer.fit(model, **fit_kwargs)\nloader_kwargs = {'train_dataloader': dl}\nbuild(**loader_kwargs)\n"
            ),
            src("trainer = pl.Trainer(max_epochs=1)\ntrainer.fit(m, train_dataloaders=dl)\n"),
            src("from sklearn.svm import SVC\nSVC().fit(x, y)\n"),
        ],
    ),
    "LS105": (
        [
            # a LightningCLI subclass of the run hands its keywords on
            src(
                "from lightning.pytorch.cli import LightningCLI\nclass C(LightningCLI):\n    pass\nclass D(C):\n    pass\nD(M, save_config_overwrite=True)\n",
                "",
            ),
            src(
                "from lightning.pytorch.cli import LightningCLI\nLightningCLI(M, save_config_overwrite=True)\n"
            ),
            src(
                "from pytorch_lightning.utilities.cli import LightningCLI\nLightningCLI(M, seed_everything_default=None)\n",
                "",
            ),
            # 1.x's order by position: save_config_filename, then save_config_overwrite (1.5)
            src(
                "from pytorch_lightning.utilities.cli import LightningCLI\nLightningCLI(M, DM, SaveConfigCallback, 'config.yaml', True)\n",
                "",
            ),
            src(
                "from pytorch_lightning.utilities.cli import LightningCLI\nclass C(LightningCLI):\n    pass\nC(M, DM, None, 'cfg.yaml')\n",
                "",
            ),
            # anomalib's subclass hands the 1.x parameters on by position
            src(
                "from pytorch_lightning.utilities.cli import LightningCLI\nclass A(LightningCLI):\n    def __init__(self, model_class=None, save_config_filename='c.yaml', env_prefix='A'):\n        super().__init__(model_class, None, None, save_config_filename, env_prefix)\n",
                "",
            ),
        ],
        [
            src("class C:\n    pass\nC(save_config_overwrite=True)\n"),
            # the same names by position to another class's __init__, and 2.x's own by position
            src(
                "class A(Base):\n    def __init__(self, save_config_filename, env_prefix):\n        super().__init__(save_config_filename, env_prefix)\n",
                "",
            ),
            src(
                "from lightning.pytorch.cli import LightningCLI\nclass A(LightningCLI):\n    def __init__(self, model_class=None, datamodule_class=None):\n        super().__init__(model_class, datamodule_class)\n",
                "",
            ),
            src(
                "from lightning.pytorch.cli import LightningCLI\nLightningCLI(M, save_config_kwargs={'overwrite': True})\n"
            ),
            # 2.x's own order by position: save_config_kwargs, trainer_class, trainer_defaults, seed
            src(
                "from lightning.pytorch.cli import LightningCLI\nLightningCLI(M, DM, SaveConfigCallback, None, Trainer, None, 42, None, LightningArgumentParser, True, False, None, False)\n"
            ),
            src(
                "from lightning.pytorch.cli import LightningCLI\nLightningCLI(M, DM, SaveConfigCallback, {'overwrite': True}, MyTrainer)\n"
            ),
        ],
    ),
    "LS110": (
        [
            # bound in the class body to another method (test_epoch_end = validation_epoch_end)
            src(
                LM
                + "    def shared_end(self, outputs):\n        pass\n\n    test_epoch_end = shared_end\n"
            ),
            src(LM + "    def validation_epoch_end(self, outputs):\n        pass\n"),
            # a library's base class: a LightningModule by its hooks, and its subclass too
            src(
                "from tests.helpers import BoringModel\n"
                "class M(BoringModel):\n    def training_step(self, batch, batch_idx):\n        pass\n"
                "    def training_epoch_end(self, outputs):\n        pass\n",
                "",
            ),
            src(
                "class Base(Task):\n    def validation_step(self, batch, batch_idx):\n        pass\n"
                "class Child(Base):\n    def test_epoch_end(self, outputs):\n        pass\n",
                "",
            ),
            # a mixin without a base that a LightningModule mixes in
            src(
                "class EvalMixin:\n    def validation_epoch_end(self, outputs):\n        pass\n"
                "class M(EvalMixin, pl.LightningModule):\n    pass\n"
            ),
        ],
        [
            src(
                LM
                + "    def validation_step(self, batch, batch_idx):\n        return 1\n\n    test_step = validation_step\n    test_epoch_end = None\n"
            ),
            src(LM + "    def on_validation_epoch_end(self):\n        pass\n"),
            src("class Plain:\n    def validation_epoch_end(self, outputs):\n        pass\n"),
            # an nn.Module with a method of that name is not a LightningModule
            src(
                "class N(torch.nn.Module):\n    def validation_step(self, b):\n        pass\n"
                "    def validation_epoch_end(self, outputs):\n        pass\n"
            ),
        ],
    ),
    "LS106": (
        [
            # a dict filled in the function and splatted in; a subclass forwarding **kwargs only
            src(
                "def f():\n    ckpt_kwargs = {'filepath': 'x/{epoch}', 'monitor': 'val'}\n    return pl.callbacks.ModelCheckpoint(**ckpt_kwargs)\n"
            ),
            src(
                "def f():\n    kw = dict(monitor='val')\n    kw['period'] = 5\n    return pl.callbacks.ModelCheckpoint(**kw)\n"
            ),
            src(
                "class MyCkpt(pl.callbacks.ModelCheckpoint):\n    def __init__(self, **kw):\n        super().__init__(**kw)\nMyCkpt(period=2, monitor='val')\n"
            ),
            src(
                "from dataclasses import dataclass\n\n@dataclass\nclass C:\n    _target_: str = 'pytorch_lightning.callbacks.ModelCheckpoint'\n    period: int = 1\n",
                "",
            ),
            src(
                "from dataclasses import dataclass\n\n@dataclass\nclass C:\n    _target_: str = 'pytorch_lightning.callbacks.EarlyStopping'\n    mode: str = 'auto'\n",
                "",
            ),
            src(
                "from pytorch_lightning.profiler import SimpleProfiler\nSimpleProfiler(output_filename='p.txt')\n",
                "",
            ),
            src(
                "from lightning.pytorch.callbacks import ModelCheckpoint\nModelCheckpoint(period=2)\n"
            ),
            src("pl.callbacks.BackboneFinetuning(round=12)\n"),
            src("pl.callbacks.ModelCheckpoint(filepath='ckpts/', prefix='run')\n"),
            src("pl.callbacks.EarlyStopping(monitor='val_loss', mode='auto')\n"),
            # the 1.x tqdm ProgressBar took arguments; 2.x's ProgressBar is the bare base class
            src(
                "from pytorch_lightning.callbacks import ProgressBar\nProgressBar(refresh_rate=20)\n",
                "",
            ),
            src("pl.callbacks.LambdaCallback(on_epoch_end=lambda t, m: None)\n"),
            # what 2.6's constructors refuse beyond the catalogued arguments: a required argument
            # 1.x defaulted, positional arguments, an unknown keyword
            src("pl.callbacks.EarlyStopping(patience=3)\n"),
            src("pl.callbacks.StochasticWeightAveraging(swa_epoch_start=0.8)\n"),
            src("from pytorch_lightning.callbacks import ProgressBar\nProgressBar(20)\n", ""),
            src(
                "pl.callbacks.LearningRateMonitor(logging_interval='step', log_momentum=True, foo=1)\n"
            ),
            # through the user's subclass, and its super().__init__
            src("class K(pl.callbacks.ModelCheckpoint):\n    pass\nK(dirpath='c', period=2)\n"),
            src(
                "class K(pl.callbacks.ModelCheckpoint):\n    def __init__(self, **kw):\n        super().__init__(prefix='run', **kw)\n"
            ),
        ],
        [
            # the key taken out first; Keras' own ModelCheckpoint takes filepath
            src(
                "def f():\n    kw = {'filepath': 'x', 'monitor': 'val'}\n    del kw['filepath']\n    return pl.callbacks.ModelCheckpoint(**kw)\n"
            ),
            src(
                "from tensorflow.keras.callbacks import ModelCheckpoint\ndef f():\n    kw = {'filepath': 'x', 'monitor': 'val'}\n    return ModelCheckpoint(**kw)\n"
            ),
            src(
                "from dataclasses import dataclass\n\n@dataclass\nclass C:\n    _target_: str = 'pytorch_lightning.callbacks.EarlyStopping'\n    mode: str = 'min'\n",
                "",
            ),
            src(
                "from lightning.pytorch.callbacks import ModelCheckpoint\nModelCheckpoint(every_n_epochs=2)\n"
            ),
            src("def ModelCheckpoint(**kw): ...\nModelCheckpoint(period=2)\n"),
            # still accepted by 2.6: the tqdm bar's arguments, LambdaCallback's current hooks
            src("pl.callbacks.TQDMProgressBar(refresh_rate=20, process_position=1)\n"),
            src("pl.callbacks.LambdaCallback(on_train_epoch_end=lambda t, m: None)\n"),
            src("pl.callbacks.EarlyStopping('val_loss', 0.0, 3)\n"),
            src("kw = {}\npl.callbacks.EarlyStopping(**kw)\n"),
            src("pl.callbacks.StochasticWeightAveraging(swa_lrs=1e-2, swa_epoch_start=0.8)\n"),
            # a subclass with its own constructor takes its own arguments
            src(
                "class K(pl.callbacks.EarlyStopping):\n    def __init__(self, period=1):\n        super().__init__(monitor='v')\nK(period=2)\n"
            ),
            # a user's own bar deriving from ProgressBar takes what it declares
            src(
                "class Bar(pl.callbacks.ProgressBar):\n    def __init__(self, refresh_rate=1):\n"
                "        super().__init__()\nBar(refresh_rate=5)\n"
            ),
        ],
    ),
    "LS116": (
        [
            # a helper method of the class builds and returns them
            src(
                LM
                + "    def _build_optimizers(self):\n        return [torch.optim.Adam(self.g.parameters()), torch.optim.Adam(self.d.parameters())]\n\n    def configure_optimizers(self):\n        return self._build_optimizers()\n"
            ),
            # installed as configure_optimizers: a variant, a function, a lambda
            src(
                LM
                + "    def configure_optimizers__two(self):\n        return [torch.optim.SGD(self.a.parameters()), torch.optim.SGD(self.b.parameters())], []\n"
            ),
            src(
                "def test_it(model):\n    def two():\n        return [torch.optim.SGD(model.a.parameters()), torch.optim.SGD(model.b.parameters())], []\n    model.configure_optimizers = two\n"
            ),
            src(
                "def test_it(model, opt_a, opt_b):\n    model.configure_optimizers = lambda: ([opt_a, opt_b], [])\n"
            ),
            # the lists built in local variables first
            src(
                LM
                + "    def configure_optimizers(self):\n        opts = [torch.optim.SGD(self.a.parameters()), torch.optim.SGD(self.b.parameters())]\n        return opts, []\n"
            ),
            src(
                LM
                + "    def configure_optimizers(self):\n        opts = []\n        opts.append(torch.optim.SGD(self.a.parameters()))\n        opts.append(torch.optim.SGD(self.b.parameters()))\n        return opts\n"
            ),
            src(
                LM
                + "    def configure_optimizers(self):\n        return [torch.optim.SGD(self.a.parameters()), torch.optim.SGD(self.b.parameters())], []\n"
            ),
            src(LM + "    def configure_optimizers(self):\n        return opt_g, opt_d\n"),
            src(
                "from torch.optim import RMSprop\n"
                + LM
                + "    def configure_optimizers(self):\n        return [RMSprop(self.g.parameters()), RMSprop(self.d.parameters())]\n"
            ),
            src(
                LM
                + "    def configure_optimizers(self):\n        return ({'optimizer': a, 'lr_scheduler': s}, {'optimizer': b})\n"
            ),
            # appended in a loop (two names), built by a comprehension, kept in a dict and popped
            src(
                LM
                + "    def configure_optimizers(self):\n        optimizers, schedulers = [], []\n        for name in ['slow', 'fast']:\n            optimizer = get_optimizer(name)\n            optimizers.append(optimizer)\n            schedulers.append({'scheduler': get_scheduler(optimizer)})\n        return optimizers, schedulers\n"
            ),
            src(
                LM
                + "    def configure_optimizers(self):\n        opts = []\n        for net in self.nets:\n            opts.append(torch.optim.Adam(net.parameters()))\n        return opts\n"
            ),
            src(
                LM
                + "    def configure_optimizers(self):\n        return [torch.optim.Adam(m.parameters()) for m in self.nets], []\n"
            ),
            src(
                LM
                + "    def configure_optimizers(self):\n        optimizers = {'g': torch.optim.Adam(self.g.parameters()), 'd': torch.optim.Adam(self.d.parameters())}\n        return [optimizers.pop('g'), optimizers.pop('d')]\n"
            ),
            src(
                LM
                + "    def configure_optimizers(self):\n        cfg = dict(self.hparams.optim)\n        opt_g = build(cfg.pop('generator'), self.g.parameters())\n        opt_d = build(cfg.pop('discriminator'), self.d.parameters())\n        return opt_g, opt_d\n"
            ),
        ],
        [
            src(
                LM
                + "    def _build_optimizer(self):\n        return torch.optim.Adam(self.parameters())\n\n    def configure_optimizers(self):\n        return self._build_optimizer()\n"
            ),
            # the test that installs them steps them by hand
            src(
                "def test_it(model, opt_a, opt_b):\n    model.automatic_optimization = False\n    model.configure_optimizers = lambda: ([opt_a, opt_b], [])\n"
            ),
            src(
                LM
                + "    def configure_optimizers(self):\n        opts = [torch.optim.SGD(self.parameters())]\n        return opts, []\n"
            ),
            src(
                LM
                + "    def configure_optimizers(self):\n        return {'optimizer': a, 'lr_scheduler': s}\n"
            ),
            src(LM + "    def configure_optimizers(self):\n        return [opt], [sched]\n"),
            src(
                LM
                + "    automatic_optimization = False\n    def configure_optimizers(self):\n        return opt_g, opt_d\n"
            ),
            src(
                LM
                + "    def __init__(self):\n        super().__init__()\n        self.automatic_optimization = False\n    def configure_optimizers(self):\n        return [opt_g, opt_d], []\n"
            ),
            # one optimizer or the other (if/elif), one per item of a one-item loop or comprehension
            src(
                LM
                + "    def configure_optimizers(self):\n        optimizers, schedulers = [], []\n        if self.hp['optimizer'] == 'sgd':\n            optimizers.append(torch.optim.SGD(self.parameters()))\n        elif self.hp['optimizer'] == 'adam':\n            optimizers.append(torch.optim.Adam(self.parameters()))\n        return optimizers, schedulers\n"
            ),
            src(
                LM
                + "    def configure_optimizers(self):\n        opts = []\n        for p in [self.parameters()]:\n            opts.append(torch.optim.Adam(p))\n        return [torch.optim.Adam(p) for p in [self.parameters()]]\n"
            ),
            src(
                LM
                + "    def configure_optimizers(self):\n        opt = torch.optim.Adam(self.parameters())\n        scheds = [torch.optim.lr_scheduler.StepLR(opt, 1) for _ in range(2)]\n        return [opt], scheds\n"
            ),
            # a loop appending them, stepped by hand (automatic_optimization as a property)
            src(
                LM
                + "    @property\n    def automatic_optimization(self):\n        return False\n    def configure_optimizers(self):\n        opts = []\n        for net in self.nets:\n            opts.append(torch.optim.Adam(net.parameters()))\n        return opts\n"
            ),
        ],
    ),
    "LS126": (
        [
            # a logger's own 1.x constructor argument, handed on to wandb.init by 2.6
            src("logger = pl.loggers.WandbLogger(project='x', sync_step=True)\n"),
            src(
                "class L(pl.loggers.Logger):\n    def agg_and_log_metrics(self, metrics, step=None):\n        pass\n"
            ),
            src(LM + "    def on_fit_end(self):\n        self.logger.close()\n"),
            src(
                "trainer = pl.Trainer(max_epochs=1)\ntrainer.logger.agg_and_log_metrics({'a': 1})\n"
            ),
        ],
        [
            src(
                "logger = pl.loggers.WandbLogger(project='x', log_model=True)\nrun = Other(sync_step=True)\n"
            ),
            # 2.x's methods; a logger's own close(), which 1.x only called on a SLURM requeue
            src(
                "class L(pl.loggers.Logger):\n    def log_metrics(self, metrics, step=None):\n        pass\n"
                "    def close(self):\n        pass\n"
            ),
            src("class L:\n    def agg_and_log_metrics(self, metrics, step=None):\n        pass\n"),
            src("f = open('x')\nf.close()\nlogger.close()\n"),
        ],
    ),
    "LS125": (
        [
            # the module's own loader hook, which it does not define: 1.x patched the DataModule's
            src(
                LM
                + "    @property\n    def num_training_steps(self):\n        return len(self.train_dataloader()) * self.trainer.max_epochs\n"
            ),
            # the instance kept on another object first
            src(
                "class Net(pl.LightningModule):\n    pass\n\nclass Wrapper:\n    def __init__(self, hp):\n        self.model = Net(**hp)\n\n    def restore(self, path):\n        self.model = self.model.load_from_checkpoint(path)\n"
            ),
            # the module's log() called from a Callback hook
            src(
                CB
                + "    def on_train_epoch_end(self, trainer, pl_module):\n        pl_module.log('x', 1.0, sync_dist_op='sum')\n"
            ),
            src(
                LM
                + "    def validation_step(self, b, i):\n        self.log('v', b, sync_dist=True, sync_dist_op='sum')\n"
            ),
            # load_from_checkpoint is a class method 2.x refuses on an instance
            src(
                "class M(pl.LightningModule):\n    pass\nm = M()\nm = m.load_from_checkpoint('a.ckpt')\n"
            ),
            src(LM + "    def on_fit_start(self):\n        print(self.summarize(mode='top'))\n"),
            src(LM + "    def on_fit_start(self):\n        n = self.model_size\n"),
            # on an instance of a module of the run
            src(
                "class M(pl.LightningModule):\n    pass\nmodel = M()\nmodel.summarize(mode='full')\n"
            ),
            # a new instance, and one moved with nn.Module's .to() (which returns it)
            src("class M(pl.LightningModule):\n    pass\nM().summarize(mode='top')\n"),
            src(
                "class M(pl.LightningModule):\n    pass\nmodel = M().to('cpu').eval()\nmodel.summarize()\n"
            ),
            src(LM + "    def training_step(self, b, i):\n        self.datamodule.setup()\n"),
            src(
                LM
                + "    def validation_epoch_end(self, outputs):\n        super().validation_epoch_end(outputs)\n"
            ),
            src(
                CB
                + "    def on_fit_start(self, trainer, pl_module):\n        pl_module.summarize()\n"
            ),
        ],
        [
            # the module defines the loader it calls
            src(
                LM
                + "    def train_dataloader(self):\n        return []\n\n    def steps(self):\n        return len(self.train_dataloader())\n"
            ),
            src(
                CB
                + "    def on_train_epoch_end(self, trainer, pl_module):\n        pl_module.log('x', 1.0, sync_dist=True)\n        trainer.logger.log('x', sync_dist_op='sum')\n"
            ),
            src(
                LM
                + "    def validation_step(self, b, i):\n        self.log('v', b, sync_dist=True, reduce_fx='sum')\n"
            ),
            src("class M(pl.LightningModule):\n    pass\nm = M.load_from_checkpoint('a.ckpt')\n"),
            src(
                "class M(pl.LightningModule):\n    @classmethod\n    def load(cls, path):\n"
                "        return cls.load_from_checkpoint(path, map_location='cpu')\n"
            ),
            src("class M(torch.nn.Module):\n    pass\nm = M().to('cpu')\nm.summarize()\n"),
            src(
                "class M(pl.LightningModule):\n    def summarize(self):\n        pass\nM().summarize()\n"
            ),
            # a base from another package may define the name
            src(
                "from flash import Task\nclass M(Task):\n    def training_step(self, b, i):\n        return self.model_size\n"
            ),
            # the class defines or assigns it itself, here or in a base of the run
            src(
                LM
                + "    def summarize(self):\n        pass\n    def on_fit_start(self):\n        self.summarize()\n"
            ),
            src(
                LM
                + "    def __init__(self):\n        self.precision = 16\n    def f(self):\n        return self.precision\n"
            ),
            src(
                "class B(pl.LightningModule):\n    def __init__(self, dm):\n        self.datamodule = dm\n"
                "class M(B):\n    def setup(self, stage):\n        self.datamodule.setup()\n"
            ),
            src("class P:\n    def f(self):\n        return self.summarize()\n"),  # not Lightning
            # the module defines its own summarize(); a name rebound to something else
            src(
                "class M(pl.LightningModule):\n    def summarize(self):\n        return ''\n"
                "model = M()\nmodel.summarize()\n"
            ),
            src(
                "class M(pl.LightningModule):\n    pass\nmodel = M()\nmodel = Net()\nmodel.summarize()\n"
            ),
            src(LM + "    def on_fit_start(self):\n        self.trainer.datamodule.setup()\n"),
        ],
    ),
    "LS123": (
        [
            # a removed constructor argument 0.x/1.x kept as an attribute
            src(
                LM
                + "    def training_step(self, batch, batch_idx):\n        if self.global_step % self.trainer.row_log_interval == 0:\n            pass\n"
            ),
            # removed members reached by name from a comprehension's literal list
            src(
                "def f(trainer):\n    return {k: getattr(trainer, k) for k in ('num_gpus', 'max_epochs')}\n"
            ),
            # the private connector's 1.x flags, read directly and through a variable
            # (lightning-transformers' num_training_steps, copied into many projects)
            src(
                LM
                + "    def num_training_steps(self):\n        accelerator_connector = self.trainer._accelerator_connector\n        if accelerator_connector.use_ddp2 or accelerator_connector.use_dp:\n            return 1\n"
            ),
            src(
                LM
                + "    def f(self, loader):\n        return self.trainer._accelerator_connector.replace_sampler_ddp\n"
            ),
            src(
                "trainer = pl.Trainer(max_epochs=1)\ngpu_ids = trainer._accelerator_connector.parallel_device_ids\n"
            ),
            # 1.x's list of loaders iterated, each item used as a DataLoader (anomalib's timer)
            src(
                "class T(pl.Callback):\n    def on_test_start(self, trainer, pl_module):\n        n = 0\n        for dataloader in trainer.test_dataloaders:\n            n += len(dataloader.dataset)\n"
            ),
            # the Trainer's accelerator kept in a variable first (ray_lightning's plugins)
            src(
                "def f(trainer):\n    acc = trainer.accelerator\n    return acc.precision_plugin\n"
            ),
            # 1.x's list of evaluation loaders; 2.x returns a single DataLoader as passed
            src(
                CB
                + "    def on_validation_start(self, trainer, pl_module):\n        s = trainer.val_dataloaders[0].sampler\n"
            ),
            # super() in a subclass reaches Lightning's class
            src(
                "from pytorch_lightning.callbacks import ModelCheckpoint\n\nclass K(ModelCheckpoint):\n    def on_validation_end(self, trainer, pl_module):\n        super().save_checkpoint(trainer, pl_module)\n",
                "",
            ),
            # a class method of the 1.1 Trainer
            src(
                "from pytorch_lightning import Trainer\nplugins = Trainer.available_plugins()\n", ""
            ),
            # read-only in 2.x; 1.x's accelerator and public connectors
            src(LM + "    def on_train_start(self):\n        self.trainer.current_epoch = 3\n"),
            src(
                LM
                + "    def on_train_start(self):\n        self.trainer.accelerator.barrier('x')\n"
            ),
            src("t = pl.Trainer(max_epochs=1)\nt.callback_connector.configure_callbacks()\n"),
            src("t = pl.Trainer(max_epochs=1)\nprint(t.num_gpus)\n"),
            src(
                LM
                + "    def on_fit_start(self):\n        self.trainer.reset_train_dataloader(self)\n"
            ),
            src("def f(trainer):\n    return trainer.training_type_plugin\n"),
            src(
                "class T(pl.Trainer):\n    def load(self, model):\n        return self.call_hook('on_train_dataloader')\n"
            ),
            src("def f(trainer):\n    return trainer.get_model(), trainer.progress_bar_dict\n"),
            # a setting 2.6 reads elsewhere: assigning it on the Trainer does nothing
            src("trainer = pl.Trainer(max_epochs=1)\ntrainer.prepare_data_per_node = True\n"),
            # loop customisation
            src(
                "trainer = pl.Trainer(max_epochs=1)\ntrainer.fit_loop.replace(epoch_loop=MyLoop)\n"
            ),
            src(
                LM
                + "    def on_fit_start(self):\n        self.trainer.fit_loop.epoch_loop.connect(MyBatchLoop())\n"
            ),
            # a Lightning loop reached without the trainer (a custom loop's own fit_loop)
            src(
                "class L(pl.loops.Loop):\n    def connect(self, fit_loop):\n        self.fit_loop = fit_loop\n        self.fit_loop.epoch_loop.connect(x)\n"
            ),
            src(
                "epoch_loop = trainer.fit_loop.epoch_loop\nepoch_loop.connect(batch_loop=MyLoop())\n"
            ),
            # names derived from the 1.x wheels' Trainer
            src(
                LM
                + "    def on_train_epoch_start(self):\n        self.trainer.init_optimizers(self)\n"
            ),
            src("def f(trainer):\n    return trainer.track_grad_norm, trainer.tuning\n"),
            # a Callback hook's trainer argument under another name
            src(CB + "    def on_train_start(self, tr, pl_module):\n        print(tr.num_gpus)\n"),
            # names the 1.x connectors set on the Trainer; a Trainer under another name
            src("def f(pl_trainer):\n    return pl_trainer.auto_lr_find\n"),
            src(LM + "    def on_fit_start(self):\n        self._trainer.accumulation_scheduler\n"),
            # 1.x progress bar members, in a subclass and through the trainer
            src(
                "from lightning.pytorch.callbacks import TQDMProgressBar\n"
                "class Bar(TQDMProgressBar):\n"
                "    def on_train_epoch_start(self, trainer, pl_module):\n"
                "        self.main_progress_bar.set_description('x')\n",
            ),
            src("def f(trainer):\n    return trainer.progress_bar_callback.train_batch_idx\n"),
        ],
        [
            src(
                "def f(trainer):\n    return [getattr(trainer, k) for k in ('num_devices', 'max_epochs')]\n"
            ),
            # 2.6's own connector members, directly and through a variable
            src(
                LM
                + "    def f(self):\n        c = self.trainer._accelerator_connector\n        return c.is_distributed and c.use_distributed_sampler and c.strategy\n"
            ),
            # the loaders looped over, the item used as a batch (or the list kept as passed)
            src(
                "class T(pl.Callback):\n    def on_test_start(self, trainer, pl_module):\n        for batch in trainer.test_dataloaders:\n            print(batch[0].shape)\n"
            ),
            # a LightningCLI's parsed config, one per subcommand: a namespace, not the Trainer
            src(
                "class A(LightningCLI):\n    def before_fit(self):\n        self.config[self.subcommand].trainer.default_root_dir = 'out'\n"
            ),
            src(
                "def f(trainer):\n    acc = trainer.accelerator\n    return acc.get_device_stats('cpu')\n"
            ),
            # the loaders as passed, indexed by the hook's dataloader_idx, or a config's list
            src(
                CB
                + "    def on_validation_batch_end(self, trainer, pl_module, outputs, batch, batch_idx, dataloader_idx=0):\n        dl = trainer.val_dataloaders\n        d = trainer.val_dataloaders[dataloader_idx]\n        c = cfg.val_dataloaders[0]\n"
            ),
            src(
                "from pytorch_lightning.callbacks import ModelCheckpoint\n\nclass K(ModelCheckpoint):\n    def on_validation_end(self, trainer, pl_module):\n        super().on_validation_end(trainer, pl_module)\n",
                "",
            ),
            # a loaded config's trainer section is no Trainer (Hydra, OmegaConf)
            src("cfg = load()\ncfg.trainer.max_epochs = 1\nif cfg.trainer.gpus > 1:\n    pass\n"),
            src(
                LM
                + "    def on_train_start(self):\n        self.trainer.accelerator.setup_device(self.device)\n"
            ),
            src("t = pl.Trainer(max_epochs=1)\nt.should_stop = True\nt.fit_loop.max_epochs = 2\n"),
            src("t = pl.Trainer(max_epochs=1)\nprint(t.num_devices, t.strategy)\n"),
            src(
                "class Args:\n    num_gpus = 1\nargs = Args()\nprint(args.num_gpus)\n"
            ),  # argparse-style
            src('"""trainer.num_gpus in a docstring"""\n'),
            # a str.replace and a user's own loop object are not Lightning's loops
            src("def f(trainer):\n    return trainer.fit_loop.max_epochs, 'a'.replace('a', 'b')\n"),
            src("class Game:\n    def run(self, loop):\n        loop.connect(self)\n"),
            # assigning some other removed name on a trainer object is the user's own attribute
            src("trainer = pl.Trainer(max_epochs=1)\ntrainer.num_gpus = 2\n"),
            # a user's own method sharing a removed Trainer name, and Trainer names 2.6 still has
            src(
                LM
                + "    def init_optimizers(self):\n        return self.configure_optimizers()\n"
                + "    def on_fit_start(self):\n        self.init_optimizers()\n"
            ),
            src(
                "def f(trainer):\n    return trainer.strategy, trainer.sanity_checking, trainer.callbacks\n"
            ),
            # a progress bar subclass keeping a counter of its own under a 1.x name
            src(
                "from lightning.pytorch.callbacks import TQDMProgressBar\n"
                "class Bar(TQDMProgressBar):\n    def __init__(self):\n"
                "        super().__init__()\n        self.val_batch_idx = 0\n"
                "    def on_validation_epoch_start(self, trainer, pl_module):\n"
                "        print(self.val_batch_idx, self.train_progress_bar)\n",
            ),
            # a Callback's own helper's argument is not the hook's trainer
            src(CB + "    def helper(self, tr, pl_module):\n        print(tr.num_gpus)\n"),
            # a name that merely ends like one: not taken for a Trainer
            src("def f(pretrainer):\n    return pretrainer.auto_lr_find\n"),
            # a Trainer subclass's own method that shares a removed name
            src(
                "class T(pl.Trainer):\n    def run_sanity_check(self, model):\n        pass\n"
                "    def go(self, model):\n        self.run_sanity_check(model)\n"
            ),
        ],
    ),
    "LS124": (
        [
            # the DataModule under another name: the trainer's, an annotated variable
            src(
                LM
                + "    def setup(self, stage=None):\n        data = self.trainer.datamodule\n        self.tf = data.train_transforms\n"
            ),
            src(
                "def build(cfg):\n    data_module: pl.LightningDataModule = make_dm(cfg)\n    return data_module.dims\n"
            ),
            src(
                "class D(pl.LightningDataModule):\n    def __init__(self):\n        super().__init__()\n        self.dims = (1, 28, 28)\n"
            ),
            src(
                "class D(pl.LightningDataModule):\n    def __init__(self):\n        super().__init__(train_transforms=None)\n"
            ),
            src("class D(pl.LightningDataModule):\n    pass\ndm = D()\nprint(dm.size())\n"),
            src("class D(pl.LightningDataModule):\n    pass\ndm = D()\nassert dm.has_setup_fit\n"),
            # another package's DataModule base
            src(
                "from pl_bolts.datamodules.vision_datamodule import VisionDataModule\n"
                "class D(VisionDataModule):\n    def setup(self, stage=None):\n"
                "        self.dims = (3, 32, 32)\n",
                "",
            ),
        ],
        [
            # the name bound again to something else first
            src(
                LM
                + "    def setup(self, stage=None):\n        data = self.trainer.datamodule\n        data = data.train_dataset\n        self.d = data.dims\n"
            ),
            src(
                "class D(pl.LightningDataModule):\n    def __init__(self):\n        super().__init__()\n        self.input_dims = (1, 28, 28)\n"
            ),
            src("x = torch.zeros(3)\nprint(x.size())\n"),  # a tensor's size() still exists
            # the user's own size() method on a DataModule
            src(
                "class D(pl.LightningDataModule):\n    def size(self):\n        return 3\n"
                "    def setup(self, stage=None):\n        self.n = self.size()\n"
            ),
        ],
    ),
    "LS111": (
        [
            src(LM + "    def training_step_end(self, out):\n        return out\n"),
            src(
                "class D(pl.LightningDataModule):\n    def on_train_dataloader(self):\n        pass\n"
            ),
            src(LM + "    def on_post_move_to_device(self):\n        pass\n"),
            # a DataModule's checkpoint hooks (2.x: state_dict / load_state_dict)
            src(
                "class D(pl.LightningDataModule):\n    def on_save_checkpoint(self, checkpoint):\n        pass\n"
            ),
        ],
        [
            src(LM + "    def on_train_epoch_start(self):\n        pass\n"),
            # still a LightningModule hook
            src(LM + "    def on_save_checkpoint(self, checkpoint):\n        pass\n"),
            src("class D(pl.LightningDataModule):\n    def state_dict(self):\n        return {}\n"),
        ],
    ),
    "LS112": (
        [
            src(
                LM + "    def training_step(self, batch, batch_idx, optimizer_idx):\n        pass\n"
            ),
            src(LM + "    def training_step(self, batch, batch_idx, opt_idx):\n        pass\n"),
        ],
        [
            src(LM + "    def training_step(self, batch, batch_idx):\n        pass\n"),
            # another name with a default: 2.6 passes two arguments and the default stands
            src(LM + "    def training_step(self, batch, batch_idx, opt_idx=0):\n        pass\n"),
        ],
    ),
    "LS113": (
        [
            src(
                CB
                + "    def _log(self, trainer, pl_module):\n        pass\n\n    on_epoch_end = _log\n"
            ),
            # 1.x's ModelCheckpoint saved through self.save_checkpoint: 2.6 never calls it
            src(
                "from pytorch_lightning.callbacks import ModelCheckpoint\n\nclass K(ModelCheckpoint):\n    def save_checkpoint(self, trainer, pl_module):\n        pass\n",
                "",
            ),
            src(CB + "    def on_epoch_end(self, trainer, pl_module):\n        pass\n"),
            src(
                "from lightning.pytorch.callbacks import EarlyStopping\n"
                "class E(EarlyStopping):\n    def on_keyboard_interrupt(self, trainer, pl_module):\n"
                "        pass\n"
            ),
        ],
        [
            src(CB + "    def on_train_epoch_end(self, trainer, pl_module):\n        pass\n"),
            # a method of that name on another callback, or the 2.x override
            src(CB + "    def save_checkpoint(self, path):\n        pass\n"),
            # a file's own callback framework (gluonts' tslib): Lightning never calls its hooks,
            # whatever they are named; its subclasses take the hooks' 1.x names too
            src(
                "class Callback(object):\n    def on_epoch_end(self, trainer, pl_module):\n        pass\n\nclass Stop(Callback):\n    def on_epoch_end(self, trainer, pl_module):\n        pass\n\nclass Late(Stop):\n    def on_batch_end(self, trainer, pl_module):\n        pass\n",
                "",
            ),
            src(
                "from pytorch_lightning.callbacks import ModelCheckpoint\n\nclass K(ModelCheckpoint):\n    def _save_checkpoint(self, trainer, filepath):\n        pass\n",
                "",
            ),
        ],
    ),
    "LS114": (
        [
            # overrides 2.6 calls with a keyword they lack: a Strategy's load_checkpoint and
            # load_model_state_dict, a CheckpointIO's load_checkpoint (lightning-habana, autogluon)
            src(
                "from lightning.pytorch.strategies import DeepSpeedStrategy\nclass S(DeepSpeedStrategy):\n    def load_checkpoint(self, checkpoint_path):\n        return {}\n"
            ),
            src(
                "from pytorch_lightning.strategies import DDPStrategy\nclass S(DDPStrategy):\n    def load_model_state_dict(self, checkpoint):\n        pass\n",
                "",
            ),
            src(
                "from lightning.pytorch.plugins.io import TorchCheckpointIO\nclass IO(TorchCheckpointIO):\n    def load_checkpoint(self, path, map_location=None):\n        return {}\n"
            ),
            # NeMo's Megatron steps: 2.x calls a dataloader_iter step with the iterator alone
            src(
                LM
                + "    def training_step(self, dataloader_iter, batch_idx):\n        return next(dataloader_iter)\n"
            ),
            # nni's wrapper calls the inner module's hooks with their 1.x arguments
            src(
                LM
                + "    def on_train_batch_end(self, outputs, batch, batch_idx, unused=0):\n        return self.model.on_train_batch_end(outputs, batch, batch_idx, unused)\n"
            ),
            # a callback stepping by hand passes 1.x's optimizer index to the strategy
            src(
                CB
                + "    def step(self, trainer, loss, opt, i):\n        trainer.strategy.backward(loss, opt, optimizer_idx=i)\n"
            ),
            # the 1.0 signature: as many parameters as 2.x passes, each given another value
            src(
                CB
                + "    def on_train_batch_end(self, trainer, pl_module, batch, batch_idx, dataloader_idx):\n        pass\n"
            ),
            # 2.6 refuses a step that requires the index when there is one dataloader
            src(
                LM
                + "    def predict_step(self, batch, batch_idx, dataloader_idx):\n        return batch\n"
            ),
            # the optimizer index under other names than optimizer_idx
            src(
                LM
                + "    def optimizer_step(self, epoch, batch_idx, optimizer, optimizer_i, closure=None):\n"
                + "        optimizer.step(closure=closure)\n"
            ),
            src(
                LM
                + "    def lr_scheduler_step(self, scheduler, opt_idx, metric):\n        scheduler.step()\n"
            ),
            src(
                LM
                + "    automatic_optimization = False\n    def training_step(self, b, i):\n"
                + "        opt = self.optimizers()\n        self.toggle_optimizer(opt, 0)\n"
            ),
            src(
                LM
                + "    automatic_optimization = False\n    def training_step(self, b, i):\n"
                + "        self.untoggle_optimizer(0)\n"
            ),
            # another package's Callback, known by its hooks' (trainer, pl_module) parameters
            src(
                "from flash.core.callbacks import FlashCallback\nclass P(FlashCallback):\n"
                "    def on_train_epoch_end(self, trainer, pl_module, outputs):\n        pass\n",
                "",
            ),
            # 1.x handed a Callback its own state; 2.x passes the whole checkpoint
            src(
                CB
                + "    def on_load_checkpoint(self, trainer, pl_module, callback_state):\n        pass\n"
            ),
            src(
                LM
                + "    automatic_optimization = False\n    def training_step(self, b, i):\n        opt = self.optimizers()\n        self.manual_backward(self(b), opt)\n"
            ),
            # a class taken for a LightningModule by its hooks: an argument 2.6 never passes
            src(
                "class M(Base):\n    def training_step(self, b, i):\n        pass\n    def on_train_epoch_end(self, outputs):\n        pass\n"
            ),
            src(LM + "    def on_train_epoch_end(self, outputs):\n        pass\n"),
            src(
                "from lightning.pytorch.callbacks import BaseFinetuning\nclass F(BaseFinetuning):\n    def finetune_function(self, pl_module, epoch, optimizer, opt_idx):\n        pass\n",
                "",
            ),
            # a framework's finetuning strategy: a BaseFinetuning callback by its hooks
            src(
                "from flash.core.finetuning import FlashBaseFinetuning\n"
                "class Freeze(FlashBaseFinetuning):\n"
                "    def finetune_function(self, pl_module, epoch, optimizer, opt_idx):\n        pass\n",
                "",
            ),
            src(
                LM
                + "    def on_train_batch_start(self, batch, batch_idx, dataloader_idx):\n"
                + "        pass\n"
            ),
            src(
                LM
                + "    def optimizer_step(self, epoch, batch_idx, optimizer, optimizer_idx,\n"
                + "                       optimizer_closure, on_tpu, using_lbfgs):\n"
                + "        optimizer.step(closure=optimizer_closure)\n"
            ),
            src(
                CB
                + "    def on_train_batch_end(self, trainer, pl_module, outputs, batch):\n        pass\n"
            ),
            src(
                LM + "    def configure_gradient_clipping(self, optimizer, optimizer_idx, "
                "gradient_clip_val, gradient_clip_algorithm):\n        pass\n"
            ),
            # the old signature with defaults: no TypeError, but the closure lands in optimizer_idx
            src(
                LM
                + "    def optimizer_step(self, epoch, batch_idx, optimizer, optimizer_idx=0,\n"
                + "                       optimizer_closure=None, on_tpu=False):\n"
                + "        optimizer.step(closure=optimizer_closure)\n"
            ),
            src(
                LM
                + "    def backward(self, loss, optimizer, optimizer_idx):\n        loss.backward()\n"
            ),
            # truncated BPTT's hidden state, in a LightningModule known by its hooks
            src(
                "from tests.helpers import BoringModel\nclass M(BoringModel):\n"
                "    def training_step(self, batch, batch_idx, hiddens):\n        pass\n",
                "",
            ),
            # a DataModule's batch-transfer hook with the 1.x signature (no dataloader_idx)
            src(
                "class D(pl.LightningDataModule):\n"
                "    def transfer_batch_to_device(self, batch, device):\n        return batch\n"
            ),
            # a LightningModule by its hooks (a library's base class)
            src(
                "from tests.helpers import BoringModel\nclass M(BoringModel):\n"
                "    def training_step(self, batch, batch_idx):\n        pass\n"
                "    def optimizer_zero_grad(self, epoch, batch_idx, optimizer, optimizer_idx):\n        pass\n",
                "",
            ),
        ],
        [
            # the 2.6 signature, **kwargs, or a class that is no Lightning strategy or plugin
            src(
                "from lightning.pytorch.strategies import DDPStrategy\nclass S(DDPStrategy):\n    def load_checkpoint(self, checkpoint_path, weights_only=None):\n        return {}\n\n    def load_model_state_dict(self, checkpoint, **kwargs):\n        pass\n"
            ),
            src("class Store:\n    def load_checkpoint(self, path):\n        return {}\n"),
            # the 2.x forms: the iterator alone; the inner hooks with 2.x's arguments
            # a callback kept on self, called the Callback way
            src(
                LM
                + "    def on_train_batch_end(self, outputs, batch, batch_idx):\n        self.cb.on_train_batch_end(self.trainer, self, outputs, batch, batch_idx, 0)\n"
            ),
            src(
                LM
                + "    def training_step(self, dataloader_iter):\n        batch, batch_idx, _ = next(dataloader_iter)\n        return batch\n"
            ),
            src(
                LM
                + "    def on_train_batch_end(self, outputs, batch, batch_idx):\n        return self.model.on_train_batch_end(outputs, batch, batch_idx)\n"
            ),
            src(
                CB
                + "    def step(self, trainer, loss, opt, i):\n        trainer.strategy.backward(loss, opt)\n        model.backward(loss, optimizer_idx=i)\n"
            ),
            src(
                LM
                + "    def validation_step(self, batch, batch_idx, dataloader_idx=0):\n        return batch\n"
            ),
            # several loaders: 2.6 passes the index
            src(
                LM
                + "    def validation_step(self, batch, batch_idx, dataloader_idx):\n        return batch\n\n"
                + "    def val_dataloader(self):\n        a = b = DataLoader(ds)\n        return [a, b]\n"
            ),
            src(
                LM
                + "    def test_step(self, batch, batch_idx, dataloader_idx):\n        return batch\n"
                + "trainer.test(M(), dataloaders=[a, b])\n"
            ),
            # a class without bases that shares a Callback's name (fabric's SpikeDetection)
            src(
                "class S(pl.Callback):\n    pass\nclass S:\n    def on_train_batch_end(self, a, b, c, d):\n        pass\n"
            ),
            src(
                LM
                + "    automatic_optimization = False\n    def training_step(self, b, i):\n        self.manual_backward(self(b), retain_graph=True)\n"
            ),
            src(
                "class M(Base):\n    def training_step(self, b, i):\n        pass\n    def on_train_batch_end(self, outputs, batch):\n        pass\n"
            ),
            src(
                LM
                + "    def on_validation_batch_end(self, outputs, batch, batch_idx, dataloader_idx=0):\n"
                + "        pass\n"
            ),
            src(
                LM
                + "    def optimizer_step(self, *args, **kwargs):\n        super().optimizer_step(*args, **kwargs)\n"
            ),
            src(
                LM + "    def configure_gradient_clipping(self, optimizer, gradient_clip_val=None, "
                "gradient_clip_algorithm=None):\n        pass\n"
            ),
            src(
                CB
                + "    def on_save_checkpoint(self, trainer, pl_module, checkpoint):\n        pass\n"
            ),
            src(
                CB
                + "    def on_load_checkpoint(self, trainer, pl_module, checkpoint):\n        pass\n"
            ),
            # a class of another package with a hook-like name but not the Callback parameters
            src(
                "from gym import Wrapper\nclass W(Wrapper):\n"
                "    def on_train_epoch_end(self, env, outputs):\n        pass\n",
                "",
            ),
            # the 2.x optimizer toggling
            src(
                LM
                + "    automatic_optimization = False\n    def training_step(self, b, i):\n"
                + "        opt = self.optimizers()\n        self.toggle_optimizer(opt)\n"
                + "        self.untoggle_optimizer(opt)\n"
            ),
            src(
                LM
                + "    def lr_scheduler_step(self, scheduler, metric):\n        scheduler.step()\n"
            ),
        ],
    ),
    "LS115": (
        [src(LM + "    def configure_sharded_model(self):\n        pass\n")],
        [src(LM + "    def configure_model(self):\n        pass\n")],
    ),
    "LS120": (
        [
            src("trainer = pl.Trainer(max_epochs=1, auto_lr_find=True)\ntrainer.tune(model)\n"),
            src("def f(trainer, model):\n    trainer.tuner.lr_find(model)\n"),
        ],
        [
            src(
                "from lightning.pytorch.tuner import Tuner\n"
                "trainer = pl.Trainer(max_epochs=1)\nTuner(trainer).lr_find(model)\n"
            ),
            src("radio.tune(98.5)\n"),
        ],
    ),
    "LS121": (
        [
            # a registry of DataModule classes, picked by a command-line choice
            src(
                "from data import HumanDataModule, FaustDataModule\nDMS = {'human': HumanDataModule, 'faust': FaustDataModule}\ndm = DMS[args.dataset].from_argparse_args(args)\n"
            ),
            src(
                "from data import HumanDataModule, FaustDataModule\nDMS = {'human': HumanDataModule, 'faust': FaustDataModule}\ndm = DMS.get(args.dataset).from_argparse_args(args)\n"
            ),
            src("parser = pl.Trainer.add_argparse_args(parser)\n"),
            src(
                "from pytorch_lightning import Trainer\ntrainer = Trainer.from_argparse_args(args)\n",
                "",
            ),
            src(
                "from pl_bolts.datamodules import CIFAR10DataModule\ndm = CIFAR10DataModule.from_argparse_args(args)\n",
                "",
            ),
            src("trainer = pl.Trainer().from_argparse_args(args)\n"),
            # a variable that holds a DataModule class
            src(
                "from pl_bolts.datamodules import MNISTDataModule, STL10DataModule\n"
                "dm_cls = MNISTDataModule if args.mnist else STL10DataModule\n"
                "dm = dm_cls.from_argparse_args(args)\n",
                "",
            ),
        ],
        [
            # a registry of other classes: their own from_argparse_args
            src(
                "from models import GAN, VAE\nMODELS = {'gan': GAN, 'vae': VAE}\nm = MODELS[args.model].from_argparse_args(args)\n"
            ),
            src("from lightning.pytorch.cli import LightningCLI\nLightningCLI()\n"),
            src(
                "class Config:\n    @classmethod\n    def from_argparse_args(cls, a): ...\nConfig.from_argparse_args(None)\n"
            ),
            src("cfg_cls = Config if a else OtherConfig\ncfg_cls.from_argparse_args(args)\n"),
            # a LightningModule's own add_argparse_args (a common 1.x idiom, still the user's)
            src(
                LM
                + "    @staticmethod\n    def add_argparse_args(parser):\n        return parser\n"
                "parser = M.add_argparse_args(parser)\n"
            ),
        ],
    ),
    "LS122": (
        [
            # several targets at once; another read-only property of 2.x's module
            src(
                LM
                + "    def __init__(self, model, hparams):\n        super().__init__()\n        self.model, self.hparams = model, hparams\n"
            ),
            src(
                LM
                + "    def __init__(self, device):\n        super().__init__()\n        self.device = device\n"
            ),
            src(
                LM
                + "    def __init__(self, hparams):\n        super().__init__()\n        self.hparams = hparams\n"
            ),
            # from outside, on an instance of a module of the run
            src("class M(pl.LightningModule):\n    pass\nmodel = M()\nmodel.hparams = args\n"),
        ],
        [
            # the class defines the property itself; a plain attribute of the same family
            src(
                LM
                + "    @property\n    def device(self):\n        return self._d\n\n    @device.setter\n    def device(self, d):\n        self._d = d\n\n    def setup(self, stage):\n        self.device = 'cpu'\n"
            ),
            src(
                LM
                + "    def __init__(self):\n        super().__init__()\n        self.devices = 2\n"
            ),
            src(
                LM
                + "    def __init__(self, lr):\n        super().__init__()\n        self.save_hyperparameters()\n"
            ),
            src("class P:\n    def __init__(self, h):\n        self.hparams = h\n"),
            src("class P:\n    pass\np = P()\np.hparams = args\n"),
        ],
    ),
    "LS130": (
        [
            # lightning.fabric's modules are indexed too (gone in 2.x: the scheduler aliases)
            src("from lightning_fabric.utilities.types import LRScheduler\n"),
            src("from lightning.fabric.utilities.types import _PATH, ReduceLROnPlateau\n"),
            # importable, but only a stub that raises when built (HPU moved to lightning-habana)
            src("from pytorch_lightning.plugins.io.hpu_plugin import HPUCheckpointIO\n", ""),
            src("from lightning.pytorch.strategies import SingleHPUStrategy\n"),
            # a removed path handed to an importer by name
            src(
                "import importlib\nmetrics = importlib.import_module('pytorch_lightning.metrics')\n",
                "",
            ),
            src(
                "from util import get_obj_from_str\nlogger_cls = get_obj_from_str('pytorch_lightning.loggers.TestTubeLogger')\n",
                "",
            ),
            # 1.x's tqdm ProgressBar reached as an attribute (a base or a call), or subclassed
            # for its init_*_tqdm methods, which 2.x's base class never calls
            src(
                "import pytorch_lightning as pl\nclass Bar(pl.callbacks.ProgressBar):\n    def init_test_tqdm(self):\n        return None\n",
                "",
            ),
            src("import pytorch_lightning as pl\nbar = pl.callbacks.ProgressBar()\n", ""),
            src(
                "from pytorch_lightning.callbacks import ProgressBar\nclass Bar(ProgressBar):\n    def init_train_tqdm(self):\n        return None\n",
                "",
            ),
            # a class path a config hands to an importer (instantiate_from_config, Hydra)
            src("cfg = {'target': 'pytorch_lightning.loggers.TestTubeLogger', 'params': {}}\n", ""),
            src("cfg = dict(_target_='pytorch_lightning.metrics.Accuracy')\n", ""),
            src(
                "from dataclasses import dataclass\n\n@dataclass\nclass C:\n    _target_: str = 'pytorch_lightning.metrics.Accuracy'\n    threshold: float = 0.5\n",
                "",
            ),
            # an optional-dependency guard is no fallback: the import still fails on 2.6
            src(
                "if _TORCHVISION_AVAILABLE:\n    from pytorch_lightning.utilities.argparse_utils import x\n",
                "",
            ),
            src("from pytorch_lightning.utilities.argparse import add_argparse_args\n", ""),
            src("from pytorch_lightning.metrics import Accuracy\n", ""),
            src("import pytorch_lightning as pl\nacc = pl.metrics.Accuracy()\n", ""),
            src("from pytorch_lightning.loggers import LightningLoggerBase\n", ""),
            src("from lightning.pytorch.loggers import NeptuneLogger\n", ""),
            # derived from the 1.x wheels' module tree and package exports
            src(
                "from pytorch_lightning.plugins.environments.slurm_environment import SLURMEnvironment\n",
                "",
            ),
            src("from pytorch_lightning.utilities import AMPType\n", ""),
            src("from pytorch_lightning.plugins import DDPSpawnPlugin\n", ""),
            src("from pytorch_lightning.core.memory import ModelSummary\n", ""),
            # no catalogue row: the index of the installed 2.6 has no such module or name
            src("from pytorch_lightning.utilities.argparse_utils import from_argparse_args\n", ""),
            src("from pytorch_lightning.utilities.imports import _NATIVE_AMP_AVAILABLE\n", ""),
            src("import pytorch_lightning.utilities.model_utils\n", ""),
            src(
                "import pytorch_lightning as pl\nx = pl.utilities.imports._NATIVE_AMP_AVAILABLE\n",
                "",
            ),
            src("from pytorch_lightning.core.lightning import LightningModule\n", ""),
            src("from lightning.pytorch.strategies import DDPSpawnStrategy\n", ""),
            src("from pytorch_lightning.loops import FitLoop\n", ""),
            src("from pytorch_lightning.loops.base import Loop\n", ""),
            # members of a class that stayed: TrainerState is a dataclass since 1.4
            src(
                "from pytorch_lightning.trainer.states import TrainerState\nassert t.state == TrainerState.FINISHED\n",
                "",
            ),
            src(
                "from lightning.pytorch.trainer.states import TrainerFn\nx = TrainerFn.TUNING\n", ""
            ),
        ],
        [
            # what 2.6's lightning.fabric still has; a stub's name that is not the stub
            src("from lightning.fabric.utilities.types import _PATH, Optimizable\n"),
            src("from lightning.fabric.plugins import CheckpointIO, ClusterEnvironment\n"),
            src("from lightning_habana import HPUCheckpointIO\n"),
            src(
                "import importlib\ncbs = importlib.import_module('pytorch_lightning.callbacks')\nm = importlib.import_module('my.pytorch_lightning.metrics')\n",
                "",
            ),
            # 2.x's base class subclassed the 2.x way: its own methods and properties
            src(
                "from lightning.pytorch.callbacks import ProgressBar\nclass Bar(ProgressBar):\n    def disable(self):\n        pass\n\n    @property\n    def is_enabled(self):\n        return True\n",
                "",
            ),
            src(
                "import lightning.pytorch as pl\nclass Bar(pl.callbacks.ProgressBar):\n    pass\n",
                "",
            ),
            # such a path 2.6 still has, and a sentence that starts with one
            src("cfg = {'target': 'pytorch_lightning.loggers.TensorBoardLogger'}\n", ""),
            src("cfg = {'target': 'pytorch_lightning.metrics are gone'}\n", ""),
            src(
                "from dataclasses import dataclass\n\n@dataclass\nclass C:\n    _target_: str = 'torchmetrics.Accuracy'\n    threshold: float = 0.5\n",
                "",
            ),
            # the argparse helper of a module that still exists: LS121 reports the call
            src(
                "import pytorch_lightning.utilities.argparse as ap\nap.from_argparse_args(object, None)\n",
                "",
            ),
            # 2.6 still has them; a guarded import is a deliberate fallback
            src(
                "from pytorch_lightning.trainer.states import TrainerStatus, TrainerFn\nx = (TrainerStatus.FINISHED, TrainerFn.FITTING)\n",
                "",
            ),
            src("from pytorch_lightning.utilities import rank_zero_only\n", ""),
            src("from lightning.pytorch.trainer.states import RunningStage, TrainerFn\n", ""),
            src(
                "try:\n    from pytorch_lightning.utilities.argparse_utils import x\nexcept ImportError:\n    x = None\n",
                "",
            ),
            src(
                "import lightning.pytorch as pl\npl.callbacks.ModelCheckpoint.CHECKPOINT_NAME_LAST\n",
                "",
            ),
            src(
                "from torchmetrics import Accuracy\nfrom lightning.pytorch.loggers import Logger\n",
                "",
            ),
            # names 2.6 still has at the new place, and the tpu modules 2.6 still aliases
            src("from pytorch_lightning.plugins.environments import SLURMEnvironment\n", ""),
            src("from lightning.pytorch.accelerators.tpu import TPUAccelerator\n", ""),
            src("from lightning.pytorch.utilities.model_summary import ModelSummary\n", ""),
            src("from lightning.pytorch.strategies import DDPStrategy\n", ""),
        ],
    ),
    "LS201": (
        [
            src(
                LM + "    def training_step(self, batch, batch_idx):\n"
                "        opt = self.optimizers()\n        opt.zero_grad()\n"
                "        loss = self(batch).sum()\n        loss.backward()\n        opt.step()\n"
                "        return loss\n"
            ),
        ],
        [
            src(
                LM + "    def __init__(self):\n        super().__init__()\n"
                "        self.automatic_optimization = False\n"
                "    def training_step(self, batch, batch_idx):\n"
                "        opt = self.optimizers()\n        opt.zero_grad()\n"
                "        loss = self(batch).sum()\n        self.manual_backward(loss)\n        opt.step()\n"
            ),
            src(
                LM + "    def training_step(self, batch, batch_idx):\n"
                "        loss = self(batch).sum()\n        self.lr_schedulers().step()\n        return loss\n"
            ),
        ],
    ),
    "LS202": (
        [
            src(LM + "    def forward(self, x):\n        return x + torch.zeros(3).cuda()\n"),
            src(LM + "    def forward(self, x):\n        return x.to('cuda')\n"),
            src(
                LM
                + "    def forward(self, x):\n        return torch.ones(3, device='cuda:0') + x\n"
            ),
            src(LM + "    def setup(self, stage):\n        self.d = torch.device('cuda')\n"),
        ],
        [
            src(
                LM
                + "    def forward(self, x):\n        return x + torch.zeros(3, device=self.device)\n"
            ),
            src("def prepare(x):\n    return x.cuda()\n"),  # plain code outside a LightningModule
        ],
    ),
    "LS203": (
        [
            src(LM + "    def validation_step(self, batch, batch_idx):\n        self.eval()\n"),
            src(
                CB
                + "    def on_validation_start(self, trainer, pl_module):\n        pl_module.eval()\n"
            ),
        ],
        [
            src(
                LM + "    def on_train_epoch_start(self):\n        self.backbone.eval()  # frozen\n"
            ),
            src(  # a temporary switch to sample, then back: deliberate
                CB + "    def on_train_epoch_end(self, trainer, pl_module):\n"
                "        pl_module.eval()\n        sample = pl_module(x)\n        pl_module.train()\n"
            ),
        ],
    ),
    "LS204": (
        [src("torch.cuda.set_device(0)\ntrainer = pl.Trainer(max_epochs=1)\n")],
        [src("torch.cuda.set_device(0)\n", "import torch\n")],  # no Lightning here
    ),
    "LS205": (
        [
            src(
                "class D(pl.LightningDataModule):\n    def prepare_data(self):\n"
                "        self.vocab = build_vocab()\n"
            )
        ],
        [
            src(
                "class D(pl.LightningDataModule):\n    def prepare_data(self):\n"
                "        download('data/')\n    def setup(self, stage):\n        self.vocab = load('data/')\n"
            )
        ],
    ),
    "LS206": (
        [src("import pytorch_lightning as pl\nimport lightning.pytorch as lp\n", "")],
        [
            src(
                "import lightning.pytorch as pl\nfrom lightning.pytorch.callbacks import ModelCheckpoint\n",
                "",
            ),
            src(
                "try:\n    import lightning.pytorch as pl\nexcept ImportError:\n"
                "    import pytorch_lightning as pl\n",
                "",
            ),
            src(
                "import sys\nimport lightning.pytorch as lp\n"
                "if 'pytorch_lightning' in sys.modules:\n    import pytorch_lightning as pl\n",
                "",
            ),
        ],
    ),
    "LS207": (
        [src(CB + "    def on_validation_end_epoch(self, trainer, pl_module):\n        pass\n")],
        [
            src(
                CB
                + "    def on_validation_end(self, trainer, pl_module):\n        self.on_report(trainer)\n"
                "    def on_report(self, trainer):\n        pass\n"
            )
        ],
    ),
    "LS208": (
        [
            src(
                "from lightning.pytorch.callbacks import ModelCheckpoint\nModelCheckpoint(save_top_k=3)\n"
            )
        ],
        [
            src(
                "from lightning.pytorch.callbacks import ModelCheckpoint\n"
                "ModelCheckpoint(save_top_k=3, monitor='val_loss')\nModelCheckpoint(save_top_k=-1)\n"
            )
        ],
    ),
    "LS209": (
        [src("trainer = pl.Trainer(accelerator='cpu')\n")],
        [
            src("trainer = pl.Trainer(max_epochs=3)\n"),
            src("trainer = pl.Trainer(fast_dev_run=True)\n"),
            src("trainer = pl.Trainer(**config)\n"),
        ],
    ),
    "LS210": (
        [src("pl.Trainer(max_epochs=1, accelerator='cpu', precision='16-mixed')\n")],
        [src("pl.Trainer(max_epochs=1, accelerator='cpu', precision='bf16-mixed')\n")],
    ),
    "LS211": (
        [src("trainer = pl.Trainer(max_epochs=1, deterministic=True)\n")],
        [
            src(
                "pl.seed_everything(42, workers=True)\ntrainer = pl.Trainer(max_epochs=1, deterministic=True)\n"
            )
        ],
    ),
    "LS212": (
        [
            src(
                LM + "    def validation_step(self, batch, batch_idx):\n"
                "        self.log('val_loss', batch.sum())\n"
                "trainer = pl.Trainer(max_epochs=1, accelerator='gpu', devices=4)\n"
            )
        ],
        [
            src(
                LM + "    def validation_step(self, batch, batch_idx):\n"
                "        self.log('val_loss', batch.sum(), sync_dist=True)\n"
                "        self.log('val_acc', self.acc)\n"
                "trainer = pl.Trainer(max_epochs=1, accelerator='gpu', devices=4)\n"
            ),
            src(
                LM + "    def validation_step(self, batch, batch_idx):\n"
                "        self.log('val_loss', batch.sum())\n"
                "trainer = pl.Trainer(max_epochs=1, devices=1)\n"
            ),
        ],
    ),
    "LS213": (
        [src("from torch.utils.data import DataLoader\nDataLoader(ds, num_workers=64)\n")],
        [
            src("from torch.utils.data import DataLoader\nDataLoader(ds, num_workers=2)\n"),
            src(
                "from torch.utils.data import DataLoader\nimport os\nDataLoader(ds, num_workers=os.cpu_count())\n"
            ),
        ],
    ),
}

# failing source -> exact --fix output, for the fixable rules
FIXES: list[tuple[str, str]] = [
    (  # after *args the keyword is keyword-only
        "from lightning.pytorch.plugins.io import TorchCheckpointIO\n\n\nclass IO(TorchCheckpointIO):\n    def save_checkpoint(self, checkpoint, path, *args):\n        pass\n",
        "from lightning.pytorch.plugins.io import TorchCheckpointIO\n\n\nclass IO(TorchCheckpointIO):\n    def save_checkpoint(self, checkpoint, path, *args, storage_options=None):\n        pass\n",
    ),
    (  # the keyword 2.6 passes is taken, laid out as the parameters were
        "from lightning.pytorch.strategies import DDPStrategy\n\n\nclass S(DDPStrategy):\n    def load_checkpoint(\n        self,\n        path,\n    ):\n        return {}\n",
        "from lightning.pytorch.strategies import DDPStrategy\n\n\nclass S(DDPStrategy):\n    def load_checkpoint(\n        self,\n        path,\n        weights_only=None,\n    ):\n        return {}\n",
    ),
    (  # the optimizer index 1.x's plugin took is dropped from strategy.backward
        CB
        + "    def step(self, trainer, loss, opt, i):\n        trainer.strategy.backward(loss, opt, optimizer_idx=i)\n",
        CB
        + "    def step(self, trainer, loss, opt, i):\n        trainer.strategy.backward(loss, opt)\n",
    ),
    (  # the index a step requires gets the default 2.6 needs with one dataloader
        LM
        + "    def test_step(self, batch, batch_idx, dataloader_idx: int):\n        return batch\n",
        LM
        + "    def test_step(self, batch, batch_idx, dataloader_idx: int = 0):\n        return batch\n",
    ),
    (
        LM
        + "    def predict_step(self, batch, batch_idx, dataloader_idx, *args):\n        return batch\n",
        LM
        + "    def predict_step(self, batch, batch_idx, dataloader_idx=0, *args):\n        return batch\n",
    ),
    (
        "t = pl.Trainer(max_epochs=1, profiler=True)\n",
        't = pl.Trainer(max_epochs=1, profiler="simple")\n',
    ),
    (
        LM
        + "    automatic_optimization = False\n    def training_step(self, b, i):\n        opt = self.optimizers()\n        self.toggle_optimizer(opt, 0)\n",
        LM
        + "    automatic_optimization = False\n    def training_step(self, b, i):\n        opt = self.optimizers()\n        self.toggle_optimizer(opt)\n",
    ),
    (
        LM
        + "    def validation_step(self, b, i):\n        self.log('v', b, sync_dist_op='mean', tbptt_pad_token=0)\n",
        LM + "    def validation_step(self, b, i):\n        self.log('v', b)\n",
    ),
    (
        "t = pl.Trainer(max_epochs=1, accelerator=None, strategy=None)\n",
        't = pl.Trainer(max_epochs=1, accelerator="auto", strategy="auto")\n',
    ),
    (
        "t = pl.Trainer(max_epochs=1, max_steps=None)\n",
        "t = pl.Trainer(max_epochs=1, max_steps=-1)\n",
    ),
    (
        LM
        + "    automatic_optimization = False\n    def training_step(self, b, i):\n        opt = self.optimizers()\n        self.manual_backward(self(b), opt)\n",
        LM
        + "    automatic_optimization = False\n    def training_step(self, b, i):\n        opt = self.optimizers()\n        self.manual_backward(self(b))\n",
    ),
    (
        "t = pl.Trainer(max_epochs=1, gpus=2)\n",
        't = pl.Trainer(max_epochs=1, accelerator="gpu", devices=2)\n',
    ),
    (
        "t = pl.Trainer(max_epochs=1, accelerator='gpu', gpus=[0, 1])\n",
        "t = pl.Trainer(max_epochs=1, accelerator='gpu', devices=[0, 1])\n",
    ),
    (
        "t = pl.Trainer(\n    max_epochs=1,\n    checkpoint_callback=False,  # no ckpts\n"
        "    replace_sampler_ddp=False,\n)\n",
        "t = pl.Trainer(\n    max_epochs=1,\n    enable_checkpointing=False,  # no ckpts\n"
        "    use_distributed_sampler=False,\n)\n",
    ),
    (
        "t = pl.Trainer(max_epochs=1, amp_backend='native', precision=16)\n",
        't = pl.Trainer(max_epochs=1, precision="16-mixed")\n',
    ),
    (
        "t = pl.Trainer(max_epochs=1, precision='bf16')\n",
        "t = pl.Trainer(max_epochs=1, precision='bf16-mixed')\n",
    ),
    (
        "trainer = pl.Trainer(max_epochs=1, resume_from_checkpoint=path)\ntrainer.fit(model)\n",
        "trainer = pl.Trainer(max_epochs=1)\ntrainer.fit(model, ckpt_path=path)\n",
    ),
    (
        "t = pl.Trainer(max_epochs=1, strategy='ddp_fully_sharded', weights_summary=None)\n",
        "t = pl.Trainer(max_epochs=1, strategy='fsdp', enable_model_summary=False)\n",
    ),
    (
        "t = pl.Trainer(max_epochs=1, accelerator='ddp', num_processes=2)\n",
        "t = pl.Trainer(max_epochs=1, strategy='ddp', accelerator=\"cpu\", devices=2)\n",
    ),
    (
        "trainer = pl.Trainer(max_epochs=1)\ntrainer.validate(m, val_dataloaders=dl)\n",
        "trainer = pl.Trainer(max_epochs=1)\ntrainer.validate(m, dataloaders=dl)\n",
    ),
    (
        LM
        + "    def __init__(self, hparams):\n        super().__init__()\n        self.hparams = hparams\n",
        LM
        + "    def __init__(self, hparams):\n        super().__init__()\n"
        + "        self.save_hyperparameters(hparams)\n",
    ),
    (
        LM + "    def configure_sharded_model(self):\n        pass\n",
        LM + "    def configure_model(self):\n        pass\n",
    ),
    (
        LM + "    def forward(self, x):\n        return x.to('cuda') + torch.zeros(3).cuda()\n",
        LM
        + "    def forward(self, x):\n        return x.to(self.device) + torch.zeros(3).to(self.device)\n",
    ),
    (
        "pl.Trainer(max_epochs=1, accelerator='cpu', precision=16)\n",
        "pl.Trainer(max_epochs=1, accelerator='cpu', precision=\"bf16-mixed\")\n",
    ),
    (
        LM
        + "    def validation_step(self, batch, batch_idx):\n        self.log('v', batch.sum())\n"
        "trainer = pl.Trainer(max_epochs=1, strategy='ddp')\n",
        LM + "    def validation_step(self, batch, batch_idx):\n"
        "        self.log('v', batch.sum(), sync_dist=True)\n"
        "trainer = pl.Trainer(max_epochs=1, strategy='ddp')\n",
    ),
]

# fixes whose header (imports) changes: full source in and out
IMPORT_FIXES: list[tuple[str, str]] = [
    (
        "from pytorch_lightning.callbacks.base import Callback\n",
        "from pytorch_lightning.callbacks import Callback\n",
    ),
    (
        "from pytorch_lightning.loggers import LightningLoggerBase\n\n"
        "class L(LightningLoggerBase):\n    pass\n",
        "from pytorch_lightning.loggers import Logger\n\nclass L(Logger):\n    pass\n",
    ),
    (
        "from lightning.pytorch.loggers.base import LightningLoggerBase as Base\n",
        "from lightning.pytorch.loggers.logger import Logger as Base\n",
    ),
    (
        "from pytorch_lightning.utilities.seed import seed_everything\nseed_everything(1)\n",
        "from pytorch_lightning import seed_everything\nseed_everything(1)\n",
    ),
    (
        "import pytorch_lightning as pl\nfrom lightning.pytorch.callbacks import Callback\n",
        "import lightning.pytorch as pl\nfrom lightning.pytorch.callbacks import Callback\n",
    ),
    (
        "from pytorch_lightning import Trainer\nimport lightning as L\n",
        "from lightning.pytorch import Trainer\nimport lightning as L\n",
    ),
    # pytorch_lightning.metrics -> torchmetrics where the API is unchanged
    (
        "from pytorch_lightning.metrics import MeanSquaredError, Metric\n",
        "from torchmetrics import MeanSquaredError, Metric\n",
    ),
    (
        "from pytorch_lightning.metrics.functional import r2_score\n",
        "from torchmetrics.functional import r2_score\n",
    ),
]
