#!/usr/bin/env bash
# Runs bench/gpu.ts on the GPU machine from the pack that bench/gpu-pack.sh made (carried as
# .scratch/gpu-pack): unpacks the Vulkan loader if the machine lacks one, points Vulkan at the NVIDIA
# driver's ICD when it is there, uses the carried node when the machine has none (or one older than
# 20), and writes gpu.json and gpu.log to $OUT (or the pack folder). Extra arguments go to the bench.
set -uo pipefail
cd "$(dirname "$0")/.."
PACK=.scratch/gpu-pack
DEST=${OUT:-$PACK}
[ -f "$PACK/gpu-bench.mjs" ] || { echo "no $PACK: run bench/gpu-pack.sh first and carry $PACK" >&2; exit 2; }
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | tee "$DEST/gpu-smi.txt"
if ! ldconfig -p | grep -q 'libvulkan.so.1'; then
  for f in "$PACK"/debs/*.deb; do dpkg -x "$f" /; done
  ldconfig
fi
if [ -z "${VK_DRIVER_FILES:-}${VK_ICD_FILENAMES:-}" ]; then
  for icd in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json; do
    if [ -f "$icd" ]; then export VK_DRIVER_FILES="$icd"; break; fi
  done
fi
echo "VK_DRIVER_FILES=${VK_DRIVER_FILES:-unset}"
if [ ! -f "$PACK/node_modules/webgpu/dist/linux-x64/dawn.node" ]; then
  gzip -dc "$PACK/dawn.node.gz" > "$PACK/node_modules/webgpu/dist/linux-x64/dawn.node"
fi
NODE=$(command -v node || true)
if [ -z "$NODE" ] || ! "$NODE" -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)'; then
  NODE=/tmp/tradeloop-node
  if command -v xz >/dev/null; then xz -dc "$PACK/node.xz" > "$NODE"; else python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$PACK/node.xz" "$NODE"; fi
  chmod +x "$NODE"
fi
echo "node $("$NODE" --version)"
"$NODE" "$PACK/gpu-bench.mjs" --data data --out "$DEST/gpu.json" "$@" 2>&1 | tee "$DEST/gpu.log"
