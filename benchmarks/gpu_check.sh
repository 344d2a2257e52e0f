#!/usr/bin/env bash
# Scale-out checks that need one CUDA GPU (issue 16); the parts' time limits add up to 8 minutes:
#   bash benchmarks/gpu_check.sh            # prints one results table; exit 1 if a part FAILED
# Parts: the gpu-bf16 preset of two tasks (a short fit each); FSDP with an auto-wrap policy,
# use_orig_params, weight-decay groups and a sharded checkpoint saved, loaded and resumed
# (benchmarks/gpu_fsdp_check.py); DeepSpeed stage 2 if `import deepspeed` works (skipped with the
# reason otherwise); the validator's gpu check. Each part runs in its own process under its own
# time limit, so one failure or hang cannot take the others down. Without CUDA every part is
# SKIP (the harness itself still runs: that is how it is checked on CPU machines).
set -uo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
PY="${PY:-.venv/bin/python}"
[[ -x "$PY" ]] || PY="$(command -v python3)"
# Absolute (some parts cd into a generated project), but not symlink-resolved: a venv's python
# is a symlink, and resolving it would leave the venv.
PY="$(cd "$(dirname "$PY")" && pwd)/$(basename "$PY")"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/gpu_check.XXXXXX")"
ROWS=()
FAILED=0

# part NAME LIMIT_SECONDS COMMAND...: PASS (exit 0), SKIP (exit 3, last line says why),
# TIMEOUT (124/137), FAIL (anything else); the log stays in $WORK/NAME.log.
part() {
  local name="$1" limit="$2" start rc status reason
  shift 2
  start=$(date +%s)
  timeout --kill-after=15 "$limit" "$@" >"$WORK/$name.log" 2>&1
  rc=$?
  case $rc in
    0) status=PASS ;;
    3) status=SKIP ;;
    124|137) status=TIMEOUT ;;
    *) status=FAIL ;;
  esac
  reason="$(grep -v '^\s*$' "$WORK/$name.log" | tail -n 1 | cut -c1-70)"
  [[ $status == PASS ]] && reason=""
  [[ $status == FAIL || $status == TIMEOUT ]] && FAILED=1
  ROWS+=("$(printf '%-30s %-8s %5ss  %s' "$name" "$status" "$(( $(date +%s) - start ))" "$reason")")
}

has_cuda() { "$PY" -c 'import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)'; }
skip() { echo "SKIP: $*"; exit 3; }
export -f skip

CUDA=0
has_cuda && CUDA=1
LS=("$PY" -m lightning_skill)
fit_short=(--trainer.max_epochs=1 --trainer.limit_train_batches=20 --trainer.limit_val_batches=5
  --trainer.enable_progress_bar=false)
# GPU_CHECK_CPU_REHEARSAL=1 runs the GPU branches on CPU (hardware keys overridden): it checks
# the commands themselves on a machine without a GPU; its results say nothing about GPUs.
if [[ "${GPU_CHECK_CPU_REHEARSAL:-0}" == 1 ]]; then
  CUDA=1
  fit_short+=(--trainer.accelerator=cpu --trainer.precision=32-true --trainer.devices=1
    --trainer.strategy=auto)
fi

for task in image-classification causal-lm; do
  dir="$WORK/gpu_${task//-/_}"
  if [[ $CUDA == 1 ]]; then
    part "gpu-bf16 $task" 75 bash -c "$(printf '%q ' "${LS[@]}") new '$dir' --task $task \
      --preset gpu-bf16 >/dev/null && cd '$dir/src' && $(printf '%q ' "$PY") -m \
      gpu_${task//-/_} fit $(printf '%q ' "${fit_short[@]}")"
  else
    part "gpu-bf16 $task" 10 bash -c 'skip no CUDA device'
  fi
done

fsdp="$WORK/fsdp_lm"
if [[ $CUDA == 1 ]]; then
  part "fsdp sharded resume" 120 bash -c "$(printf '%q ' "${LS[@]}") new '$fsdp' --task causal-lm \
    >/dev/null && $(printf '%q ' "$PY") benchmarks/gpu_fsdp_check.py '$fsdp'"
else
  part "fsdp sharded resume" 10 bash -c 'skip no CUDA device'
fi

# The gan task (two optimizers, toggled, manual optimization) under the fsdp preset: nothing on
# CPU can run FSDP, so this is where the catalogue's "gan ships fsdp" is proven or refuted.
gan="$WORK/fsdp_gan"
if [[ $CUDA == 1 ]]; then
  part "fsdp gan (2 optimizers)" 60 bash -c "$(printf '%q ' "${LS[@]}") new '$gan' --task gan \
    --preset fsdp >/dev/null && cd '$gan/src' && $(printf '%q ' "$PY") -m fsdp_gan fit \
    $(printf '%q ' "${fit_short[@]}") --trainer.devices=1"
else
  part "fsdp gan (2 optimizers)" 10 bash -c 'skip no CUDA device'
fi

ds="$WORK/ds_img"
if [[ $CUDA == 0 ]]; then
  part "deepspeed stage 2" 10 bash -c 'skip no CUDA device'
elif ! "$PY" -c 'import deepspeed' >/dev/null 2>&1; then
  part "deepspeed stage 2" 10 bash -c 'skip "deepspeed is not importable: pip install deepspeed"'
else
  part "deepspeed stage 2" 90 bash -c "$(printf '%q ' "${LS[@]}") new '$ds' \
    --task image-classification --preset deepspeed >/dev/null && cd '$ds/src' && \
    $(printf '%q ' "$PY") -m ds_img fit $(printf '%q ' "${fit_short[@]}") --trainer.devices=1 \
    || exit 1; find '$ds/logs' -name '*.ckpt' -type d | grep -q . \
    || { echo 'DeepSpeed wrote no checkpoint folder'; exit 1; }"
fi

if [[ $CUDA == 1 ]]; then
  part "validate --checks gpu" 60 bash -c "$(printf '%q ' "${LS[@]}") new '$WORK/val_gpu' \
    >/dev/null && $(printf '%q ' "${LS[@]}") validate '$WORK/val_gpu' --checks gpu"
else
  part "validate --checks gpu" 10 bash -c 'skip no CUDA device'
fi

echo
echo "GPU scale-out checks ($(date -u +%FT%TZ); logs in $WORK)"
"$PY" -c 'import torch; print("device:", torch.cuda.get_device_name(0) if torch.cuda.is_available() else "none (CPU only)")' 2>/dev/null
printf '%-30s %-8s %6s  %s\n' part status time "reason / last line"
printf '%s\n' "${ROWS[@]}"
exit $FAILED
