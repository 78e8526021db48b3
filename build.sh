#!/usr/bin/env bash
# VideoMae.NET build entry point. The README's two commands are `./build.sh reproduce` and `./build.sh test`;
# every verb first runs the set-up it needs, which is idempotent and quick when nothing is missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
CONFIGURATION="${CONFIGURATION:-Release}"
REQUIRED_GLIBCXX="GLIBCXX_3.4.32"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

say()  { printf '==> %s\n' "$*"; }
fail() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

usage() {
  cat <<'USAGE'
Usage: ./build.sh <verb> [args]

  reproduce         set up, build, and run the reproduction (accounting tables, synthetic data, benchmarks, a short
                    pre-training run, the notebooks at profile quick)
  test              set up, build in Release, run every test and every notebook at profile smoke; non-zero exit on
                    any failure
  setup             only the set-up: native prerequisites, Jupyter and chromium, dotnet tools, Paket restore
  build             set up and build the solution (CONFIGURATION=Release by default)
  notebooks [--profile smoke|quick|full] [--in-place] [NAME...]
                    execute notebooks/*.ipynb (or the NAMEs) headless with nbconvert and the F# kernel; executed
                    copies go to artifacts/notebooks/ (or replace the notebooks with --in-place); stops at the
                    first failing cell, naming the notebook and the cell
  backend cpu|cuda  switch the native libtorch backend of the applications and tests (see README, "GPU backend")
  gpu-kit [--run]   build artifacts/gpu-kit.tar.xz: a self-contained videomae without libtorch natives, the reference
                    fixtures and gpu/run.sh, which verifies CUDA on a machine with PyTorch (docs/gpu.md); --run also
                    runs it here against the CPU libtorch, CUDA stages skipped
  clean             remove build outputs (bin/, obj/, artifacts/)
USAGE
}

# ---------------------------------------------------------------------------------------------------------------
# Native prerequisite: TorchSharp 0.107's libLibTorchSharp.so needs libstdc++ with GLIBCXX_3.4.32 (GCC 13+).
# Detect by the symbol version of the libstdc++ the loader will use, never by distribution name.

libstdcxx_path() {
  local p
  p="$(ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64/ { print $NF; exit }')"
  if [[ -z "$p" ]]; then
    for d in /usr/lib/x86_64-linux-gnu /lib/x86_64-linux-gnu /usr/lib64 /usr/lib; do
      [[ -e "$d/libstdc++.so.6" ]] && { p="$d/libstdc++.so.6"; break; }
    done
  fi
  [[ -n "$p" ]] && readlink -f "$p"
}

has_required_glibcxx() {
  local lib
  lib="$(libstdcxx_path)" || return 1
  [[ -n "$lib" ]] && grep -qa "${REQUIRED_GLIBCXX}" "$lib"
}

os_field() { ( . /etc/os-release 2>/dev/null && eval "printf '%s' \"\${$1:-}\"" ); }

# The archive URI that already serves this Debian release, so the pin reuses the machine's own mirror.
debian_archive_uri() {
  local uri
  uri="$(grep -rhs -A3 '^Types: *deb' /etc/apt/sources.list.d/*.sources \
          | awk '/^URIs:/ { print $2 }' | grep -v -- '-security' | head -n1)"
  [[ -z "$uri" ]] && uri="$(awk '$1 == "deb" && $3 !~ /security/ { print $2; exit }' /etc/apt/sources.list 2>/dev/null)"
  printf '%s' "$uri"
}

install_glibcxx_from_trixie() {
  local uri
  uri="$(debian_archive_uri)"
  [[ -n "$uri" ]] || fail "libstdc++ lacks ${REQUIRED_GLIBCXX} and no Debian archive is configured in /etc/apt to install it from."
  say "libstdc++ lacks ${REQUIRED_GLIBCXX}: installing libstdc++6 from Debian 13 (trixie), every other package stays on Debian 12"
  cat > /etc/apt/sources.list.d/videomae-trixie.sources <<SOURCES
Types: deb
URIs: ${uri}
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  # Priority 100 keeps trixie below bookworm (500): only what is asked for with -t trixie comes from it.
  cat > /etc/apt/preferences.d/videomae-trixie <<'PIN'
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -t trixie libstdc++6 >/dev/null
  has_required_glibcxx || fail "installed libstdc++6 from trixie but $(libstdcxx_path) still lacks ${REQUIRED_GLIBCXX}."
}

ensure_native_prerequisites() {
  has_required_glibcxx && return 0
  local lib id version
  lib="$(libstdcxx_path || true)"; id="$(os_field ID)"; version="$(os_field VERSION_ID)"
  if [[ "$id" == "debian" && "$version" == "12" ]]; then
    [[ "$(id -u)" == "0" ]] && { install_glibcxx_from_trixie; return 0; }
    fail "TorchSharp needs libstdc++ with ${REQUIRED_GLIBCXX} (GCC 13+) but ${lib:-the system libstdc++} lacks it: run \`sudo ./build.sh setup\` to install libstdc++6 from Debian 13 with an apt pin."
  fi
  if [[ "$id" == "ubuntu" ]]; then
    fail "TorchSharp needs libstdc++ with ${REQUIRED_GLIBCXX} (GCC 13+) but ${lib:-the system libstdc++} lacks it: run \`sudo add-apt-repository -y ppa:ubuntu-toolchain-r/test && sudo apt-get install -y libstdc++6\` (or use Ubuntu 24.04 or newer)."
  fi
  fail "TorchSharp needs libstdc++ with ${REQUIRED_GLIBCXX} (GCC 13+) but ${lib:-the system libstdc++} lacks it: install the libstdc++ of GCC 13 or newer from your distribution (Debian 13 and Ubuntu 24.04 have it)."
}

# Video decoding and the synthetic datasets go through the ffmpeg command-line programs.
ensure_ffmpeg() {
  command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null && return 0
  if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null; then
    say "installing ffmpeg (Debian/Ubuntu package) for video decoding and the synthetic datasets"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg >/dev/null
    return 0
  fi
  fail "ffmpeg and ffprobe are needed to decode and write videos but were not found on PATH: run \`sudo apt-get install ffmpeg\` (or \`sudo ./build.sh setup\`)."
}

# In-process video decoding (OpenCvSharp4's native runtime, restored by Paket) links GTK 3 and its libraries, which a
# bare machine lacks. Detected by what the restored library fails to resolve, so any distribution that has them passes.
opencv_native_lib() {
  ls -d "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/opencvsharp4.official.runtime.linux-x64/*/runtimes/linux-x64/native/libOpenCvSharpExtern.so \
    2>/dev/null | sort -V | tail -1
}

