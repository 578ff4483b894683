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
# The installer's documented force switch (1 = install the files not bundled: on linux/x64 the cuda12
# manifest). Not 'cuda12': onnxruntime-node 1.30's parser drops that value, and then, run from an npm
# script in this folder, the installer takes itself for a local build and exits without a download.
if ! ONNXRUNTIME_NODE_INSTALL=1 node "$installer"; then
  version="$(node -p "require('onnxruntime-node/package.json').version")"
  echo "setup-gpu: the download failed. It fetches Microsoft.ML.OnnxRuntime.Gpu.Linux $version from api.nuget.org over" >&2
  echo "  HTTPS (GLOBAL_AGENT_HTTPS_PROXY is honoured). Without access, take libonnxruntime_providers_cuda.so and" >&2
  echo "  libonnxruntime_providers_shared.so from runtimes/linux-x64/native/ of that .nupkg (a zip) and copy them" >&2
  echo "  into node_modules/onnxruntime-node/bin/napi-v6/linux/x64/." >&2
  exit 1
fi
node bin/ecgnq.js doctor
