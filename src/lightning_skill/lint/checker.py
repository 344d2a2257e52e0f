"""libcst visitors that find the catalogue's rules in one module.

Rule families that have a module of their own under ``rules/`` (trainer_args, trainer_attrs,
imports, hooks, data, devices, logging, callbacks) declare their rules, tables, messages,
detection and fixes there; their checks are mixed into ``Checker``. The remaining anti-patterns
(LS122, LS201, LS203, LS205) are still detected in this file, declared in rules/__init__.py.

Two passes over a run: ``collect_facts`` reads what a rule may need from other files (which classes
are LightningModules, whether anything seeds, whether the code runs on several devices), then
``Checker`` reports. Names are resolved through imports (libcst's QualifiedNameProvider), so only a
real ``Trainer(...)`` call or a Lightning-imported name is a finding, never a variable that merely
shares its name. While it reports, the checker records the safe fixes as edits keyed by node;
``fixer.py`` applies them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import libcst as cst
import libcst.matchers as cstm
from libcst.metadata import (
    CodeRange,
    ParentNodeProvider,
    PositionProvider,
    QualifiedNameProvider,
    QualifiedNameSource,
    Scope,
    ScopeProvider,
)

from lightning_skill.lint import rules as R
from lightning_skill.lint.cst_util import (
    LIGHTNING_CLI,
    TRAINER,
    TRAINER_NAMES,
    bool_value,
    call_parts,
    comma_after,
    dotted,
    import_style,
    int_value,
    keyword_arg,
    kwargs_of,
    literal,
    names_in,
    str_value,
)
from lightning_skill.lint.finding import Finding
from lightning_skill.lint.metadata import LazyPositions
from lightning_skill.lint.rules.base import config_fields
from lightning_skill.lint.rules.callbacks import (
    CALLBACK_SIGNATURES,
    CONSTRUCTOR_PREFIXES,
    MODEL_CHECKPOINT,
    CallbackChecks,
)
from lightning_skill.lint.rules.data import ARGPARSE_HELPERS, DataChecks
from lightning_skill.lint.rules.devices import DeviceChecks
from lightning_skill.lint.rules.hooks import HookChecks, checkpoint_base
from lightning_skill.lint.rules.imports import (
    ImportChecks,
    canonical,
)
from lightning_skill.lint.rules.logging import LoggingChecks
from lightning_skill.lint.rules.trainer_args import (
    TRAINER_OPTIONS,
    TrainerArgChecks,
    config_section,
    trainer_config,
)
from lightning_skill.lint.rules.trainer_attrs import REMOVED_NESTED_ATTRS, TrainerAttrChecks

Edit = Callable[[cst.CSTNode], "cst.CSTNode | cst.FlattenSentinel | cst.RemovalSentinel"]


DATALOADER = {"torch.utils.data.DataLoader", "torch.utils.data.dataloader.DataLoader"}
MULTI_STRATEGY_CLASSES = (
    "DDPStrategy",
    "FSDPStrategy",
    "DeepSpeedStrategy",
    "ModelParallelStrategy",
)


# ---- small helpers over libcst nodes -----------------------------------------------------


# ---- facts shared across the files of one run ------------------------------------------------


@dataclass
class ClassInfo:
    name: str
    bases: list[str]  # canonical qualified names for imported bases, else plain names
    methods: set[str] = field(default_factory=set)
    assigned: set[str] = field(default_factory=set)  # self.X = ... in its methods
    # a Callback hook written the Callback way: on_..._end(self, trainer, pl_module, ...)
    callback_hooks: bool = False
    # its __init__(self, *args, **kwargs) hands everything on to super().__init__(*args, **kwargs)
    init_forwards: bool = False
    # a dataclass that mirrors Trainer(...) (trainer_args.trainer_config): calls of it build one
    trainer_config: bool = False
    # every base up its chain is a class of its own file, ending at object: gluonts' own
    # Callback framework is no Lightning class, whatever another file's classes of the same
    # names are (the run's facts are keyed by class name)
    plain_local: bool = False
    # the parameters its own __init__ names (scvi-tools' Trainer subclass takes `gpus` itself)
    init_params: frozenset[str] = frozenset()
    # a dataclass's fields -> the class their annotation names (``trainer: TrainerConf``)
    field_types: dict[str, str] = field(default_factory=dict)


@dataclass
class ClassScan:
    """What a class body says about itself: attribute names used on self, string literals,
    whether it turns off automatic optimization."""

    self_refs: set[str] = field(default_factory=set)
    strings: set[str] = field(default_factory=set)
    manual: bool = False
    plain_local: bool = False  # see ClassInfo.plain_local


@dataclass
class FileFacts:
    classes: list[ClassInfo] = field(default_factory=list)
    seeds: bool = False
    multi_device: bool = False
    styles: set[str] = field(default_factory=set)  # "pytorch_lightning" / "lightning"
    names: set[str] = field(default_factory=set)  # every identifier used in the file
    # what the checker reads about this file's own nodes, gathered in the same walk (a separate
    # walk per class body and one over the module cost a fifth of the checker's time)
    class_scans: dict[cst.ClassDef, ClassScan] = field(default_factory=dict)
    # calls that pass ``**name``: (last part of the callee's name, whether it is ``x.__init__``,
    # the innermost enclosing class or None, the names splatted); which callees build a Trainer
    # is known only once every file's classes are
    splat_calls: list[tuple[str, bool, str | None, list[str]]] = field(default_factory=list)
    trainer_option_dicts: set[str] = field(default_factory=set)  # trainer_options = dict(...)
    # functions that splat one of their own parameters into a call: (function name, callee's
    # last name, whether it is ``x.__init__``, enclosing class, the parameter, its index or
    # None for **kwargs); the callee may build a Trainer (or forward again)
    splat_params: list[tuple[str, str, bool, str | None, str, int | None, frozenset[str]]] = field(
        default_factory=list
    )
    # calls that pass a plain name: (callee's last name, position or keyword, the name), so a
    # dict handed to a function that splats it into a Trainer is known before it is filled
    name_args: list[tuple[str, int | str, str]] = field(default_factory=list)
    updates: list[tuple[str, str]] = field(default_factory=list)  # a.update(b): (a, b)
    # what a framework's Trainer-options parameter is handed (darts' ``pl_trainer_kwargs=``, a
    # ``{"trainer_kwargs": ...}`` entry): the last names of functions whose result it is (their
    # returned dicts hold Trainer arguments) and plain names (dicts filled elsewhere)
    option_calls: set[str] = field(default_factory=set)
    # what says a config class holds the Trainer's arguments, wherever the class is: Hydra's
    # ``cs.store(group="trainer", node=TrainerConf)`` (class names), and ``Trainer(**cfg.trainer)``
    # / ``Trainer(**asdict(cfg.trainer))``: (the callee's last name, the attribute splatted)
    trainer_config_nodes: set[str] = field(default_factory=set)
    # Trainer(**get_trainer_kwargs(args)): (the outer callee's last name, the inner one's)
    splat_fn_calls: list[tuple[str, str]] = field(default_factory=list)
    # Trainer(**vars(args)) / Trainer(**args.__dict__): the callees a whole namespace is
    # splatted into (every command-line flag of the file's parser is a Trainer keyword then)
    vars_splats: set[str] = field(default_factory=set)
    splat_attrs: list[tuple[str, str]] = field(default_factory=list)
    option_names: set[str] = field(default_factory=set)
    # function name -> the plain names its return statements return
    returned_names: dict[str, set[str]] = field(default_factory=dict)
    # function name -> its parameters that flow unchanged into a keyword of the same name of a
    # Trainer(...) it builds (``def run(gpus=None): Trainer(gpus=gpus)``): run(gpus=2) sets it
    # (and the position each takes in a call, None for a keyword-only one)
    trainer_params: dict[str, dict[str, int | None]] = field(default_factory=dict)
    # names of functions installed as ``x.configure_optimizers = f`` / ``= model.f``
    optimizer_fns: set[str] = field(default_factory=set)
    # the names import statements bind (``a`` for ``import a.b``): any other name has no
    # qualified name from an import, so it is never resolved through scopes
    imported: set[str] = field(default_factory=set)
    # a ``from x import *``: an unbound ``pl`` is then Lightning (``Checker.qnames``)
    star_import: bool = False
    # several loaders handed to the Trainer by keyword (a step may then require dataloader_idx)
    several_loaders: bool = False


@dataclass
class ProjectFacts:
    lm: set[str] = field(default_factory=set)
    # classes linted as LightningModules because they define its hooks (or derive from one that
    # does), not because a base is recognisably LightningModule: findings on them say so
    lm_inferred: set[str] = field(default_factory=set)
    # classes without a base of their own that a LightningModule of the run mixes in
    lm_mixins: set[str] = field(default_factory=set)
    # classes with only plain bases (object, nn.Module) that a Callback of the run mixes in,
    # defining Callback hooks: Lightning calls them as the Callback's
    callback_mixins: set[str] = field(default_factory=set)
    callback_inferred: set[str] = field(default_factory=set)  # Callbacks by their hooks
    # classes deriving from Lightning's Strategy ("strategy") or CheckpointIO ("io"), up the
    # chain through the run's classes: 2.6 calls their checkpoint methods (hooks.py)
    checkpoint_kinds: dict[str, set[str]] = field(default_factory=dict)
    trainer_sub: set[str] = field(default_factory=set)  # subclasses of Trainer
    trainer_configs: set[str] = field(default_factory=set)  # dataclasses that mirror it
    # config classes the run hands to the Trainer whole (FileFacts.trainer_config_nodes and
    # splat_attrs resolved through the fields' annotations), whatever their fields look like
    trainer_configs_used: set[str] = field(default_factory=set)
    # functions whose returned dicts reach a Trainer, wherever they are called from:
    # pl_trainer_kwargs=trainer_params(), Trainer(**get_trainer_kwargs(args))
    option_fns: set[str] = field(default_factory=set)
    # dicts splatted into a Trainer by a file that imports them: ``from config import
    # DEFAULTS`` + ``Trainer(**DEFAULTS)`` makes config.py's ``DEFAULTS = {...}`` Trainer keywords
    imported_trainer_dicts: set[str] = field(default_factory=set)
    init_params: dict[str, set[str]] = field(default_factory=dict)  # see ClassInfo
    cli_sub: set[str] = field(default_factory=set)  # subclasses of LightningCLI
    dm: set[str] = field(default_factory=set)
    callback: set[str] = field(default_factory=set)
    plain_callback: set[str] = field(default_factory=set)  # Callback subclasses, not built-ins
    progress_bar: set[str] = field(default_factory=set)  # subclasses of Lightning's progress bars
    seeds: bool = False
    # identifiers used in files that configure several devices: a LightningModule named there
    # is trained on several devices even when it is defined elsewhere
    multi_device_names: set[str] = field(default_factory=set)
    styles: set[str] = field(default_factory=set)
    methods: dict[str, set[str]] = field(default_factory=dict)  # class name -> its own methods
    members: dict[str, set[str]] = field(default_factory=dict)  # ... and its self.X = ...
    optimizer_fns: set[str] = field(default_factory=set)  # see FileFacts.optimizer_fns
    bases: dict[str, set[str]] = field(default_factory=dict)  # class name -> its bases' names
    # class name -> its bases imported from other packages (flash's Task): their members are
    # unknown, so a name the class uses may well be theirs
    foreign_bases: dict[str, set[str]] = field(default_factory=dict)
    # function name -> how it hands its arguments on to a Trainer: None for ``f(**kwargs)`` ->
    # ``Trainer(**kwargs)`` (f's keywords are Trainer arguments), else the (index, name) of the
    # dict parameter it splats into one; plus the parameters it names itself
    trainer_forwarders: dict[str, tuple[tuple[int, str] | None, frozenset[str]]] = field(
        default_factory=dict
    )
    # class name -> the Lightning callback whose constructor ``name(...)`` runs (no class between
    # defines __init__), and the one its own ``super().__init__(...)`` reaches
    callback_init: dict[str, str] = field(default_factory=dict)
    callback_super: dict[str, str] = field(default_factory=dict)
    cpus: int = field(default_factory=lambda: _cpus())

    @classmethod
    def merge(cls, files: Sequence[FileFacts]) -> ProjectFacts:
        facts = cls()
        classes = [c for f in files for c in f.classes]
        for f in files:
            facts.seeds |= f.seeds
            facts.optimizer_fns |= f.optimizer_fns
            if f.multi_device:
                facts.multi_device_names |= f.names
            facts.styles |= f.styles
        for c in classes:
            facts.methods.setdefault(c.name, set()).update(c.methods)
            facts.init_params.setdefault(c.name, set()).update(c.init_params)
            facts.members.setdefault(c.name, set()).update(c.methods | c.assigned)
            facts.bases.setdefault(c.name, set()).update(b.rsplit(".", 1)[-1] for b in c.bases)
            facts.foreign_bases.setdefault(c.name, set()).update(
                b for b in c.bases if "." in b and not b.startswith(("lightning.", "torch."))
            )
        facts.trainer_configs = {c.name for c in classes if c.trainer_config}
        facts._resolve(classes)
        trainers = TRAINER_NAMES | facts.trainer_sub
        splatted = {attr for f in files for callee, attr in f.splat_attrs if callee in trainers}
        facts.imported_trainer_dicts = {
            n
            for f in files
            for callee, init, enclosing, names in f.splat_calls
            if callee in trainers or (init and enclosing in trainers)
            for n in names
            if n in f.imported
        }
        facts.option_fns = {c for f in files for c in f.option_calls} | {
            inner for f in files for outer, inner in f.splat_fn_calls if outer in trainers
        }
        facts.trainer_configs_used = {n for f in files for n in f.trainer_config_nodes} | {
            c.field_types[a] for c in classes for a in splatted & c.field_types.keys()
        }
        facts._forwarders([s for f in files for s in f.splat_params])
        facts._checkpoint_classes(classes)
        confident = set(facts.lm)
        plain_bases = {"object", "Module", "torch.nn.Module", "torch.nn.modules.module.Module"}
        # mixins: classes a LightningModule of the run derives from, whatever their own bases
        lm_bases = {b.rsplit(".", 1)[-1] for c in classes if c.name in confident for b in c.bases}
        in_lightning_files = {id(c) for f in files if f.styles for c in f.classes}
        for c in classes:
            if c.name in facts.checkpoint_kinds:
                continue  # a strategy's training_step is no LightningModule's
            if (
                not facts._known(c.name)
                and c.methods & R.LM_ONLY_HOOKS
                and (any(b not in plain_bases for b in c.bases) or c.name in lm_bases)
            ) or (
                # a test helper's BoringModel subclass overriding optimizer_step or
                # on_train_epoch_end only: a LightningModule hook not written the Callback way,
                # on a base from elsewhere, in a file that imports Lightning
                not facts._known(c.name)
                and c.methods & R.LM_HOOK_NAMES
                and not c.callback_hooks
                and id(c) in in_lightning_files
                and any(
                    b not in plain_bases
                    and b not in _NOT_MODULE_BASES
                    and not b.startswith(("lightning.", "torch."))
                    for b in c.bases
                )
            ):
                facts.lm.add(c.name)
                if not c.bases or c.name in lm_bases:
                    facts.lm_mixins.add(c.name)
            elif (
                not facts._known(c.name)
                and (c.methods & R.FINETUNING_ONLY_HOOKS or c.callback_hooks)
                and not c.plain_local
                and any(b not in plain_bases for b in c.bases)
            ):
                # a BaseFinetuning subclass, or another package's Callback, by its hooks
                facts.callback.add(c.name)
                facts.callback_inferred.add(c.name)

        # a plain class (object, nn.Module) mixed into a Callback or LightningModule of the run,
        # in a file of its own that need not import Lightning: its hooks are that class's
        # (CallbackMixin.on_init_start, a torch Module base's on_train_epoch_end(self, outputs))
        def mixed_into(kind: set[str]) -> set[str]:
            """The run's classes ``kind`` derives from, through mixins of mixins too
            (ValTestStepMixin(ValStepMixin, TestStepMixin))."""
            found: set[str] = set()
            todo = [c for c in classes if c.name in kind]
            while todo:
                c = todo.pop()
                for b in c.bases:
                    # Lightning's own Callback is no mixin, whatever plain class shares its name
                    if b.startswith(("pytorch_lightning.", "lightning.", "lightning_fabric.")):
                        continue
                    name = b.rsplit(".", 1)[-1]
                    if name not in found and name not in kind:
                        found.add(name)
                        todo.extend(x for x in classes if x.name == name)
            return found

        # (a Callback by its bases: another framework's, by its hooks, is none)
        cb_bases = mixed_into(facts.callback - facts.callback_inferred)
        module_bases = mixed_into(confident)
        mixins = cb_bases | module_bases
        for c in classes:
            if facts._known(c.name) or not all(
                b in plain_bases or b.rsplit(".", 1)[-1] in mixins for b in c.bases
            ):
                continue
            if c.name in cb_bases and c.methods & _CALLBACK_HOOK_NAMES:
                facts.callback.add(c.name)
                facts.callback_mixins.add(c.name)
            elif c.name in module_bases and c.methods & _MODULE_HOOK_NAMES:
                facts.lm.add(c.name)
                facts.lm_mixins.add(c.name)
        facts._resolve(classes)
        facts.lm_inferred = facts.lm - confident
        facts._callback_constructors(classes)
        return facts

    def _checkpoint_classes(self, classes: list[ClassInfo]) -> None:
        kinds = self.checkpoint_kinds
        for c in classes:
            own = {k for b in c.bases if (k := checkpoint_base(b)) is not None}
            if own:
                kinds.setdefault(c.name, set()).update(own)
        changed = True
        while changed:  # down the chains of the run's own classes
            changed = False
            for c in classes:
                inherited = set().union(*(kinds.get(b.rsplit(".", 1)[-1], ()) for b in c.bases))
                if inherited - kinds.get(c.name, set()):
                    kinds.setdefault(c.name, set()).update(inherited)
                    changed = True

    def _known(self, name: str) -> bool:
        """``name in lm | dm | callback``, without building the union (once per class it made
        merging the facts of a file of 5,000 classes quadratic)."""
        return name in self.lm or name in self.dm or name in self.callback

    def lineage(self, name: str) -> list[str]:
        """Class ``name`` and its bases, up the chain, by name (the run's classes and not)."""
        seen: list[str] = []
        todo = [name]
        while todo:
            c = todo.pop()
            if c not in seen:
                seen.append(c)
                todo.extend(self.bases.get(c, ()))
        return seen

    def chain_known(self, name: str) -> bool:
        """Every base of ``name``, up the chain, is Lightning's, torch's or a class of the run."""
        return not any(
            self.foreign_bases.get(c)
            or (c not in self.members and c not in ("LightningModule", "Module", "object"))
            for c in self.lineage(name)
        )  # a base from elsewhere (a helper's BoringModel) may define anything

    def defined_methods(self, name: str) -> set[str]:
        """The methods (properties included) class ``name`` and its bases in this run define."""
        return set().union(*(self.methods.get(c, set()) for c in self.lineage(name)))

    def defined_members(self, name: str) -> set[str]:
        """What class ``name`` and its bases in this run define or assign themselves."""
        return set().union(*(self.members.get(c, set()) for c in self.lineage(name)))

    def _forwarders(
        self, splats: list[tuple[str, str, bool, str | None, str, int | None, frozenset[str]]]
    ) -> None:
        trainers = TRAINER_NAMES | self.trainer_sub
        changed = True
        while changed:  # a helper that calls a helper that builds the Trainer
            changed = False
            for fn, callee, init, enclosing, param, index, own in splats:
                if fn in self.trainer_forwarders:
                    continue
                reaches = (
                    callee in trainers
                    or (init and enclosing in trainers)
                    or (
                        callee in self.trainer_forwarders
                        and self.trainer_forwarders[callee][0] is None
                    )
                )
                if reaches:
                    where = None if index is None else (index, param)
                    self.trainer_forwarders[fn] = (where, own)
                    changed = True

    def _callback_constructors(self, classes: list[ClassInfo]) -> None:
        changed = True
        while changed:
            changed = False
            for c in classes:
                if c.name in self.callback_super or c.name not in self.callback:
                    continue
                for b in c.bases:
                    last = b.rsplit(".", 1)[-1]
                    target = last if b.startswith(R.CALLBACK_PREFIX) else self.callback_init.get(b)
                    if target in CALLBACK_SIGNATURES:
                        self.callback_super[c.name] = target
                        if "__init__" not in c.methods or c.init_forwards:
                            self.callback_init[c.name] = target
                        changed = True
                        break

    def _resolve(self, classes: list[ClassInfo]) -> None:
        facts = self
        changed = True
        while changed:  # subclasses of subclasses, across files, by class name
            changed = False
            for c in classes:
                if c.plain_local:
                    continue
                for kind, bases in (
                    (facts.lm, R.LM_BASES),
                    (facts.dm, R.DM_BASES),
                    (facts.plain_callback, R.CALLBACK_BASES),
                ):
                    if c.name not in kind and any(
                        b in bases or b.rsplit(".", 1)[-1] in kind for b in c.bases
                    ):
                        kind.add(c.name)
                        changed = True
                # another package's DataModule base (pl_bolts' VisionDataModule): a DataModule
                if (
                    c.name not in facts.dm
                    and c.name not in facts.lm
                    and any(b.rsplit(".", 1)[-1].endswith("DataModule") for b in c.bases)
                ):
                    facts.dm.add(c.name)
                    changed = True
                is_cb = any(
                    b.startswith(R.CALLBACK_PREFIX) or b.rsplit(".", 1)[-1] in facts.callback
                    for b in c.bases
                )
                if (is_cb or c.name in facts.plain_callback) and c.name not in facts.callback:
                    facts.callback.add(c.name)
                    changed = True
                if c.name not in facts.progress_bar and any(
                    (b.startswith(R.CALLBACK_PREFIX) and b.endswith(R.PROGRESS_BAR_BASES))
                    or b.rsplit(".", 1)[-1] in facts.progress_bar
                    for b in c.bases
                ):
                    facts.progress_bar.add(c.name)
                    changed = True
                if c.name not in facts.trainer_sub and any(
                    b in TRAINER or b.rsplit(".", 1)[-1] in facts.trainer_sub for b in c.bases
                ):
                    facts.trainer_sub.add(c.name)
                    changed = True
                if c.name not in facts.cli_sub and any(
                    b in LIGHTNING_CLI or b.rsplit(".", 1)[-1] in facts.cli_sub for b in c.bases
                ):
                    facts.cli_sub.add(c.name)
                    changed = True


# removed hooks as attributes (super().training_epoch_end(outputs) has nothing to call in 2.x)
_REMOVED_HOOK_ATTRS = {
    **{name: f"{new}(self)" for name, new in R.EPOCH_END_HOOKS.items()},
    **{name: instead for name, (_since, instead) in R.REMOVED_MODULE_HOOKS.items()},
}


# bases that say nothing about what a class is (a hook-named method on one is no evidence)
_NOT_MODULE_BASES = {"ABC", "abc.ABC", "Generic", "typing.Generic", "Protocol", "typing.Protocol"}


def _field_types(node: cst.ClassDef) -> dict[str, str]:
    """A dataclass's fields -> the last name of the class each is annotated with
    (``trainer: TrainerConf = field(...)``, ``trainer: Optional[TrainerConf] = None``)."""
    found: dict[str, str] = {}
    for name, target in config_fields(node).items():
        ann = target_annotation(node, target)
        if isinstance(ann, cst.Subscript) and ann.slice:  # Optional[TrainerConf]
            first = ann.slice[0].slice
            ann = first.value if isinstance(first, cst.Index) else None
        if ann is not None and (d := dotted(ann)) is not None:
            found[name] = d.rsplit(".", 1)[-1]
    return found


def target_annotation(node: cst.ClassDef, target: cst.Name) -> cst.BaseExpression | None:
    for stmt in node.body.body:
        for small in stmt.body if isinstance(stmt, cst.SimpleStatementLine) else ():
            if isinstance(small, cst.AnnAssign) and small.target is target:
                return small.annotation.annotation
    return None


def _class_registry(
    value: cst.BaseExpression, is_class: Callable[[cst.BaseExpression], bool]
) -> bool:
    """``{"mnist": MNISTDataModule, ...}`` / ``[A, B]``: a literal whose items all pass."""
    if isinstance(value, cst.Dict):
        items = [e.value for e in value.elements if isinstance(e, cst.DictElement)]
    elif isinstance(value, cst.List | cst.Tuple):
        items = [e.value for e in value.elements if isinstance(e, cst.Element)]
    else:
        return False
    return bool(items) and len(items) == len(value.elements) and all(map(is_class, items))


_SPLAT_WRAPPERS = ("asdict", "vars", "dict", "to_container", "to_object", "to_dict")


def _splatted_attr(value: cst.BaseExpression) -> str | None:
    """``trainer`` for ``**cfg.trainer``, ``**asdict(cfg.trainer)``,
    ``**OmegaConf.to_container(cfg.trainer)``: the attribute a config section is read from."""
    if isinstance(value, cst.Call) and value.args:
        if (dotted(value.func) or "").rsplit(".", 1)[-1] not in _SPLAT_WRAPPERS:
            return None
        value = value.args[0].value
    return value.attr.value if isinstance(value, cst.Attribute) else None


# the hook names that make a plain class mixed into a Callback / LightningModule part of it
_CALLBACK_HOOK_NAMES = frozenset(R.CALLBACK_HOOK_ARITY) | frozenset(R.REMOVED_CALLBACK_HOOKS)
_MODULE_HOOK_NAMES = (
    frozenset(R.MODULE_HOOK_ARITY)
    | frozenset(R.OLD_HOOK_PARAMS)
    | frozenset(R.REMOVED_MODULE_HOOKS)
    | frozenset(R.EPOCH_END_HOOKS)
)


def _cpus() -> int:
    override = os.environ.get("LIGHTNING_SKILL_CPUS")
    if override and override.isdigit():
        return int(override)
    return os.cpu_count() or 1


class _Base(cst.CSTVisitor):
    METADATA_DEPENDENCIES = (
        PositionProvider,
        QualifiedNameProvider,
        ParentNodeProvider,
        ScopeProvider,
    )

    def imported(self) -> set[str]:
        """The names this file's import statements bind (see ``FileFacts.imported``)."""
        raise NotImplementedError

    def star_imported(self) -> bool:
        """Whether the file has a ``from x import *`` (see ``FileFacts.star_import``)."""
        raise NotImplementedError

    def qnames(self, node: cst.CSTNode) -> set[str]:
        """Canonical qualified names of ``node`` that come from an import."""
        full = cst.helpers.get_full_name_for_node(node)
        if full is not None and (first := full.split(".", 1)[0]) not in self.imported():
            # no import binds its first name: no scope lookup (which would find none), and a
            # file whose code never asks about an imported name never computes its scopes
            # ``from icevision.all import *`` then ``pl.Trainer(...)``: the star import brought
            # ``pl``, the name Lightning's docs give it; so did the namespace a snippet file runs
            # in when nothing binds ``pl`` at all (a notebook's ``%run trainer.py``, rasbt's
            # course code). A binding of its own, a parameter or an assignment, would show in
            # the scope lookup.
            if (
                first == "pl"
                and full != "pl"
                and not self.get_metadata(QualifiedNameProvider, node, set())
            ):
                return {canonical("pytorch_lightning" + full[2:])}
            return set()
        found = self.get_metadata(QualifiedNameProvider, node, set())
        return {canonical(q.name) for q in found if q.source is QualifiedNameSource.IMPORT}

    def local_name(self, node: cst.BaseExpression) -> str | None:
        return node.value if isinstance(node, cst.Name) else None

    def is_trainer_call(self, call: cst.Call) -> bool:
        return bool(self.qnames(call.func) & TRAINER)


def _multi_device(call: cst.Call) -> bool:
    kw = kwargs_of(call)
    if "devices" in kw:
        v = kw["devices"].value
        n = int_value(v)
        s = str_value(v)
        if n is not None and (n > 1 or n == -1):
            return True
        if s is not None and (s == "-1" or (s.isdigit() and int(s) > 1) or "," in s.strip(",")):
            return True
        if isinstance(v, cst.List | cst.Tuple) and len(v.elements) > 1:
            return True
    if "num_nodes" in kw and (int_value(kw["num_nodes"].value) or 1) > 1:
        return True
    if "strategy" in kw:
        v = kw["strategy"].value
        s = str_value(v)
        if s is not None and any(k in s for k in ("ddp", "fsdp", "deepspeed")):
            return True
        if isinstance(v, cst.Call) and (dotted(v.func) or "").endswith(MULTI_STRATEGY_CLASSES):
            return True
    return False


class _Conditional(_Base):
    """Tracks whether we are inside try/if: imports there are deliberate fallbacks."""

    def __init__(self) -> None:
        super().__init__()
        self._try_depth = 0
        self._in_try = 0  # try blocks only: ``try: import x / except ImportError`` fallbacks

    def visit_Try(self, node: cst.Try) -> None:
        self._try_depth += 1
        self._in_try += 1

    def leave_Try(self, original_node: cst.Try) -> None:
        self._try_depth -= 1
        self._in_try -= 1

    def visit_If(self, node: cst.If) -> None:
        self._try_depth += 1

    def leave_If(self, original_node: cst.If) -> None:
        self._try_depth -= 1


_LOADER_KEYWORDS = frozenset(
    {"val_dataloaders", "test_dataloaders", "dataloaders", "predict_dataloaders"}
)


class FactsCollector(_Conditional):
    def __init__(self) -> None:
        super().__init__()
        self.facts = FileFacts()
        self._class_names: list[str] = []  # every enclosing class, from its decorators on
        self._bodies: list[ClassScan] = []  # the class bodies the walk is inside
        self._pending_bases: list[tuple[ClassInfo, cst.ClassDef]] = []
        self._multi_device_calls: list[cst.Call] = []
        # Trainer(...) candidates passing a parameter on: (call, function, parameter names)
        self._param_calls: list[tuple[cst.Call, cst.FunctionDef, set[str]]] = []
        self._functions: list[cst.FunctionDef] = []
        self._infos: list[ClassInfo] = []  # the classes the walk is inside

    def visit_Name(self, node: cst.Name) -> None:
        self.facts.names.add(node.value)

    def imported(self) -> set[str]:
        return self.facts.imported

    def star_imported(self) -> bool:
        return self.facts.star_import

    def leave_Module(self, original_node: cst.Module) -> None:
        # names resolve once every import is seen (an import may follow its use in a function)
        for info, node in self._pending_bases:
            for arg in node.bases:
                q = self.qnames(arg.value)
                if q:
                    info.bases.extend(sorted(q))
                elif (d := dotted(arg.value)) is not None:
                    info.bases.append(d.rsplit(".", 1)[-1])
        plain = {"object", "builtins.object"}
        grown = True
        while grown:  # this file's classes whose whole lineage is in the file, ending at object
            grown = False
            for info in self.facts.classes:
                if info.name not in plain and all(b in plain for b in info.bases):
                    plain.add(info.name)
                    grown = True
        for info, node in self._pending_bases:
            info.plain_local = self.facts.class_scans[node].plain_local = info.name in plain
        self.facts.multi_device = any(map(self.is_trainer_call, self._multi_device_calls))
        for call, fn, names in self._param_calls:
            if self.is_trainer_call(call):
                names -= _rebound(fn, names)
                if names:
                    positions = {p.name.value: i for i, p in enumerate(fn.params.params)}
                    found = self.facts.trainer_params.setdefault(fn.name.value, {})
                    found.update({n: positions.get(n) for n in names})

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        methods = {s.name.value for s in node.body.body if isinstance(s, cst.FunctionDef)}
        info = ClassInfo(node.name.value, [], methods)
        info.callback_hooks = any(
            isinstance(s, cst.FunctionDef)
            and (s.name.value in R.CALLBACK_HOOK_ARITY or s.name.value in R.REMOVED_CALLBACK_HOOKS)
            and _callback_style([p.name.value for p in s.params.params[1:3]])
            for s in node.body.body
        )
        info.init_forwards = any(
            isinstance(s, cst.FunctionDef) and s.name.value == "__init__" and _forwarding_init(s)
            for s in node.body.body
        )
        info.trainer_config = trainer_config(node, bool(self.facts.styles)) is not None
        info.field_types = _field_types(node)
        info.init_params = frozenset(
            p.name.value
            for s in node.body.body
            if isinstance(s, cst.FunctionDef) and s.name.value == "__init__"
            for p in (*s.params.params[1:], *s.params.kwonly_params)
        )
        self.facts.classes.append(info)
        self._infos.append(info)
        self._pending_bases.append((info, node))
        self._class_names.append(node.name.value)
        self.facts.class_scans[node] = ClassScan()

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._class_names.pop()
        self._infos.pop()

    def _self_assigned(self, target: cst.BaseExpression) -> None:
        if (
            self._infos
            and isinstance(target, cst.Attribute)
            and isinstance(target.value, cst.Name)
            and target.value.value == "self"
        ):
            self._infos[-1].assigned.add(target.attr.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._self_assigned(node.target)
        if node.value is not None:
            self._option_dict(node.target, node.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._self_assigned(node.target)

    def _option_dict(self, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        """trainer_options = dict(...) / {...}, self.trainer_params: Dict = {...}: handed on to
        a helper that builds the Trainer (a test pipeline's run_model_test): its keys are
        Trainer arguments."""
        name = dotted(target)
        if (
            (
                isinstance(value, cst.Dict)
                or (isinstance(value, cst.Call) and dotted(value.func) == "dict")
            )
            and name is not None
            and (isinstance(target, cst.Name) or name.startswith("self."))
            and TRAINER_OPTIONS.match(name.rsplit(".", 1)[-1])
        ):
            self.facts.trainer_option_dicts.add(name)

    def visit_ClassDef_body(self, node: cst.ClassDef) -> None:
        self._bodies.append(self.facts.class_scans[node])

    def leave_ClassDef_body(self, node: cst.ClassDef) -> None:
        self._bodies.pop()

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if self._bodies and isinstance(node.value, cst.Name) and node.value.value == "self":
            for scan in self._bodies:
                scan.self_refs.add(node.attr.value)

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if self._bodies:
            value = literal(node)
            if isinstance(value, str):
                for scan in self._bodies:
                    scan.strings.add(value)

    def visit_Assign(self, node: cst.Assign) -> None:
        value = node.value
        manual = False
        for t in node.targets:
            self._self_assigned(t.target)
            if (
                isinstance(t.target, cst.Attribute)
                and t.target.attr.value == "configure_optimizers"
                and (installed := dotted(value)) is not None
            ):
                self.facts.optimizer_fns.add(installed.rsplit(".", 1)[-1])
            for el in t.target.elements if isinstance(t.target, cst.Tuple | cst.List) else ():
                self._self_assigned(el.value)
            self._option_dict(t.target, value)
            if self._bodies and (
                dotted(t.target) in ("self.automatic_optimization", "automatic_optimization")
                and bool_value(value) is False
            ):
                manual = True
        if manual:
            for scan in self._bodies:
                scan.manual = True

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if node.name.value == "automatic_optimization":  # a property override: assume the
            for scan in self._bodies:  # author knows
                scan.manual = True
        self._functions.append(node)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._functions.pop()

    def visit_Call(self, node: cst.Call) -> None:
        name = dotted(node.func) or ""
        if name.endswith(("seed_everything", "manual_seed")) or name.endswith("LightningCLI"):
            self.facts.seeds = True
        if _multi_device(node):  # a Trainer call? (resolved in leave_Module)
            self._multi_device_calls.append(node)
        if any(
            a.keyword is not None
            and a.keyword.value in _LOADER_KEYWORDS
            and isinstance(a.value, cst.List | cst.Tuple | cst.Dict)
            for a in node.args
        ):
            self.facts.several_loaders = True  # trainer.fit(m, val_dataloaders=[a, b])
        same = {  # Trainer(gpus=gpus): resolved in leave_Module too, when gpus is a parameter
            a.keyword.value
            for a in node.args
            if a.keyword is not None
            and isinstance(a.value, cst.Name)
            and a.value.value == a.keyword.value
        }
        if same and self._functions:
            fn = self._functions[-1]
            params = {p.name.value for p in [*fn.params.params, *fn.params.kwonly_params]}
            if passed := same & params:
                self._param_calls.append((node, fn, passed))
        # Trainer(**kw), and Trainer(**self.trainer_kwargs): a dict kept on the object
        splats = [
            d
            for a in node.args
            if a.star == "**"
            for value in _merged(a.value)
            if (d := _name_or_self_attr(value)) is not None
        ]
        callee = name.rsplit(".", 1)[-1]
        func = node.func
        if (
            isinstance(func, cst.Attribute)
            and func.attr.value == "update"
            and isinstance(func.value, cst.Name)
            and len(node.args) == 1
            and isinstance(node.args[0].value, cst.Name)
            and node.args[0].keyword is None
        ):
            self.facts.updates.append((func.value.value, node.args[0].value.value))
        if splats:
            init = isinstance(node.func, cst.Attribute) and node.func.attr.value == "__init__"
            enclosing = self._class_names[-1] if self._class_names else None
            self.facts.splat_calls.append((callee, init, enclosing, splats))
            if self._functions:
                self._splat_params(self._functions[-1], callee, init, enclosing, splats)
        for arg in node.args:
            if arg.star == "**" and (attr := _splatted_attr(arg.value)) is not None:
                self.facts.splat_attrs.append((callee, attr))  # Trainer(**cfg.trainer)
            elif (
                arg.star == "**"
                and isinstance(arg.value, cst.Call)
                and (inner := dotted(arg.value.func)) is not None
            ):
                first = arg.value.args[0].value if arg.value.args else None
                if inner == "vars" or (
                    # **dict(vars(args), max_epochs=1)
                    inner == "dict" and isinstance(first, cst.Call) and dotted(first.func) == "vars"
                ):
                    self.facts.vars_splats.add(callee)
                else:
                    self.facts.splat_fn_calls.append((callee, inner.rsplit(".", 1)[-1]))
            elif (
                arg.star == "**"
                and isinstance(arg.value, cst.Attribute)
                and arg.value.attr.value == "__dict__"
            ):
                self.facts.vars_splats.add(callee)
            if (
                arg.keyword is not None
                and arg.keyword.value == "node"
                and callee == "store"
                and (n := dotted(arg.value)) is not None
                and any(
                    a.keyword is not None
                    and a.keyword.value == "group"
                    and (group := str_value(a.value)) is not None
                    and (group == "trainer" or bool(TRAINER_OPTIONS.match(group)))
                    for a in node.args
                )
            ):
                self.facts.trainer_config_nodes.add(n.rsplit(".", 1)[-1])
        for i, arg in enumerate(node.args):
            if isinstance(arg.value, cst.Name) and not arg.star:
                where: int | str = arg.keyword.value if arg.keyword is not None else i
                self.facts.name_args.append((callee, where, arg.value.value))
            if arg.keyword is not None and TRAINER_OPTIONS.match(arg.keyword.value):
                self._option_value(arg.value)

    def visit_DictElement(self, node: cst.DictElement) -> None:
        key = str_value(node.key)
        if key is not None and TRAINER_OPTIONS.match(key):
            self._option_value(node.value)  # {"pl_trainer_kwargs": self._trainer_params()}

    def _option_value(self, value: cst.BaseExpression) -> None:
        if isinstance(value, cst.Name):
            self.facts.option_names.add(value.value)
        elif isinstance(value, cst.Call) and (name := dotted(value.func)) is not None:
            callee = name.rsplit(".", 1)[-1]
            if callee != "dict":
                self.facts.option_calls.add(callee)

    def visit_Return(self, node: cst.Return) -> None:
        if self._functions and isinstance(node.value, cst.Name):
            fn = self._functions[-1].name.value
            self.facts.returned_names.setdefault(fn, set()).add(node.value.value)

    def _splat_params(
        self, fn: cst.FunctionDef, callee: str, init: bool, enclosing: str | None, names: list[str]
    ) -> None:
        params = [*fn.params.posonly_params, *fn.params.params]
        own = frozenset(p.name.value for p in [*params, *fn.params.kwonly_params])
        star = fn.params.star_kwarg
        method = bool(self._class_names) and bool(params) and params[0].name.value == "self"
        for name in names:
            if star is not None and star.name.value == name:
                index = None
            else:
                found = [i for i, p in enumerate(params) if p.name.value == name]
                if not found:
                    continue
                index = found[0] - (1 if method else 0)  # as the call site counts
            entry = (fn.name.value, callee, init, enclosing, name, index, own)
            self.facts.splat_params.append(entry)

    def _bind(self, alias: cst.ImportAlias) -> None:
        if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
            self.facts.imported.add(alias.asname.name.value)
        else:
            full = cst.helpers.get_full_name_for_node(alias.name) or ""
            self.facts.imported.add(full.split(".", 1)[0])

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            self._bind(alias)
        if self._try_depth:
            return
        for alias in node.names:
            style = import_style(cst.helpers.get_full_name_for_node(alias.name) or "")
            if style:
                self.facts.styles.add(style)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if not isinstance(node.names, cst.ImportStar):
            for alias in node.names:
                self._bind(alias)
        else:
            self.facts.star_import = True
        if self._try_depth or node.module is None or node.relative:
            return
        style = import_style(cst.helpers.get_full_name_for_node(node.module) or "")
        if style:
            self.facts.styles.add(style)


# nn.Module methods that return the module itself
# Trainer methods whose first argument (or model=) is a LightningModule (1.x's tune included)
_MODULE_TAKERS = frozenset({"fit", "tune", "validate", "test", "predict"})
_RETURNS_SELF = frozenset({"to", "cuda", "cpu", "train", "eval", "float", "double", "half"})


def _unchained(value: cst.BaseExpression) -> cst.BaseExpression:
    """``LitModel(...)`` for ``LitModel(...).to(device).eval()``; else ``value`` itself."""
    while (
        isinstance(value, cst.Call)
        and isinstance(value.func, cst.Attribute)
        and value.func.attr.value in _RETURNS_SELF
        and isinstance(value.func.value, cst.Call)
    ):
        value = value.func.value
    return value


# ---- the checker -----------------------------------------------------------------------------


@dataclass
class _ClassCtx:
    node: cst.ClassDef
    kind: str | None  # "lm" | "dm" | "callback" | None
    plain_callback: bool = False
    inferred: bool = False  # a LightningModule by its hooks, not by a recognised base
    manual_optimization: bool = False
    self_refs: set[str] = field(default_factory=set)
    methods: set[str] = field(default_factory=set)


@dataclass
class _FuncCtx:
    node: cst.FunctionDef
    cls: _ClassCtx | None  # set when the function is a method directly in a class body
    self_name: str | None
    second_param: str | None


def _separator(call: cst.Call, arg: cst.Arg) -> cst.Comma | None:
    """The comma that separates ``call``'s arguments where they are laid out one per line: one
    that ends a line and is followed by another argument (its whitespace holds the next line's
    indent). None for a call on one line, which ``comma_after`` serves."""
    args = list(call.args)
    if arg not in args:
        return None
    for a in args[:-1]:
        comma = a.comma
        if (
            isinstance(comma, cst.Comma)
            and isinstance(comma.whitespace_after, cst.ParenthesizedWhitespace)
            and not comma.whitespace_after.empty_lines
        ):
            return comma
    return None


@dataclass
class Reported:
    """One finding: the edits of its fix are recorded here, under the finding's own code, so an
    edit always belongs to the finding that made it (``--fix`` lists exactly what it applied)."""

    code: str
    edits: dict[cst.CSTNode, list[tuple[str, Edit]]]

    def edit(self, node: cst.CSTNode, fn: Edit) -> None:
        self.edits.setdefault(node, []).append((self.code, fn))

    def replace_arg(
        self,
        arg: cst.Arg,
        new: Sequence[tuple[str, cst.BaseExpression]],
        call: cst.Call | None = None,
    ) -> None:
        """Replace a keyword argument by one or more keyword arguments (none: remove it).

        The arguments it splits into are separated the way ``call`` separates its own (one per
        line in a call laid out one per line), so the last argument of such a call becomes
        lines indented like the others rather than a line at column 0."""
        sep = _separator(call, arg) if call is not None else None

        def fn(updated: cst.CSTNode) -> cst.CSTNode | cst.FlattenSentinel | cst.RemovalSentinel:
            assert isinstance(updated, cst.Arg)
            if not new:
                return cst.RemovalSentinel.REMOVE
            if sep is not None:
                between = sep
            elif call is not None:  # a call on one line: ", " even after a bare trailing ","
                between = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
            else:
                between = comma_after(updated)
            out = [
                keyword_arg(updated, name, value, between).with_changes(
                    whitespace_after_arg=cst.SimpleWhitespace("")
                )
                for name, value in new[:-1]
            ]
            out.append(keyword_arg(updated, new[-1][0], new[-1][1], updated.comma))
            return cst.FlattenSentinel(out) if len(out) > 1 else out[0]

        self.edit(arg, fn)

    def append_kwarg(self, call: cst.Call, name: str, value: cst.BaseExpression) -> None:
        def fn(updated: cst.CSTNode) -> cst.CSTNode:
            assert isinstance(updated, cst.Call)
            args = list(updated.args)
            equal = cst.AssignEqual(
                whitespace_before=cst.SimpleWhitespace(""),
                whitespace_after=cst.SimpleWhitespace(""),
            )
            new = cst.Arg(value=value, keyword=cst.Name(name), equal=equal)
            if not args:
                return updated.with_changes(args=[new])
            last = args[-1]
            if isinstance(last.comma, cst.Comma):  # trailing comma: keep the layout
                new = new.with_changes(comma=last.comma)
                sep = comma_after(args[-2]) if len(args) > 1 else last.comma
                args[-1] = last.with_changes(comma=sep)
            else:
                args[-1] = last.with_changes(
                    comma=cst.Comma(cst.SimpleWhitespace(""), cst.SimpleWhitespace(" "))
                )
            return updated.with_changes(args=[*args, new])

        self.edit(call, fn)


class Checker(
    TrainerArgChecks,
    TrainerAttrChecks,
    ImportChecks,
    HookChecks,
    DataChecks,
    DeviceChecks,
    LoggingChecks,
    CallbackChecks,
    _Conditional,
):
    def __init__(self, path: str, facts: ProjectFacts, file_facts: FileFacts) -> None:
        super().__init__()
        self.path = path
        self.facts = facts
        self.file_facts = file_facts
        # what report() was told, in order; the findings are made of it once the walk is over,
        # when the start of every reported node is known from one pass (see ``findings``)
        self._reported: list[tuple[cst.CSTNode, str, str, str, bool]] = []
        # what was reported, so that two routes to one finding (accelerator = "ddp" read by its
        # own check and again through the Trainer(accelerator=accelerator) that uses it) say it once
        self._reported_keys: set[tuple[cst.CSTNode, str, str, bool]] = set()
        self._findings: list[Finding] = []
        self._positions: Mapping[cst.CSTNode, CodeRange] | None = None
        self.edits: dict[cst.CSTNode, list[tuple[str, Edit]]] = {}  # node -> (rule code, edit)
        self._classes: list[_ClassCtx] = []
        self._funcs: list[_FuncCtx] = []
        self._trainer_vars: set[str] = set()
        # a Trainer under another name, where that name is bound: (scope, name) for a parameter
        # annotated as one or an alias (t = pl_trainer), (class, attribute) for self.tr = trainer
        self._scoped_trainers: set[tuple[Scope | None, str]] = set()
        self._trainer_attrs: set[tuple[str, str]] = set()
        # names bound to a Trainer's accelerator: current_accelerator = trainer.accelerator
        self._accelerator_vars: set[str] = set()
        # names bound to a Trainer member REMOVED_NESTED_ATTRS knows: loop = trainer.fit_loop
        self._nested_vars: dict[str, str] = {}
        self._trainer_aliases: set[str] = set()  # trainer_cls = pl.Trainer
        self._dm_vars: set[str] = set()
        self._lm_vars: set[str] = set()  # names bound to an instance of a LightningModule
        self._lm_attrs: set[tuple[str, str]] = set()  # (class, attribute): self.model = Lit()
        self._lm_var_class: dict[str, str] = {}  # ... and the class of the run it was built from
        self._other_instances: set[str] = set()  # names bound to an instance of another class
        self._built_vars: set[str] = set()  # names bound to ``SomeClass(...)`` (any class)
        self._dm_class_vars: set[str] = set()  # names bound to a DataModule class
        self._dm_class_maps: set[str] = set()  # ... to a dict or list of DataModule classes
        # (scope, name) bound to a DataModule instance: data = self.trainer.datamodule, a
        # variable or parameter annotated with a DataModule class
        self._scoped_dms: set[tuple[Scope | None, str]] = set()
        self._after_line: dict[cst.CSTNode, list[cst.BaseStatement]] = {}
        # names passed as Trainer(**name) anywhere in the file (their keys are Trainer arguments)
        self._trainer_kwargs: set[str] = set()
        self._option_fns: set[str] = set()  # functions whose returned dicts reach a Trainer
        self._namespace_to_trainer = False  # Trainer(**vars(args)) in this file
        self._trainer_keys_seen: set[cst.CSTNode] = set()  # keywords reported as reaching one
        # names (and dotted ones: self.lr_monitor) bound to an instance of a Lightning callback or
        # logger of REMOVED_CALLBACK_MEMBERS (its class, and the run's subclass it was built from)
        self._member_vars: dict[str, tuple[str, str | None]] = {}
        # (enclosing function, name, attribute) of each ``name.attribute = ...``: a later read of
        # a removed member in the same function finds what the assignment made
        self._set_members: set[tuple[cst.CSTNode | None, str, str]] = set()

    def imported(self) -> set[str]:
        return self.file_facts.imported

    def star_imported(self) -> bool:
        return self.file_facts.star_import

    def visit_Module(self, node: cst.Module) -> None:
        trainers = TRAINER_NAMES | self.facts.trainer_sub
        self._imports_torch = any(
            isinstance(st, cst.SimpleStatementLine)
            and isinstance(imp := st.body[0], cst.Import)
            and any(a.asname is None and dotted(a.name) == "torch" for a in imp.names)
            for st in node.body
        )

        found = set(self.file_facts.trainer_option_dicts)
        for callee, init, enclosing, names in self.file_facts.splat_calls:
            if callee in trainers or (init and enclosing in trainers):
                found.update(names)
        forwarders = self.facts.trainer_forwarders
        for callee, where, name in self.file_facts.name_args:
            dict_param = forwarders[callee][0] if callee in forwarders else None
            if dict_param is not None and where in dict_param:
                found.add(name)  # run(model, trainer_kwargs): its keys reach a Trainer
        found.update(self.file_facts.option_names)  # pl_trainer_kwargs=kw
        # pl_trainer_kwargs=trainer_params(), Trainer(**get_trainer_kwargs(args)): what the
        # function returns holds Trainer arguments
        self._option_fns = self.facts.option_fns
        self._namespace_to_trainer = bool(self.file_facts.vars_splats & trainers)
        found.update(self.facts.imported_trainer_dicts)  # from config import DEFAULTS
        for callee in self._option_fns:
            found.update(self.file_facts.returned_names.get(callee, ()))
        grown = True
        while grown:  # trainer_kwargs.update(extra): extra's keys reach the Trainer too
            grown = False
            for target, source in self.file_facts.updates:
                if target in found and source not in found:
                    found.add(source)
                    grown = True
        self._trainer_kwargs = found
        # resume_from_checkpoint moves to the one .fit() of the same trainer variable
        self._pending_resume: list[tuple[Scope | None, str, cst.Call, cst.Arg]] = []
        self._fit_calls: dict[tuple[Scope | None, str], list[cst.Call]] = {}

    # -- reporting ---------------------------------------------------------------------------

    def report_removed(
        self, node: cst.Attribute, code: str, owner: str, since: str, instead: str, what: str = ""
    ) -> Reported:
        """A member Lightning removed, read on ``owner`` (e.g. "LightningModule has"): one message
        shape for every owner. ``what`` is the expression as shown (default: the node's text)."""
        attr = node.attr.value
        return self.report(
            node,
            code,
            f"`{what or dotted(node) or attr}`: {owner} no `{attr}` since {since} "
            f"(AttributeError); use {instead}",
        )

    def report(self, node: cst.CSTNode, code: str, message: str, fix: bool = False) -> Reported:
        """Record a finding; its fix's edits are recorded on the handle this returns."""
        if self._positions is None:
            self._positions = self.metadata[PositionProvider]
        if self.cls is not None and self.cls.inferred:
            what = "Callback" if self.cls.kind == "callback" else "LightningModule"
            message += (
                f" (confidence: medium; `{self.cls.node.name.value}` is taken for a "
                f"{what} because it defines Lightning hooks)"
            )
        key = (node, code, message, fix)
        if key not in self._reported_keys:
            self._reported_keys.add(key)
            self._reported.append((node, code, R.RULES[code].severity, message, fix))
        return Reported(code, self.edits)

    @property
    def findings(self) -> list[Finding]:
        """The findings reported so far, in the order they were reported."""
        if self._reported:
            reported, self._reported = self._reported, []
            nodes = [node for node, *_ in reported]
            positions = self._positions
            if isinstance(positions, LazyPositions):  # one codegen finds every start
                starts = positions.starts_of(nodes)
            else:
                starts = {node: positions[node].start for node in nodes}  # type: ignore[index]
            for node, code, severity, message, fix in reported:
                pos = starts[node]
                self._findings.append(
                    Finding(self.path, pos.line, pos.column + 1, code, severity, message, fix)
                )
        return self._findings

    # -- context -----------------------------------------------------------------------------

    @property
    def cls(self) -> _ClassCtx | None:
        return self._classes[-1] if self._classes else None

    @property
    def method(self) -> _FuncCtx | None:
        """The innermost enclosing method of a class (nested functions inherit it)."""
        for f in reversed(self._funcs):
            if f.cls is not None:
                return f
        return None

    def scope_of(self, node: cst.CSTNode) -> Scope | None:
        try:
            return self.get_metadata(ScopeProvider, node)
        except KeyError:
            return None

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.check_callback_config_class(node)
        self.check_trainer_config_class(node)
        self.check_config_target(node)
        name = node.name.value
        kind = None
        scan = self.file_facts.class_scans[node]
        if not node.bases:
            # no base: not a Lightning subclass, whatever class of the run shares its name,
            # unless it is a LightningModule's mixin defining the module's hooks itself
            own = {s.name.value for s in node.body.body if isinstance(s, cst.FunctionDef)}
            if name in self.facts.lm_mixins and own & _MODULE_HOOK_NAMES:
                kind = "lm"
            elif name in self.facts.callback_mixins:
                kind = "callback"
        elif name in self.facts.lm:
            kind = "lm"  # (a mixin of the file's own that a LightningModule of the run uses too)
        elif name in self.facts.callback_mixins:
            kind = "callback"  # mixed into a Callback of the run: its hooks are the Callback's
        elif scan.plain_local:
            pass  # only object and the file's own plain classes above: no DataModule or
            # Callback, whatever class of another file shares its name
        elif name in self.facts.dm:
            kind = "dm"
        elif name in self.facts.callback:
            kind = "callback"
        ctx = _ClassCtx(node, kind, plain_callback=name in self.facts.plain_callback)
        ctx.inferred = name in self.facts.lm_inferred or name in self.facts.callback_inferred
        ctx.manual_optimization = scan.manual
        ctx.self_refs = scan.self_refs | scan.strings
        ctx.methods = {s.name.value for s in node.body.body if isinstance(s, cst.FunctionDef)}
        self._classes.append(ctx)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._classes.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        cls = self.cls
        direct = cls is not None and self._direct_member(node, cls.node)
        params = [*node.params.posonly_params, *node.params.params]
        static = any(dotted(d.decorator) == "staticmethod" for d in node.decorators)
        self_name = params[0].name.value if direct and params and not static else None
        # a Callback hook's pl_module is its third parameter: (self, trainer, pl_module, ...)
        second = params[2].name.value if direct and len(params) > 2 and not static else None
        ctx = _FuncCtx(node, cls if direct else None, self_name, second)
        for p in (*params, *node.params.kwonly_params):
            if p.annotation is not None and self._annotated_trainer(p.annotation.annotation):
                self._scoped_trainers.add((self.scope_of(p.name), p.name.value))  # t: Trainer
            elif p.annotation is not None and self._datamodule_class(p.annotation.annotation):
                self._scoped_dms.add((self.scope_of(p.name), p.name.value))  # dm_: DataModule
        self._funcs.append(ctx)
        # @override and friends are fine; static/class methods and properties are not hooks
        plain = not any(
            dotted(d.decorator) in ("staticmethod", "classmethod", "property")
            for d in node.decorators
        )
        if direct and plain:
            self.check_callback_override(node)
            self.check_tqdm_override(node)
            if cls is not None:  # a strategy with training_step counts as a module by its hooks
                self.check_checkpoint_override(cls, node)
        if direct and cls is not None and cls.kind is not None and plain:
            self.check_method(cls, node)
        elif direct and cls is not None and plain:
            self.check_framework_method(cls, node)  # a LightningCLI or loop subclass's
        elif (
            cls is None
            and node.name.value in self.facts.optimizer_fns
            and not self._mentions_manual(node)
        ):
            self.check_several_optimizers(node)  # a function installed as configure_optimizers

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._funcs.pop()

    def _mentions_manual(self, node: cst.CSTNode) -> bool:
        """Whether the outermost function around ``node`` (the file, at module level) names
        automatic_optimization: the optimizers it installs may be stepped by hand."""
        outer = self._funcs[0].node if self._funcs else None
        if outer is None:
            return "automatic_optimization" in self.file_facts.names
        return "automatic_optimization" in names_in(outer)

    def _direct_member(self, node: cst.FunctionDef, cls: cst.ClassDef) -> bool:
        parent = self.get_metadata(ParentNodeProvider, node, None)
        return parent is cls.body

    # -- classes and hooks ---------------------------------------------------------------------

    # -- assignments ---------------------------------------------------------------------------

    def _check_read_only_self(self, node: cst.Assign) -> None:
        """``self.device = device`` or ``self.model, self.hparams = model, hparams`` in a
        LightningModule: 2.x's module properties without a setter (AttributeError, LS122);
        not where the class or a base of the run defines the name itself."""
        m = self.method
        assert m is not None and m.cls is not None
        own = self.facts.defined_methods(m.cls.node.name.value)
        for t in node.targets:
            parts = (
                [e.value for e in t.target.elements]
                if isinstance(t.target, cst.Tuple | cst.List)
                else [t.target]
            )
            for part in parts:
                attr = self._self_target(part)
                if attr in R.LM_READ_ONLY and attr not in own:
                    what = (
                        "call `self.save_hyperparameters(...)`"
                        if attr == "hparams"
                        else (f"keep the value under another name (`self._{attr}`)")
                    )
                    self.report(
                        part,
                        "LS122",
                        f"`self.{attr} = ...` raises AttributeError in 2.x (`{attr}` is a "
                        f"LightningModule property without a setter); {what}",
                    )

    def _self_target(self, target: cst.BaseExpression) -> str | None:
        m = self.method
        if m is None or m.self_name is None:
            return None
        if (
            isinstance(target, cst.Attribute)
            and isinstance(target.value, cst.Name)
            and target.value.value == m.self_name
        ):
            return target.attr.value
        return None

    def _check_state_target(self, node: cst.CSTNode, target: cst.BaseExpression) -> None:
        m = self.method
        if m is None or m.cls is None or m.cls.kind not in ("lm", "dm"):
            return
        if m.node.name.value == "prepare_data" and (attr := self._self_target(target)):
            self.report(
                node,
                "LS205",
                f"`self.{attr}` is assigned in prepare_data(), which runs on one process per "
                "node only; assign state in setup() and only download in prepare_data()",
            )

    def _enclosing_function(self) -> cst.CSTNode | None:
        return self._funcs[-1].node if self._funcs else None

    def assigned_before(self, node: cst.Attribute) -> bool:
        """``name.attr`` was assigned earlier in the same function (model.datamodule = dm)."""
        return isinstance(node.value, cst.Name) and (
            (self._enclosing_function(), node.value.value, node.attr.value) in self._set_members
        )

    def visit_Assign(self, node: cst.Assign) -> None:
        self.check_assigned_epoch_end(node)
        self.check_hook_alias(node)
        self.check_strategy_variable(node)
        for t in node.targets:
            self._check_state_target(node, t.target)
            if isinstance(t.target, cst.Attribute) and isinstance(t.target.value, cst.Name):
                where = self._enclosing_function()
                self._set_members.add((where, t.target.value.value, t.target.attr.value))
            if (
                isinstance(t.target, cst.Name)
                and isinstance(node.value, cst.Call)
                and self._builds_trainer(node.value)
            ):
                self._trainer_vars.add(t.target.value)
            if isinstance(node.value, cst.Name | cst.Attribute) and self._trainer_like(node.value):
                # t = pl_trainer; self.tr = trainer: the same Trainer under another name
                if isinstance(t.target, cst.Name):
                    self._scoped_trainers.add((self.scope_of(t.target), t.target.value))
                elif (
                    isinstance(t.target, cst.Attribute)
                    and isinstance(t.target.value, cst.Name)
                    and t.target.value.value == "self"
                    and self.cls is not None
                ):
                    self._trainer_attrs.add((self.cls.node.name.value, t.target.attr.value))
            if isinstance(t.target, cst.Name) and (
                self.qnames(node.value) & TRAINER
                # make = functools.partial(pl.Trainer, max_epochs=1): make(gpus=2) builds one
                or (
                    isinstance(node.value, cst.Call)
                    and "functools.partial" in self.qnames(node.value.func)
                    and node.value.args
                    and self.qnames(node.value.args[0].value) & TRAINER
                )
            ):
                self._trainer_aliases.add(t.target.value)
            if (
                isinstance(t.target, cst.Name)
                and isinstance(node.value, cst.Attribute)
                and node.value.attr.value == "accelerator"
                and self._trainer_like(node.value.value)
            ):
                self._accelerator_vars.add(t.target.value)
            if (
                isinstance(t.target, cst.Name)
                and isinstance(node.value, cst.Attribute)
                and node.value.attr.value in REMOVED_NESTED_ATTRS
                and self._trainer_rooted(node.value)
            ):
                self._nested_vars[t.target.value] = node.value.attr.value
            if (
                isinstance(t.target, cst.Name)
                and isinstance(node.value, cst.Call)
                and self._datamodule_class(node.value.func)  # also another package's *DataModule
            ):
                self._dm_vars.add(t.target.value)
            if isinstance(t.target, cst.Name) and self._datamodule_class(node.value):
                self._dm_class_vars.add(t.target.value)  # dm_cls = MNISTDataModule
            if (
                isinstance(t.target, cst.Name)
                and isinstance(node.value, cst.Call)
                and isinstance(node.value.func, cst.Attribute)
                and node.value.func.attr.value == "from_argparse_args"
                and self._datamodule_class(node.value.func.value)
            ):
                self._dm_vars.add(t.target.value)  # dm = DMS[name].from_argparse_args(args)
            if (
                isinstance(t.target, cst.Name)
                and isinstance(node.value, cst.Attribute)
                and node.value.attr.value == "datamodule"
                and self._trainer_like(node.value.value)
            ):
                # data = self.trainer.datamodule: the run's DataModule, where it is bound
                self._scoped_dms.add((self.scope_of(t.target), t.target.value))
            if isinstance(t.target, cst.Name) and _class_registry(
                node.value, self._datamodule_class
            ):
                self._dm_class_maps.add(t.target.value)  # DMS = {"mnist": MNISTDataModule}
        if (
            isinstance(node.value, cst.Lambda)
            and any(
                isinstance(t.target, cst.Attribute)
                and t.target.attr.value == "configure_optimizers"
                for t in node.targets
            )
            and not self._mentions_manual(node)
        ):
            self.check_several_optimizers(node.value)  # model.configure_optimizers = lambda: ...
        m = self.method
        if (
            m is not None
            and m.cls is not None
            and m.cls.kind == "lm"
            and len(node.targets) == 1
            and self._self_target(node.targets[0].target) == "hparams"
        ):
            r = self.report(
                node,
                "LS122",
                "`self.hparams = ...` raises AttributeError in 2.x (no setter); "
                "call `self.save_hyperparameters(...)`",
                True,
            )
            value = node.value
            self_name = m.self_name or "self"

            def fn(updated: cst.CSTNode) -> cst.CSTNode:
                call = cst.Call(
                    func=cst.Attribute(cst.Name(self_name), cst.Name("save_hyperparameters")),
                    args=[cst.Arg(value)],
                )
                return cst.Expr(call, semicolon=node.semicolon)

            r.edit(node, fn)
        elif m is not None and m.cls is not None and m.cls.kind == "lm" and not m.cls.inferred:
            self._check_read_only_self(node)  # a module by its base: the properties are 2.6's
        if (
            len(node.targets) == 1
            and isinstance(target := node.targets[0].target, cst.Attribute)
            and target.attr.value == "hparams"
            and isinstance(target.value, cst.Name)
            and (
                (
                    (cls := self._lm_var_class.get(target.value.value)) is not None
                    and self.facts.chain_known(cls)
                    and "hparams" not in self.facts.defined_members(cls)
                )
                or self._fitted_elsewhere_built(target.value.value)
            )
        ):
            # model = LitModel(); model.hparams = args: the same missing setter, from outside
            self.report(
                node,
                "LS122",
                f"`{target.value.value}.hparams = ...` raises AttributeError in 2.x (no setter); "
                "pass the values to the module and call `self.save_hyperparameters()` there",
            )

    def _fitted_elsewhere_built(self, name: str) -> bool:
        """``model`` built from a class of another file (``EvalModelTemplate(**hparams)``) and
        handed to ``trainer.fit/tune/validate/test(model)`` in this file: a LightningModule."""
        return (
            bool(self.file_facts.styles)
            and name not in self._lm_var_class
            and name not in self._other_instances
            and name in self._built_vars
            and self._passed_as_module(name)
        )

    def _passed_as_module(self, name: str) -> bool:
        """``name`` is handed to ``trainer.fit/tune/validate/test/predict`` (first argument or
        ``model=``) somewhere in this file."""
        return any(
            n == name and callee in _MODULE_TAKERS and where in (0, "model")
            for callee, where, n in self.file_facts.name_args
        )

    def leave_Assign(self, original_node: cst.Assign) -> None:
        # after the value is visited: m = m.load_from_checkpoint(...) still sees m's instance
        value = original_node.value
        for t in original_node.targets:
            if isinstance(t.target, cst.Attribute) and (key := dotted(t.target)) is not None:
                # self.lr_monitor = LearningRateMonitor(): read as self.lr_monitor.X later
                member = self.member_class(value.func) if isinstance(value, cst.Call) else None
                if member is not None:
                    self._member_vars[key] = member
                else:
                    self._member_vars.pop(key, None)
            if (
                isinstance(t.target, cst.Attribute)
                and isinstance(t.target.value, cst.Name)
                and t.target.value.value == "self"
                and self.cls is not None
                and isinstance(built_attr := _unchained(value), cst.Call)
                and isinstance(built_attr.func, cst.Name)
                and built_attr.func.value in self.facts.lm
            ):
                # self.model = LitModel(...) in __init__: self.model.load_from_checkpoint(...)
                self._lm_attrs.add((self.cls.node.name.value, t.target.attr.value))
            if not isinstance(t.target, cst.Name):
                continue
            built = _unchained(value)  # model = LitModel(...).to(device): nn.Module's self
            if (
                isinstance(built, cst.Call)
                and isinstance(built.func, cst.Name)
                and built.func.value in self.facts.lm
            ):
                self._lm_vars.add(t.target.value)  # model = LitModel(...)
                self._lm_var_class[t.target.value] = built.func.value
            else:
                self._lm_vars.discard(t.target.value)
                self._lm_var_class.pop(t.target.value, None)
            member = None
            if isinstance(value, cst.Call):
                member = self.member_class(value.func)
                func = value.func
                if member is None and isinstance(func, cst.Name) and func.value in self.facts.bases:
                    member = self.lightning_base(func.value)  # ckpt = MyCheckpoint()
            if member is not None:
                self._member_vars[t.target.value] = member  # lr_monitor = LearningRateMonitor()
            else:
                self._member_vars.pop(t.target.value, None)
            if (
                isinstance(value, cst.Call)
                and isinstance(value.func, cst.Name)
                and value.func.value[:1].isupper()
            ):
                self._built_vars.add(t.target.value)
            else:
                self._built_vars.discard(t.target.value)
            # fake_trainer = FakeTrainer(): an instance of the run's own class, not a Trainer
            if (
                isinstance(value, cst.Call)
                and isinstance(value.func, cst.Name)
                and value.func.value in self.facts.bases
                and value.func.value not in self.facts.trainer_sub
            ):
                self._other_instances.add(t.target.value)
            else:
                self._other_instances.discard(t.target.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._check_state_target(node, node.target)
        self.check_trainer_kwargs_merge(node)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._check_state_target(node, node.target)
        if isinstance(node.target, cst.Name) and self._datamodule_class(node.annotation.annotation):
            # data_module: pl.LightningDataModule = make_dm(cfg)
            self._scoped_dms.add((self.scope_of(node.target), node.target.value))

    # -- imports ---------------------------------------------------------------------------------

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self.check_trainer_attribute(node)
        self.check_progress_bar_attribute(node)
        self.check_callback_member(node)
        self.check_module_attribute(node, _REMOVED_HOOK_ATTRS)
        self.check_datamodule_attribute(node)
        self.check_moved_attribute(node)
        self.check_config_trainer_key(node)

    # -- calls -----------------------------------------------------------------------------------

    def _builds_trainer(self, call: cst.Call) -> bool:
        """Trainer(...), a subclass's or framework's Trainer(...), Trainer.from_argparse_args."""
        func = call.func
        if isinstance(func, cst.Attribute) and func.attr.value == "from_argparse_args":
            func = func.value
        q = self.qnames(func)
        return (
            bool(q & TRAINER)
            or self._framework_trainer(q)
            or (isinstance(func, cst.Name) and func.value in self.facts.trainer_sub)
        )

    def _trainer_cls_call(self, node: cst.Call) -> bool:
        """``cls(...)`` in a classmethod of a Trainer subclass of the run."""
        m, func = self.method, node.func
        if m is None or m.cls is None or not isinstance(func, cst.Name):
            return False
        params = m.node.params.params
        return (
            m.cls.node.name.value in self.facts.trainer_sub
            and bool(params)
            and func.value == params[0].name.value
            and any(dotted(d.decorator) == "classmethod" for d in m.node.decorators)
        )

    def _bound_trainer(self, node: cst.Name) -> bool:
        """``t`` after ``t = pl_trainer`` (or ``t: pl.Trainer``) in the scope that binds it
        once: a name bound again may hold anything by then."""
        return self._bound_once(node, self._scoped_trainers)

    def _bound_once(self, node: cst.Name, bound: set[tuple[Scope | None, str]]) -> bool:
        """``node``'s name is in ``bound`` for its scope, and that scope binds it only once."""
        if not bound:
            return False
        scope = self.scope_of(node)
        return (
            scope is not None
            and (scope, node.value) in bound
            and len(scope.assignments[node.value]) == 1
        )

    def _annotated_trainer(self, ann: cst.BaseExpression) -> bool:
        """``pl.Trainer``, ``Optional[Trainer]``, ``Trainer | None``: an annotation naming it."""
        if isinstance(ann, cst.Subscript):
            return any(
                isinstance(e.slice, cst.Index) and self._annotated_trainer(e.slice.value)
                for e in ann.slice
            )
        if isinstance(ann, cst.BinaryOperation):
            return self._annotated_trainer(ann.left) or self._annotated_trainer(ann.right)
        return isinstance(ann, cst.Name | cst.Attribute) and bool(self.qnames(ann) & TRAINER)

    def _trainer_like(self, node: cst.BaseExpression) -> bool:
        if isinstance(node, cst.Name):
            m = self.method
            if (
                m is not None
                and m.cls is not None
                and m.cls.node.name.value in self.facts.trainer_sub
                and node.value == m.self_name
            ):
                return True  # self in a Trainer subclass
            if (
                m is not None
                and m.cls is not None
                and m.cls.kind == "callback"
                and m.node.name.value in R.CALLBACK_HOOK_ARITY
                and len(m.node.params.params) > 1
                and node.value == m.node.params.params[1].name.value
            ):
                return True  # a Callback hook's first argument, whatever its name
            # trainer, pl_trainer, lightning_trainer: what code names a Trainer it did not build
            return (
                node.value in self._trainer_vars
                or (
                    (node.value == "trainer" or node.value.endswith("_trainer"))
                    and node.value not in self._other_instances
                )
                or self._bound_trainer(node)
            )
        if isinstance(node, cst.Attribute):
            # self.trainer, and the private attribute the 1.x and 2.x LightningModule keep it in;
            # not config.trainer, a loaded config's section
            return (node.attr.value in ("trainer", "_trainer") and not config_section(node)) or (
                self.cls is not None
                and (self.cls.node.name.value, node.attr.value) in self._trainer_attrs
                and isinstance(node.value, cst.Name)
                and node.value.value == "self"
            )
        return isinstance(node, cst.Call) and self.is_trainer_call(node)

    def visit_Call(self, node: cst.Call) -> None:
        q = self.qnames(node.func)
        self.check_argparse_function(node, q)
        self.check_model_summary_call(node)
        self.check_unpatched_loader_call(node)
        self.check_logger_init_call(node)
        if q & TRAINER:
            self.check_trainer(node)
        elif (
            (isinstance(node.func, cst.Name) and node.func.value in self.facts.trainer_sub)
            or self._framework_trainer(q)
            or self._super_init_in(node, self.facts.trainer_sub)
            or (isinstance(node.func, cst.Name) and node.func.value in self._trainer_aliases)
            # self.trainer_cls(...) where the class body says `trainer_cls = pl.Trainer`
            or (
                isinstance(node.func, cst.Attribute)
                and isinstance(node.func.value, cst.Name)
                and node.func.value.value in ("self", "cls")
                and node.func.attr.value in self._trainer_aliases
            )
            # cls(...) in a classmethod of a Trainer subclass (an alternative constructor)
            or self._trainer_cls_call(node)
            # pl.Trainer.__init__(self, gpus=gpus) in a subclass: the explicit super call
            or (
                isinstance(node.func, cst.Attribute)
                and node.func.attr.value == "__init__"
                and bool(self.qnames(node.func.value) & TRAINER)
            )
            # functools.partial(Trainer, gpus=1): its keywords reach the Trainer
            or (
                "functools.partial" in q and node.args and self.qnames(node.args[0].value) & TRAINER
            )
        ):
            own = (
                self.facts.init_params.get(node.func.value, set())
                if isinstance(node.func, cst.Name) and node.func.value in self.facts.trainer_sub
                else set()
            )
            self.check_trainer(node, subclass=True, own=frozenset(own))
        self.check_trainer_kwargs_var(node)
        self.check_instantiate_trainer(node)
        self.check_trainer_forwarder(node)
        self.check_trainer_options_keywords(node)
        callback = {n.rsplit(".", 1)[-1] for n in q if n.startswith(CONSTRUCTOR_PREFIXES)}
        for cls_name in callback & R.REMOVED_CALLBACK_ARGS.keys():
            self.check_callback_args(node, cls_name)
            self.check_callback_splats(node, cls_name)
        for cls_name in callback & CALLBACK_SIGNATURES.keys():
            self.check_callback_signature(node, cls_name)
        if isinstance(node.func, cst.Name) and node.func.value in self.facts.callback_init:
            local = node.func.value
            if not q or local in self.facts.callback:  # a class of this run, not an import
                self.check_callback_signature(node, self.facts.callback_init[local], local)
                self.check_callback_splats(node, self.facts.callback_init[local], local)
        if self._callback_super_init(node) is not None:
            base = self._callback_super_init(node)
            self.check_callback_signature(node, base, "super().__init__")
        for cls_name in callback & R.REMOVED_CALLBACK_VALUES.keys():
            self.check_callback_values(node, cls_name)
        if q & MODEL_CHECKPOINT:
            self.check_checkpoint(node)
        if q & DATALOADER:
            self.check_dataloader(node)
        if (
            q & LIGHTNING_CLI
            or (isinstance(node.func, cst.Name) and node.func.value in self.facts.cli_sub)
            or self._super_init_in(node, self.facts.cli_sub)
        ):
            self.check_cli(node)  # a subclass of the run passes its keywords on to LightningCLI
        self.check_set_device(node, q)
        self.check_trainer_getattr(node)
        self.check_progress_bar_call(node)
        func = node.func
        if isinstance(func, cst.Attribute):
            self.check_method_call(node, func)
            self.check_inner_hook_call(node, func)
            if func.attr.value == "backward":
                self.check_plugin_backward(node, func)
        m = self.method
        if m is not None and m.cls is not None and m.cls.kind == "lm" and not m.cls.inferred:
            self.check_lm_call(node, m)
        if m is not None and m.cls is not None and m.cls.kind == "dm":
            self.check_dm_call(node, m)
        if m is not None and m.cls is not None and m.cls.kind == "callback":
            self.check_callback_call(node, m)
            self.check_callback_logging(node, m)

    def _callback_super_init(self, node: cst.Call) -> str | None:
        """The Lightning callback ``super().__init__(...)`` reaches from the method's class."""
        func = node.func
        m = self.method
        if (
            m is None
            or m.cls is None
            or m.node.name.value != "__init__"
            or not isinstance(func, cst.Attribute)
            or func.attr.value != "__init__"
            or not isinstance(func.value, cst.Call)
            or dotted(func.value.func) != "super"
            or func.value.args  # super(Cls, self): rare, and may skip a class
        ):
            return None
        return self.facts.callback_super.get(m.cls.node.name.value)

    def check_method_call(self, node: cst.Call, func: cst.Attribute) -> None:
        attr = func.attr.value
        receiver = func.value
        if attr in R.REMOVED_LOOP_METHODS:
            self.check_loop_call(node, func)
        if attr == "tune" and self._trainer_like(receiver):
            self.report_tune(node)
        if attr in ARGPARSE_HELPERS:
            self.check_argparse_call(node, attr, receiver)
        if attr in R.RENAMED_METHOD_KWARGS:
            self.check_renamed_method_kwargs(node, attr, receiver)
        if attr == "load_from_checkpoint" and self._module_instance(receiver):
            cls = self._lm_var_class.get(dotted(receiver) or "", "Model")
            if isinstance(receiver, cst.Call):
                cls = (dotted(receiver.func) or cls).rsplit(".", 1)[-1]
            self.report(
                func.attr,  # where the call is written, also after a receiver of several lines
                "LS125",
                f"`{dotted(receiver) or f'{cls}(...)'}.load_from_checkpoint(...)` on an instance "
                "is refused in 2.x (TypeError; it never loaded into the instance): call it on the "
                f"class, `model = {cls}.load_from_checkpoint(path)`, or "
                "`model.load_state_dict(torch.load(path)['state_dict'])`",
            )
        if attr == "fit" and isinstance(receiver, cst.Name):
            key = (self.scope_of(node), receiver.value)
            self._fit_calls.setdefault(key, []).append(node)

    def _module_instance(self, node: cst.BaseExpression) -> bool:
        """``self`` in a LightningModule method, a name bound to ``SomeModule(...)``, or a class
        instantiated on the spot (``SimCLR(...).load_from_checkpoint(path)``) in a file that
        imports Lightning, unless the run's class defines the method itself."""
        if isinstance(node, cst.Call):
            name = (dotted(node.func) or "").rsplit(".", 1)[-1]
            return (
                bool(self.file_facts.styles)
                and name[:1].isupper()
                and "load_from_checkpoint" not in self.facts.methods.get(name, ())
            )
        if (
            isinstance(node, cst.Attribute)
            and isinstance(node.value, cst.Name)
            and node.value.value == "self"
            and self.cls is not None
        ):
            return (self.cls.node.name.value, node.attr.value) in self._lm_attrs
        if not isinstance(node, cst.Name):
            return False
        m = self.method
        if m is not None and m.cls is not None and m.cls.kind == "lm" and node.value == m.self_name:
            # cls.load_from_checkpoint(path) in a classmethod is the class, the 2.x way
            return not any(dotted(d.decorator) == "classmethod" for d in m.node.decorators)
        # training_network = self.create_lightning_module(); trainer.fit(model=training_network)
        return node.value in self._lm_vars or (
            bool(self.file_facts.styles)
            and node.value[:1].islower()
            and node.value not in self._other_instances
            and self._passed_as_module(node.value)
        )

    # Trainer(...) --------------------------------------------------------------------------------

    # other constructors ------------------------------------------------------------------------

    def renamed_kwarg(
        self, call: cst.Call, old: str, new: str | None, code: str, message: str
    ) -> None:
        """Report keyword ``old``; rename it to ``new`` when that keyword is not there yet."""
        kw = kwargs_of(call)
        if old not in kw:
            return
        fixable = new is not None and new not in kw
        r = self.report(kw[old], code, message, fixable)
        if fixable:
            r.edit(kw[old].keyword, lambda n, new=new: cst.Name(new))  # type: ignore[arg-type]

    # inside a LightningModule ------------------------------------------------------------------

    def check_lm_call(self, node: cst.Call, m: _FuncCtx) -> None:
        _func, hook, attr, receiver, is_self = call_parts(node, m.node, m.self_name)
        self_name = m.self_name

        if hook == "training_step" and not m.cls.manual_optimization:  # type: ignore[union-attr]
            what = None
            if attr == "backward" and not is_self:
                what = "loss.backward()"
            elif attr == "zero_grad":
                what = f"{dotted(receiver) or 'optimizer'}.zero_grad()"
            elif attr == "step" and receiver is not None and self._optimizer_like(receiver):
                what = f"{dotted(receiver) or 'optimizer'}.step()"
            elif attr == "manual_backward" and is_self:
                what = "self.manual_backward()"
            if what:
                self.report(
                    node,
                    "LS201",
                    f"`{what}` in training_step under automatic optimization: the Trainer already "
                    "does backward/step/zero_grad; return the loss, or set "
                    "`self.automatic_optimization = False`",
                )

        self.check_lm_devices(node, m)

        if (
            is_self
            and attr in ("train", "eval")
            and hook != "__init__"
            and not _switches_back(m.node, self_name, attr)
        ):
            self.report(
                node,
                "LS203",
                f"`self.{attr}()` in `{hook}`: the Trainer switches train/eval mode around each "
                "loop itself; remove the call",
            )

        self.check_lm_logging(node, m)
        if is_self and attr == "manual_backward":
            self.check_manual_backward(node)
        if is_self and attr in ("toggle_optimizer", "untoggle_optimizer"):
            self.check_toggle_optimizer(node, attr)

    def check_manual_backward(self, node: cst.Call) -> None:
        """self.manual_backward(loss, opt): 1.x took the optimizer; 2.x hands extra arguments
        to loss.backward(), which refuses an optimizer (LS114)."""
        args = node.args
        if len(args) < 2 or any(a.keyword is not None or a.star for a in args[:2]):
            return
        if not self._optimizer_like(args[1].value):
            return
        fixable = len(args) == 2
        r = self.report(
            node,
            "LS114",
            "`self.manual_backward(loss, optimizer)` has the 1.x signature: 2.x passes extra "
            "arguments on to loss.backward(); write `self.manual_backward(loss)`",
            fixable,
        )
        if fixable:
            r.edit(
                node,
                lambda n: n.with_changes(  # type: ignore[attr-defined]
                    args=[n.args[0].with_changes(comma=cst.MaybeSentinel.DEFAULT)]  # type: ignore[attr-defined]
                ),
            )

    def _optimizer_like(self, node: cst.BaseExpression) -> bool:
        if isinstance(node, cst.Subscript):
            node = node.value
        if isinstance(node, cst.Call):
            return (dotted(node.func) or "").endswith("optimizers")
        name = dotted(node) or ""
        last = name.rsplit(".", 1)[-1].lower()
        return "opt" in last and "sched" not in last

    def check_callback_call(self, node: cst.Call, m: _FuncCtx) -> None:
        # the receiver that matters is the hook's pl_module, not self
        _func, hook, attr, _receiver, on_module = call_parts(node, m.node, m.second_param)
        if attr not in ("train", "eval"):
            return
        if (
            hook.startswith("on_")
            and on_module
            and m.second_param is not None
            and not _switches_back(m.node, m.second_param, attr)
        ):
            self.report(
                node,
                "LS203",
                f"`{m.second_param}.{attr}()` in Callback `{hook}`: the Trainer "
                "switches train/eval mode itself; remove the call",
            )


# (trainer, pl_module): how a Callback hook's first two parameters are named
def _rebound(fn: cst.FunctionDef, names: set[str]) -> set[str]:
    """Those of ``names`` that ``fn`` assigns anew (their value may no longer be the caller's)."""
    return {
        t.value
        for node in cstm.findall(fn, cstm.AssignTarget() | cstm.AugAssign() | cstm.AnnAssign())
        if isinstance(t := getattr(node, "target", None), cst.Name) and t.value in names
    }


def _forwarding_init(fn: cst.FunctionDef) -> bool:
    """``def __init__(self, *args, **kwargs)`` calling ``super().__init__(*args, **kwargs)``
    and reading neither otherwise: the class's constructor takes exactly what its base's does
    (one that pops a keyword of its own first, ``self.epochs = kwargs.pop("epochs")``, does
    not)."""
    p = fn.params
    if len(p.params) != 1 or p.posonly_params or p.kwonly_params or p.star_kwarg is None:
        return False
    # (self, **kwargs) -> super().__init__(**kwargs) forwards every keyword the same way
    star = p.star_arg.name.value if isinstance(p.star_arg, cst.Param) else None
    kwargs = p.star_kwarg.name.value
    uses = [n for n in cstm.findall(fn.body, cstm.Name()) if n.value in (star, kwargs)]
    if len(uses) != (2 if star is not None else 1):
        return False
    for call in cstm.findall(fn, cstm.Call()):
        if not (
            isinstance(call, cst.Call)
            and isinstance(call.func, cst.Attribute)
            and call.func.attr.value == "__init__"
            and isinstance(call.func.value, cst.Call)
            and dotted(call.func.value.func) == "super"
        ):
            continue
        given = [(a.star, dotted(a.value)) for a in call.args]
        return given == ([("*", star)] if star is not None else []) + [("**", kwargs)]
    return False


def _callback_style(names: list[str]) -> bool:
    """(trainer, pl_module): a hook's first two parameters written the Callback way, also as
    ``_trainer, _pl_module`` or ``_, __`` (unused)."""
    return (
        len(names) == 2
        and names[0].lstrip("_") in ("trainer", "")
        and names[1].lstrip("_") in ("pl_module", "module", "model", "lightning_module", "")
    )


def _merged(node: cst.BaseExpression) -> list[cst.BaseExpression]:
    """The dicts a ``**`` argument hands on: itself, or each ``**d`` of ``**{**base, **kw}``."""
    if isinstance(node, cst.Dict):
        return [el.value for el in node.elements if isinstance(el, cst.StarredDictElement)]
    return [node]


def _name_or_self_attr(node: cst.BaseExpression) -> str | None:
    """``kw`` or ``self.kw``: where code keeps a dict it hands to a call as ``**``."""
    if isinstance(node, cst.Name):
        return node.value
    if (
        isinstance(node, cst.Attribute)
        and isinstance(node.value, cst.Name)
        and node.value.value == "self"
    ):
        return f"self.{node.attr.value}"
    return None


def _switches_back(fn: cst.FunctionDef, receiver: str | None, mode: str) -> bool:
    """``x.eval()`` ... ``x.train()`` in one function is a deliberate, temporary switch."""
    other = "train" if mode == "eval" else "eval"
    calls = cst.ensure_type(fn, cst.FunctionDef).body
    found = False

    class _Find(cst.CSTVisitor):
        def visit_Call(self, node: cst.Call) -> None:
            nonlocal found
            f = node.func
            if (
                isinstance(f, cst.Attribute)
                and f.attr.value == other
                and isinstance(f.value, cst.Name)
                and f.value.value == receiver
            ):
                found = True

    calls.visit(_Find())
    return found
