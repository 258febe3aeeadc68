#!/usr/bin/env bash
# Prepares, on a development machine, what bench/gpu.ts needs on the GPU machine, which reaches no
# package registry and may have no Node: bench/gpu.ts and the WebGPU kernel's worker bundled by
# esbuild (no tsx, no node_modules there), the `webgpu` package's linux-x64 Dawn binary, this
# machine's node binary and the Vulkan loader (.deb). All under .scratch/gpu-pack (gitignored), about
# 40 MB, to be carried to the GPU machine; bench/gpu-device.sh runs it there.
set -euo pipefail
cd "$(dirname "$0")/.."
PACK=.scratch/gpu-pack
# the bundles are rebuilt every time; the binaries only when missing (compressing node takes minutes)
rm -f "$PACK/gpu-bench.mjs" "$PACK/gpu-worker.mjs"
mkdir -p "$PACK/node_modules/webgpu/dist/linux-x64" "$PACK/debs"
# the bundles sit side by side: webgpu-kernel.ts finds ./gpu-worker.mjs next to the bench bundle
BANNER="import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);"
node_modules/.bin/esbuild bench/gpu.ts --bundle --platform=node --format=esm --target=node20 --external:webgpu --log-level=warning --banner:js="$BANNER" --outfile="$PACK/gpu-bench.mjs"
node_modules/.bin/esbuild layers/adapters/gpu/gpu-worker-main.ts --bundle --platform=node --format=esm --target=node20 --external:webgpu --log-level=warning --banner:js="$BANNER" --outfile="$PACK/gpu-worker.mjs"
cp node_modules/webgpu/package.json node_modules/webgpu/index.js "$PACK/node_modules/webgpu/"
[ -f "$PACK/dawn.node.gz" ] || gzip -6 -c node_modules/webgpu/dist/linux-x64/dawn.node > "$PACK/dawn.node.gz"
[ -f "$PACK/node.xz" ] || xz -T1 -6 -c "$(readlink -f "$(command -v node)")" > "$PACK/node.xz"
ls "$PACK"/debs/libvulkan1_*.deb >/dev/null 2>&1 || (cd "$PACK/debs" && apt-get download libvulkan1 2>/dev/null)
du -sh "$PACK"