opencv_missing_libs() { ldd "$1" 2>/dev/null | awk '/not found/ { print $1 }' | sort -u | tr '\n' ' '; }

ensure_opencv_natives() {
  local lib missing
  lib="$(opencv_native_lib)"
  [[ -n "$lib" ]] || fail "OpenCvSharp4's native runtime is not restored (expected under ${NUGET_PACKAGES:-$HOME/.nuget/packages}); run \`dotnet paket restore\`."
  missing="$(opencv_missing_libs "$lib")"
  [[ -z "$missing" ]] && return 0
  if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null; then
    say "installing GTK 3 (Debian/Ubuntu package libgtk-3-0) for in-process video decoding: ${missing}are missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libgtk-3-0 libfreetype6 libharfbuzz0b libdrm2 libatomic1 >/dev/null
    missing="$(opencv_missing_libs "$lib")"
    [[ -z "$missing" ]] && return 0
    fail "installed GTK 3 but ${lib} still lacks: ${missing}"
  fi
  fail "in-process video decoding needs libraries that ${lib} cannot find (${missing}): run \`sudo apt-get install libgtk-3-0\` (or \`sudo ./build.sh setup\`)."
}

# The notebook engine: Jupyter's headless runner and client (Debian packages, no PyPI; jupyter-client brings the
# `jupyter kernelspec` command) and chromium for chart PNGs.
NOTEBOOK_PACKAGES=(jupyter-nbconvert python3-nbclient python3-jupyter-client jupyter-client chromium)

