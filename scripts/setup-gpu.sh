#!/usr/bin/env bash
# `npm run setup:gpu`: installs onnxruntime-node's CUDA execution provider, which every install skips
# (package.json allowScripts denies its postinstall, which would download it for everyone), then
# runs `ecgnq doctor` to show whether CUDA starts. The provider is the CUDA 12 build from NuGet
# (Microsoft.ML.OnnxRuntime.Gpu.Linux, the same version as onnxruntime-node); it needs an NVIDIA
# driver, the CUDA 12.x runtime libraries and cuDNN 9.x on the library path (README, "GPU").
set -euo pipefail
cd "$(dirname "$0")/.."
platform="$(uname -s)/$(uname -m)"
if [ "$platform" != "Linux/x86_64" ]; then
  echo "setup-gpu: onnxruntime-node publishes its CUDA provider for Linux x86_64 only; this is $platform" >&2
  exit 1
fi
if ! command -v nvidia-smi >/dev/null 2>&1; then
  echo "setup-gpu: note: no nvidia-smi here; installing the provider anyway (it runs only with an NVIDIA driver)" >&2
fi
installer=node_modules/onnxruntime-node/script/install.js
if [ ! -f "$installer" ]; then
  echo "setup-gpu: $installer is missing; run npm ci first" >&2
  exit 1
fi
# The installer's documented switch: fetch the cuda12 manifest even though npm skipped the script.
if ! ONNXRUNTIME_NODE_INSTALL=cuda12 node "$installer"; then
  echo "setup-gpu: the download failed. It fetches Microsoft.ML.OnnxRuntime.Gpu.Linux from api.nuget.org over HTTPS" >&2
  echo "  (GLOBAL_AGENT_HTTPS_PROXY is honoured); on a machine without access, copy the files named above into" >&2
  echo "  node_modules/onnxruntime-node/bin/napi-v6/linux/x64/ from that package's runtimes/linux-x64/native/." >&2
  exit 1
fi
node bin/ecgnq.js doctor
