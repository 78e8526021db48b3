#!/usr/bin/env bash
# The GPU kit's one script: on a machine with PyTorch (CUDA) and no .NET, it makes the kit's self-contained
# `videomae` run on PyTorch's own libtorch, verifies CUDA end to end and measures the step, writing everything under
# $OUT. Every stage has its own time limit and the script always goes on, so one call returns what it learned.
# Here, on a CPU machine, TORCH_LIB=<a CPU libtorch folder> runs the same stages; those that need CUDA say "skipped".
set -u
KIT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${OUT:-$KIT/out}"
DEADLINE_S="${DEADLINE_S:-390}"          # the whole script, seconds; stages shrink to fit what is left
# SKIP_STAGES="a b": stages not to run, e.g. those a first call already measured.
LOGS="$OUT/logs"
APP="$KIT/videomae"
START=$(date +%s)
mkdir -p "$LOGS"
: >"$OUT/stages.jsonl"
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 PYTHONUNBUFFERED=1

say() { echo "[$(( $(date +%s) - START ))s] $*" | tee -a "$OUT/summary.txt"; }
elapsed() { echo $(( $(date +%s) - START )); }
json_escape() { python3 -c 'import json,sys;print(json.dumps(sys.stdin.read().strip()))' 2>/dev/null || sed 's/\\/\\\\/g;s/"/\\"/g;s/.*/"&"/' | head -1; }
record() {  # record NAME STATUS SECONDS RC NOTE
  printf '{"stage":"%s","status":"%s","seconds":%s,"rc":%s,"note":%s}\n' "$1" "$2" "$3" "$4" "$(printf '%s' "$5" | json_escape)" >>"$OUT/stages.jsonl"
  say "$1: $2 (${3}s)${5:+ — $5}"
}
skip() { record "$1" skipped 0 0 "$2"; }

# stage NAME LIMIT_S COMMAND...: runs COMMAND under its own limit (cut to the time left), stdout to logs/NAME.out,
# stderr to logs/NAME.log; returns its exit status (124 on timeout).
stage() {
  local name="$1" limit="$2"; shift 2
  if [[ " ${SKIP_STAGES:-} " == *" $name "* ]]; then skip "$name" "in SKIP_STAGES"; return 125; fi
  local left=$(( DEADLINE_S - $(elapsed) - 5 ))
  if (( left < 10 )); then skip "$name" "no time left (deadline ${DEADLINE_S}s)"; return 125; fi
  (( limit > left )) && limit=$left
  local t0=$(date +%s) rc
  timeout --kill-after=10 "$limit" "$@" >"$LOGS/$name.out" 2>"$LOGS/$name.log"; rc=$?
  local took=$(( $(date +%s) - t0 )) status=ok note=""
  if (( rc == 124 || rc == 137 )); then status=timeout; note="stopped at its ${limit}s limit"
  elif (( rc != 0 )); then status=failed; note="$(cat "$LOGS/$name.log" "$LOGS/$name.out" 2>/dev/null | grep -v '^\s*$' | tail -1 | cut -c1-300)"; fi
  record "$name" "$status" "$took" "$rc" "$note"
  return $rc
}

# 1. The machine, and PyTorch's libtorch.
stage environment 30 bash -c '
  uname -a; cat /etc/os-release 2>/dev/null | head -2; nproc; free -g | head -2
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv 2>&1 || echo "no nvidia-smi"
  python3 -c "import torch;print(\"torch\",torch.__version__,\"cuda\",torch.version.cuda,\"available\",torch.cuda.is_available())" 2>&1
  for t in cmake ninja nvcc g++ c++; do command -v $t >/dev/null && echo "$t: $($t --version 2>&1 | head -1)"; done
  ldconfig -p | grep -m1 "libstdc++.so.6 " ; strings "$(ldconfig -p | awk "/libstdc\\+\\+\\.so\\.6 .*x86-64/{print \$NF; exit}")" 2>/dev/null | grep -c "^GLIBCXX_3.4.32$"'
if [[ -n "${TORCH_LIB:-}" ]]; then
  TORCH_DIR="$(dirname "$TORCH_LIB")"
else
  TORCH_DIR="$(python3 -c 'import torch,os;print(os.path.dirname(torch.__file__))' 2>/dev/null || true)"
  TORCH_LIB="$TORCH_DIR/lib"
fi
if [[ ! -e "$TORCH_LIB/libtorch_cpu.so" ]]; then
  record libtorch failed 0 1 "no libtorch found: python3 has no torch and TORCH_LIB is not set"
else
  record libtorch ok 0 0 "$TORCH_LIB"
fi
export LD_LIBRARY_PATH="$TORCH_LIB:$APP${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
# Only where the system's libstdc++ is older than GCC 13's does the kit's copy go first.
if [[ -e "$KIT/libstdcxx/libstdc++.so.6" ]] && ! strings "$(ldconfig -p | awk '/libstdc\+\+\.so\.6 .*x86-64/{print $NF; exit}')" 2>/dev/null | grep -q '^GLIBCXX_3.4.32$'; then
  export LD_LIBRARY_PATH="$KIT/libstdcxx:$LD_LIBRARY_PATH"; say "system libstdc++ lacks GLIBCXX_3.4.32: using the kit's"
fi