has_notebook_tools() {
  command -v jupyter >/dev/null && command -v jupyter-kernelspec >/dev/null && command -v chromium >/dev/null \
    && jupyter nbconvert --version >/dev/null 2>&1 \
    && "$(jupyter_python)" -c 'import nbclient, jupyter_client, zmq' 2>/dev/null
}

# The Python that runs `jupyter` (its #! line), so our helper imports the same nbconvert.
jupyter_python() { head -n1 "$(command -v jupyter)" | sed 's/^#! *//; s/ .*//'; }

ensure_notebook_tools() {
  has_notebook_tools && return 0
  if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null; then
    say "installing Jupyter (nbconvert, nbclient, jupyter_client) and chromium from Debian packages for the notebooks"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${NOTEBOOK_PACKAGES[@]}" >/dev/null
    has_notebook_tools && return 0
  fi
  fail "the notebooks need Jupyter and chromium: run \`sudo apt-get install ${NOTEBOOK_PACKAGES[*]}\` (or \`sudo ./build.sh setup\`)."
}

# ---------------------------------------------------------------------------------------------------------------

setup() {
  command -v dotnet >/dev/null || fail "the .NET 10 SDK is required (dotnet was not found on PATH)."
  ensure_native_prerequisites
  ensure_ffmpeg
  ensure_notebook_tools
  dotnet tool restore >/dev/null
  dotnet paket restore >/dev/null
  ensure_opencv_natives
}

build() {
  setup
  say "building ($CONFIGURATION)"
  dotnet build VideoMae.sln -c "$CONFIGURATION" -nologo -v quiet -clp:NoSummary
  write_launcher
  register_kernel
}

KERNEL_NAME="videomae-fsharp"
kernel_dll() { printf '%s/src/VideoMae.Kernel/bin/%s/net10.0/VideoMae.Kernel.dll' "$ROOT" "$CONFIGURATION"; }

# artifacts/jupyter/kernels/videomae-fsharp: the kernelspec of this checkout's build. `./build.sh notebooks` puts
# artifacts/jupyter first on JUPYTER_PATH; the same spec is installed for the user (JupyterLab, VS Code), rewritten
# only when it changed.
register_kernel() {
  local spec="artifacts/jupyter/kernels/${KERNEL_NAME}" installed
  dotnet "$(kernel_dll)" kernelspec "$spec" >/dev/null
  installed="$(jupyter kernelspec list --json 2>/dev/null | "$(jupyter_python)" -c \
    "import json, sys; print(json.load(sys.stdin)['kernelspecs'].get('${KERNEL_NAME}', {}).get('resource_dir', ''))")"
  [[ -n "$installed" && -f "$installed/kernel.json" ]] && cmp -s "$installed/kernel.json" "$spec/kernel.json" && return 0
  say "registering the F# kernel '${KERNEL_NAME}' with Jupyter (user kernelspec)"
  jupyter kernelspec install --user --name "$KERNEL_NAME" "$spec" >/dev/null 2>&1
}

