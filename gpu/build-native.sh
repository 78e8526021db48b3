#!/usr/bin/env bash
# Builds TorchSharp's libLibTorchSharp.so from its 0.107 native sources against the libtorch of a PyTorch install
# (headers in torch/include, libraries in torch/lib), for when the prebuilt one does not load there.
# usage: build-native.sh TORCH_DIR SOURCE_DIR BUILD_DIR   (SOURCE_DIR holds TorchSharp's src/Native)
set -euo pipefail
TORCH_DIR="$1"; SRC="$2"; BUILD="$3"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JOBS="$(nproc)"
rm -rf "$BUILD"; mkdir -p "$BUILD/src"
cp -r "$SRC/." "$BUILD/src/"
# The project's patches for newer libtorch headers: facts about the sources, kept as one small patch file.
if [[ -s "$HERE/libtorchsharp-native.patch" ]]; then
  (cd "$BUILD/src" && patch -p1 <"$HERE/libtorchsharp-native.patch")
fi
echo "building with $JOBS jobs against $TORCH_DIR"
if command -v cmake >/dev/null && command -v ninja >/dev/null \
   && cmake -S "$BUILD/src" -B "$BUILD/cmake" -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_PREFIX_PATH="$TORCH_DIR/share/cmake" -DLIBTORCH_PATH="$TORCH_DIR/share/cmake/Torch" \
        -DCMAKE_CXX_FLAGS="-Wno-error" >"$BUILD/cmake.log" 2>&1; then
  cmake --build "$BUILD/cmake" -j "$JOBS"
  cp "$(find "$BUILD/cmake" -name libLibTorchSharp.so | head -1)" "$BUILD/libLibTorchSharp.so"
else
  # CMake could not configure (Torch's CMake files look for a full CUDA toolkit): compile the sources directly.
  echo "CMake configure failed (tail of $BUILD/cmake.log below); compiling directly with ${CXX:-g++}"
  tail -20 "$BUILD/cmake.log" 2>/dev/null || true
  CXX="${CXX:-g++}"
  FLAGS=(-O2 -fPIC -fvisibility=hidden -std=c++17 -D_GLIBCXX_USE_CXX11_ABI=1 -D__LINUX__ -D_NO_ASYNCRTIMP -D_NO_PPLXIMP
         -I"$BUILD/src" -I"$BUILD/src/LibTorchSharp" -I"$TORCH_DIR/include" -I"$TORCH_DIR/include/torch/csrc/api/include" -w)
  mkdir -p "$BUILD/obj"
  export CXX BUILD; export FLAGS_STR="${FLAGS[*]}"
  # The sources the project's own CMakeLists names (the folder holds files it does not build).
  grep -oE '[A-Za-z0-9_]+\.(cpp|c)\b' "$BUILD/src/LibTorchSharp/CMakeLists.txt" | sort -u | sed "s|^|$BUILD/src/LibTorchSharp/|" | tr '\n' '\0' \
    | xargs -0 -P "$JOBS" -I{} bash -c 'f="{}"; o="$BUILD/obj/$(basename "$f").o"; case "$f" in *.c) cc -O2 -fPIC -c "$f" -o "$o";; *) $CXX $FLAGS_STR -c "$f" -o "$o";; esac'
  "$CXX" -shared -o "$BUILD/libLibTorchSharp.so" "$BUILD"/obj/*.o -L"$TORCH_DIR/lib" -Wl,--no-as-needed -ltorch -ltorch_cpu -lc10 \
    -Wl,-Bsymbolic -Wl,-Bsymbolic-functions -Wl,-rpath,'$ORIGIN'
fi
ls -la "$BUILD/libLibTorchSharp.so"