# 2. TorchSharp's prebuilt native library against this libtorch: undefined symbols first, then a real load.
undefined() { ldd -r "$APP/libLibTorchSharp.so" 2>&1 | grep -c "undefined symbol" ; }
stage symbols 30 bash -c "ldd -r '$APP/libLibTorchSharp.so' 2>&1 | grep 'undefined symbol' | sed 's/^undefined symbol: //' | (c++filt 2>/dev/null || cat) | head -200; exit 0"
say "prebuilt libLibTorchSharp.so: $(undefined) undefined symbols against $TORCH_LIB"
loads() { stage "$1" 60 "$APP/videomae" info --json && grep -q '"cuda_available": *true' "$LOGS/$1.out"; }
CUDA=no
if loads info_prebuilt; then CUDA=yes; fi

# 3. If the prebuilt library does not load with CUDA on a CUDA machine, build it from TorchSharp 0.107's sources.
HAS_GPU=no; command -v nvidia-smi >/dev/null && nvidia-smi -L >/dev/null 2>&1 && HAS_GPU=yes
if [[ $CUDA == no && $HAS_GPU == yes ]]; then
  if [[ -e "$KIT/prebuilt/libLibTorchSharp.so" ]]; then
    cp "$KIT/prebuilt/libLibTorchSharp.so" "$APP/"; say "using libLibTorchSharp.so built by an earlier run (prebuilt/)"
  elif [[ -d "$KIT/torchsharp-native" ]]; then
    stage native_build 330 bash "$KIT/build-native.sh" "$TORCH_DIR" "$KIT/torchsharp-native" "$KIT/native-build" \
      && cp "$KIT/native-build/libLibTorchSharp.so" "$APP/" \
      && xz -T0 -3 -c "$KIT/native-build/libLibTorchSharp.so" >"$OUT/libLibTorchSharp.so.xz"
  else
    skip native_build "the kit holds no TorchSharp native sources (TORCHSHARP_SOURCE was not set when it was built)"
  fi
  loads info_rebuilt && CUDA=yes
elif [[ $HAS_GPU == no ]]; then
  skip native_build "no GPU: the prebuilt library is the one to test"
fi
say "CUDA through TorchSharp: $CUDA"

# 4. The self-test and the benchmarks.
cuda_stage() { if [[ $CUDA == yes ]]; then stage "$@"; else skip "$1" "skipped: no CUDA"; fi; }
# The same step in PyTorch with the official model code, where the kit carries it and PyTorch sees the GPU.
pytorch_stage() {
  local name="$1" limit="$2"; shift 2
  if [[ ! -d "$KIT/videomaev2/models" ]]; then skip "$name" "the kit holds no VideoMAE V2 model code (VIDEOMAEV2_SOURCE was not set)"
  elif [[ $CUDA == yes ]] && python3 -c 'import torch,timm;assert torch.cuda.is_available()' 2>/dev/null; then
    stage "$name" "$limit" python3 "$KIT/pytorch_step.py" --kit "$KIT" "$@"
  else skip "$name" "skipped: no CUDA in PyTorch (or no timm)"; fi
}
# The CPU self-test proves the kit where CUDA could not be had; on CUDA its time goes to the device checks.
if [[ $CUDA == yes ]]; then skip check_cpu "CUDA works: the CPU self-test runs in CI"; else stage check_cpu 120 "$APP/videomae" check --device cpu --json; fi
cuda_stage check_cuda_float32 120 "$APP/videomae" check --device cuda --precision float32 --json
cuda_stage bench_vitb 150 "$APP/videomae" bench step -m vit-b --batch "${VITB_BATCH:-32}" --steps 8 --device cuda --decoder-mask none running-cell --json
pytorch_stage pytorch_vitb 150 --model base --batch "${VITB_BATCH:-32}" --steps 8
cuda_stage check_cuda_bfloat16 120 "$APP/videomae" check --device cuda --precision bfloat16 --json
cuda_stage bench_vitg 180 "$APP/videomae" bench step -m vit-g --batch "${VITG_BATCH:-4}" --steps 5 --device cuda --decoder-mask none running-cell --json
pytorch_stage pytorch_vitg 150 --model giant --batch "${VITG_BATCH:-4}" --steps 5
cuda_stage bench_vitb_noflash 120 "$APP/videomae" bench step -m vit-b --batch "${VITB_BATCH:-32}" --steps 8 --device cuda --decoder-mask none running-cell --flash-attention off --json
cuda_stage memory_vitb 90 env PYTORCH_NO_CUDA_MEMORY_CACHING=1 "$APP/videomae" bench step -m vit-b --batch "${VITB_BATCH:-32}" --steps 1 --device cuda --decoder-mask none running-cell --json

# 5. One JSON with every stage and every command's JSON output; the logs as one archive.
{
  echo '{"kit_seconds":'"$(elapsed)"',"cuda":"'"$CUDA"'","stages":['
  paste -sd, "$OUT/stages.jsonl"
  echo '],"outputs":{'
  first=1
  for f in "$LOGS"/*.out; do
    n="$(basename "$f" .out)"
    if python3 -c 'import json,sys;json.load(open(sys.argv[1]))' "$f" 2>/dev/null; then
      (( first )) || echo ','; first=0; printf '"%s":' "$n"; cat "$f"
    fi
  done
  echo '}}'
} >"$OUT/results.json"
tar -czf "$OUT/logs.tar.gz" -C "$OUT" logs stages.jsonl && rm -rf "$LOGS" "$OUT/stages.jsonl"
say "done in $(elapsed)s: $OUT/results.json"
exit 0