run_notebooks() {
  local profile="smoke" in_place=0 names=() notebook target
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --profile) profile="${2:-}"; shift 2 || fail "--profile expects smoke, quick or full." ;;
      --profile=*) profile="${1#--profile=}"; shift ;;
      --in-place) in_place=1; shift ;;
      -*) fail "notebooks: unknown option '$1' (expected --profile smoke|quick|full, --in-place or notebook names)." ;;
      *) names+=("$1"); shift ;;
    esac
  done
  case "$profile" in smoke|quick|full) ;; *) fail "--profile expects smoke, quick or full, got '${profile}'." ;; esac
  local notebooks=()
  if [[ ${#names[@]} -eq 0 ]]; then
    shopt -s nullglob; notebooks=(notebooks/*.ipynb); shopt -u nullglob
    [[ ${#notebooks[@]} -eq 0 ]] && { say "no notebooks in notebooks/ yet: nothing to execute"; return 0; }
  else
    for notebook in "${names[@]}"; do
      notebook="notebooks/$(basename "${notebook%.ipynb}").ipynb"
      [[ -f "$notebook" ]] || fail "notebooks: there is no ${notebook}."
      notebooks+=("$notebook")
    done
  fi
  # A cell that hangs fails smoke and quick within the hour; full's training cells run for hours on a CPU.
  local cell_timeout=3600
  [[ "$profile" == full ]] && cell_timeout=0
  build
  mkdir -p artifacts/notebooks
  for notebook in "${notebooks[@]}"; do
    target="artifacts/notebooks/$(basename "$notebook")"
    [[ "$in_place" == 1 ]] && target="$notebook"
    say "executing ${notebook} (profile ${profile}) -> ${target}"
    JUPYTER_PATH="$ROOT/artifacts/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}" VIDEOMAE_PROFILE="$profile" \
      "$(jupyter_python)" src/VideoMae.Kernel/execute_notebook.py "$notebook" "$target" "$cell_timeout" \
      || fail "notebook ${notebook} failed (executed part written to ${target})."
  done
}

# artifacts/bin/videomae runs the command line just built; put artifacts/bin on PATH to call it as `videomae`.
write_launcher() {
  mkdir -p artifacts/bin
  local launcher="artifacts/bin/videomae"
  local body
  body="$(printf '#!/usr/bin/env bash\nexec dotnet "%s/src/VideoMae.Cli/bin/%s/net10.0/VideoMae.Cli.dll" "$@"\n' "$ROOT" "$CONFIGURATION")"
  [[ -f "$launcher" && "$(cat "$launcher")" == "$body" ]] && return 0
  printf '%s\n' "$body" > "$launcher"
  chmod +x "$launcher"
}

run_tests() {
  build
  say "running tests"
  local log rc=0
  log="$(mktemp)"
  dotnet test VideoMae.sln -c "$CONFIGURATION" --no-build --nologo 2>&1 | tee "$log" || rc=$?
  # One plain closing line, summed over the test assemblies.
  awk '/(Passed|Failed)! +- +Failed:/ { gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1) } }
       END { printf "tests: %d passed, %d failed\n", p, f }' "$log"
  rm -f "$log"
  # Every notebook at its smallest profile, so a change that breaks one fails the tests (a subshell: run_notebooks
  # exits on the first failing notebook).
  say "executing the notebooks (profile smoke)"
  ( run_notebooks --profile smoke ) || rc=1
  say "building the GPU kit and running it here against the CPU libtorch (CUDA stages skipped)"
  ( gpu_kit_selftest ) || rc=1
  return "$rc"
}

videomae() { "$ROOT/artifacts/bin/videomae" "$@"; }

reproduce() {
  local started=$SECONDS
  build
  say "VideoMAE V2 accounting (exact): parameters of every preset"
  videomae params --all
  say "Pre-training MACs per clip (exact; paper Table 1 / Table 2 FLOPs column)"
  videomae flops --table
  say "Token counts of dual masking (exact; ViT-B, running cell 50%)"
  videomae masks --model vit-b --decoder-mask running-cell --decoder-ratio 0.5
  say "Embedded synthetic data: an unlabeled hybrid set (kept between runs in data/synth/hybrid-200)"
  videomae synth --kind hybrid --videos 200 --frames 32 --size 64 --out data/synth/hybrid-200
  say "Loader throughput on it (measured: 16 frames of 64×64, stride 2, multi-scale crop)"
  videomae bench data --list data/synth/hybrid-200/unlabeled.txt --frames 16 --size 64 --stride 2
  say "Training-step cost of encoder-only vs dual masking, measured side by side (research-s; the paper's ViT-B: 1.79×)"
  videomae bench step --model research-s --batch 8 --steps 5
  say "What pre-training buys, trained here: fine-tuning from the shipped pre-trained weights against random ones, 3 seeds (notebook 08, profile quick)"
  run_notebooks --profile quick 08-what-pretraining-buys
  "$(jupyter_python)" src/VideoMae.Kernel/show_findings.py artifacts/notebooks/08-what-pretraining-buys.ipynb
  say "The paper's tables at research scale: what the committed notebooks found (not re-run; each names its profile; open notebooks/*.ipynb for tables and charts, or re-run one with ./build.sh notebooks --profile full NAME)"
  "$(jupyter_python)" src/VideoMae.Kernel/show_findings.py notebooks/0[1-6]*.ipynb
  say "reproduce finished in $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s; executed notebook: artifacts/notebooks/08-what-pretraining-buys.ipynb"
}

switch_backend() {
  local target="${1:-}" from to
  case "$target" in
    cpu)  from="libtorch-cuda-12.8-linux-x64"; to="libtorch-cpu-linux-x64" ;;
    cuda) from="libtorch-cpu-linux-x64"; to="libtorch-cuda-12.8-linux-x64" ;;
    *) fail "backend expects 'cpu' or 'cuda', got '${target}'." ;;
  esac
  sed -i "s/^\(  nuget \)${from} = 2.10.0/\1${to} = 2.10.0/" paket.dependencies
  sed -i "s/^${from}\$/${to}/" src/VideoMae.Cli/paket.references src/VideoMae.Notebook/paket.references tests/VideoMae.Tests/paket.references
  say "native backend set to ${to}; resolving it with Paket"
  dotnet tool restore >/dev/null
  dotnet paket install || fail "Paket could not resolve ${to} from your NuGet sources; \`./build.sh backend cpu\` switches back."
}

# The GPU kit (docs/gpu.md). Sources that are not the project's travel with it, never into its history:
# TORCHSHARP_SOURCE (a TorchSharp 0.107.0 checkout or bare git directory) for the native fallback build, and
# VIDEOMAEV2_SOURCE (an OpenGVLab/VideoMAEv2 checkout or git directory) for the PyTorch comparison.
GPU_KIT_LIMIT_MB=60
libtorch_native_dir() {
  local d
  d="$(ls -d "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/libtorch-cpu-linux-x64/*/runtimes/linux-x64/native 2>/dev/null | sort -V | tail -1)"
  [[ -n "$d" && -e "$d/libtorch_cpu.so" ]] || fail "libtorch-cpu-linux-x64 is not restored (run ./build.sh setup)."
  printf '%s' "$d"
}
# copy_source SRC_VAR PATH_IN_REPO DEST: a folder of a checkout or of a (bare) git directory's HEAD.
copy_source() {
  local src="$1" path="$2" dest="$3" strip
  mkdir -p "$dest"
  if [[ -d "$src/$path" ]]; then cp -r "$src/$path/." "$dest/"
  elif git --git-dir="$src" rev-parse --verify -q HEAD >/dev/null 2>&1; then
    strip="$(tr -cd / <<<"$path" | wc -c)"
    git --git-dir="$src" archive HEAD "$path" | tar -x --strip-components="$((strip + 1))" -C "$dest"
  else fail "$src holds no $path (expected a checkout or a git directory)."; fi
}
gpu_kit() {
  setup
  local kit="artifacts/gpu-kit" app="artifacts/gpu-kit/videomae" archive="artifacts/gpu-kit.tar.xz" natives f mb
  rm -rf "$kit" "$archive"
  mkdir -p "$app"
  say "GPU kit: publishing videomae for linux-x64, self-contained, without libtorch (PyTorch's takes its place there)"
  dotnet publish src/VideoMae.Cli/VideoMae.Cli.csproj -c "$CONFIGURATION" -r linux-x64 --self-contained true \
    -p:PackAsTool=false -o "$app" -nologo -v quiet
  natives="$(libtorch_native_dir)"
  for f in "$natives"/*; do rm -f "$app/$(basename "$f")"; done
  # Nor OpenCV's 110 MB native library: the kit decodes no video (were it asked to, the loader falls back to ffmpeg).
  rm -f "$app/libOpenCvSharpExtern.so"
  printf '#!/usr/bin/env bash\nexec "$(dirname "$(readlink -f "$0")")/VideoMae.Cli" "$@"\n' >"$app/videomae"
  chmod +x "$app/videomae"
  [[ -d ../shared/fixtures/reference ]] || fail "../shared/fixtures/reference is missing: the kit's parity check needs the reference fixtures."
  mkdir -p "$app/fixtures" && cp -r ../shared/fixtures/reference "$app/fixtures/"
  cp gpu/run.sh gpu/build-native.sh gpu/libtorchsharp-native.patch gpu/pytorch_step.py "$kit/"
  if [[ -n "${TORCHSHARP_SOURCE:-}" ]]; then
    copy_source "$TORCHSHARP_SOURCE" src/Native "$kit/torchsharp-native"
    say "GPU kit: TorchSharp native sources from $TORCHSHARP_SOURCE"
  else
    say "GPU kit: TORCHSHARP_SOURCE not set, so no native sources: run.sh can only try the prebuilt libLibTorchSharp.so"
  fi
  if [[ -n "${VIDEOMAEV2_SOURCE:-}" ]]; then
    copy_source "$VIDEOMAEV2_SOURCE" models "$kit/videomaev2/models"
    say "GPU kit: the official VideoMAE V2 model code from $VIDEOMAEV2_SOURCE (for the PyTorch comparison)"
  else
    say "GPU kit: VIDEOMAEV2_SOURCE not set, so no PyTorch comparison"
  fi
  # Carried for a GPU machine whose libstdc++ predates GCC 13; run.sh uses it only there.
  f="$(libstdcxx_path || true)"
  [[ -n "$f" ]] && mkdir -p "$kit/libstdcxx" && cp -L "$f" "$kit/libstdcxx/libstdc++.so.6"
  # A libLibTorchSharp.so built by an earlier run on the GPU machine (run.sh returns it as libLibTorchSharp.so.xz).
  if [[ -n "${GPU_KIT_PREBUILT:-}" ]]; then
    mkdir -p "$kit/prebuilt"
    case "$GPU_KIT_PREBUILT" in *.xz) xz -dc "$GPU_KIT_PREBUILT" >"$kit/prebuilt/libLibTorchSharp.so" ;; *) cp "$GPU_KIT_PREBUILT" "$kit/prebuilt/" ;; esac
  fi
  say "GPU kit: compressing"
  tar -C artifacts -cf - gpu-kit | xz -T0 -6 >"$archive"
  mb=$(( $(stat -c %s "$archive") / 1048576 ))
  (( mb < GPU_KIT_LIMIT_MB )) || fail "the GPU kit is ${mb} MB, over its ${GPU_KIT_LIMIT_MB} MB limit."
  say "GPU kit: $archive (${mb} MB); on the GPU machine: tar -xJf gpu-kit.tar.xz && gpu-kit/run.sh"
  if [[ "${1:-}" == "--run" ]]; then
    say "GPU kit: running it here against the CPU libtorch ($natives); CUDA stages are skipped"
    rm -rf artifacts/gpu-kit-run && mkdir -p artifacts/gpu-kit-run
    OUT="$ROOT/artifacts/gpu-kit-run" TORCH_LIB="$natives" "$kit/run.sh"
  fi
}

# The kit must build, fit, load TorchSharp on a libtorch outside the NuGet cache and pass the CPU self-test.
gpu_kit_selftest() {
  local results="artifacts/gpu-kit-run/results.json" s
  gpu_kit --run
  for s in libtorch info_prebuilt check_cpu; do
    grep -q "\"stage\":\"$s\",\"status\":\"ok\"" "$results" || fail "GPU kit run here: stage $s did not pass (see $results and artifacts/gpu-kit-run/logs.tar.gz)."
  done
  say "GPU kit: runs here end to end (stages in $results)"
}

clean() {
  rm -rf artifacts src/*/bin src/*/obj tests/*/bin tests/*/obj
}

verb="${1:-help}"
shift || true
case "$verb" in
  reproduce) reproduce ;;
  test)      run_tests ;;
  setup)     setup; say "set-up complete" ;;
  build)     build ;;
  notebooks) run_notebooks "$@" ;;
  backend)   switch_backend "$@" ;;
  gpu-kit)   gpu_kit "$@" ;;
  clean)     clean ;;
  help|-h|--help) usage ;;
  *) usage >&2; fail "unknown verb '${verb}'." ;;
esac
