/**
 * The checks of `ecgnq doctor`: what this machine runs and where — Node/npm, native modules and their
 * ABI, ONNX Runtime and the providers that start, the GPU, the superlet back end, the model, Chromium.
 * Each check reports a status, what it found, and for a problem the command that fixes it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { loadModelSpec } from '../../engine/inference/model-spec';
import { PACKAGE_ROOT } from '../../engine/package-info';
import { openBackend, probeCuda } from '../../engine/inference/device';
import { cudaProviderLibrary, describeGpus, nvidiaGpus } from '../../engine/inference/gpu-info';
import { OnnxSuperlet } from '../../engine/inference/superlet-onnx';

/** ok: works; info: absent but optional (no GPU); warn: only some uses are affected; fail: scoring or tests cannot run. */
export type CheckStatus = 'ok' | 'info' | 'warn' | 'fail';

/** One line of the doctor's report. */
export interface Check {
  name: string;
  status: CheckStatus;
  detail: string;
  /** What to run or install, for warn/fail. */
  fix?: string;
}

const require = createRequire(import.meta.url);


function packageVersion(name: string): string | null {
  try {
    return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): string | null {
  try {
    return execFileSync(command, args, { encoding: 'utf8', timeout: 20_000, env, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** a.b.c ≥ x.y.z, numerically. */
function atLeast(version: string, minimum: string): boolean {
  const a = version.split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < b.length; i++) {
    if ((a[i] ?? 0) !== b[i]) {
      return (a[i] ?? 0) > b[i];
    }
  }
  return true;
}

/** Node and npm against package.json `engines.node` and `devEngines.packageManager`. */
export function checkRuntime(): Check {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
    engines: { node: string };
    devEngines: { packageManager: { version: string } };
  };
  const nodeMin = pkg.engines.node.replace(/^>=/, '');
  const npmMin = pkg.devEngines.packageManager.version.replace(/^>=/, '');
  const node = process.versions.node;
  const npm = run('npm', ['--version']);
  const detail = `Node.js ${node} (module ABI ${process.versions.modules}), npm ${npm ?? 'not found'}`;
  if (!atLeast(node, nodeMin)) {
    return { name: 'runtime', status: 'fail', detail, fix: `install Node.js ≥ ${nodeMin}` };
  }
  if (npm === null || !atLeast(npm, npmMin)) {
    return { name: 'runtime', status: 'warn', detail, fix: `npm ≥ ${npmMin} is needed to install (it honours package.json allowScripts): npm install -g npm@11` };
  }
  return { name: 'runtime', status: 'ok', detail };
}

/** The module ABI a compiled addon was built for (`node_register_module_v<ABI>`), or null. */
function addonAbi(path: string): number | null {
  try {
    const m = /node_register_module_v(\d+)/.exec(readFileSync(path).toString('latin1'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** better-sqlite3 in this Node, and its ABI against Electron's. */
export function checkNativeModules(): Check[] {
  const version = packageVersion('better-sqlite3') ?? '?';
  const binary = join(dirname(require.resolve('better-sqlite3/package.json')), 'build/Release/better_sqlite3.node');
  const built = addonAbi(binary);
  const checks: Check[] = [];
  try {
    const Database = require('better-sqlite3') as new (path: string) => { prepare(sql: string): { get(): unknown }; close(): void };
    const db = new Database(':memory:');
    db.prepare('select 1').get();
    db.close();
    checks.push({ name: 'better-sqlite3', status: 'ok', detail: `${version} loads in Node (built for ABI ${built ?? '?'})` });
  } catch (error) {
    checks.push({
      name: 'better-sqlite3',
      status: 'fail',
      detail: `${version} does not load in Node ${process.versions.node} (ABI ${process.versions.modules}; built for ABI ${built ?? '?'}): ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      fix: 'npm rebuild better-sqlite3 (an @electron/rebuild for the desktop app replaces the Node build)',
    });
  }
  const electronDir = dirname(require.resolve('electron/package.json'));
  const electronVersion = packageVersion('electron') ?? '?';
  const electronAbi = Number(readFileSync(join(electronDir, 'abi_version'), 'utf8').trim());
  const pathFile = join(electronDir, 'path.txt');
  const hasBinary = existsSync(pathFile) && existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()));
  const binaryNote = hasBinary ? 'binary installed' : 'binary not downloaded (npx install-electron)';
  if (built === electronAbi) {
    checks.push({ name: 'electron', status: 'ok', detail: `${electronVersion} (ABI ${electronAbi}), ${binaryNote}; better-sqlite3 is built for it` });
  } else {
    checks.push({
      name: 'electron',
      status: 'warn',
      detail: `${electronVersion} (ABI ${electronAbi}), ${binaryNote}; better-sqlite3 is built for ABI ${built ?? '?'} (Node), so the desktop app cannot open projects yet`,
      fix: 'for the desktop app only: npx @electron/rebuild -f -o better-sqlite3 (then npm rebuild better-sqlite3 for the CLI and tests)',
    });
  }
  return checks;
}

/** Libraries the CUDA provider needs that the dynamic loader cannot find (`ldd`), or null without ldd. */
function missingCudaLibraries(providerLibrary: string): string[] | null {
  const out = run('ldd', [providerLibrary]);
  if (out === null) {
    return null;
  }
  return out
    .split('\n')
    .filter((line) => /not found/.test(line))
    .map((line) => line.trim().split(/\s+/)[0]);
}

/** ONNX Runtime: version, the CPU provider (runs the superlet graph), the CUDA provider. */
export async function checkOnnxRuntime(): Promise<Check[]> {
  const version = packageVersion('onnxruntime-node') ?? '?';
  const checks: Check[] = [];
  try {
    const cpu = await OnnxSuperlet.load({ provider: 'cpu', threads: 1 });
    await cpu.superletMany([Float64Array.from({ length: 40 }, (_, i) => Math.sin(i))], 10);
    await cpu.close();
    checks.push({ name: 'onnxruntime cpu', status: 'ok', detail: `onnxruntime-node ${version}: the CPU provider starts and runs the superlet graph` });
  } catch (error) {
    checks.push({
      name: 'onnxruntime cpu',
      status: 'fail',
      detail: `onnxruntime-node ${version}: the CPU provider does not start: ${error instanceof Error ? error.message : String(error)}`,
      fix: 'npm ci (reinstalls onnxruntime-node and its bundled CPU library)',
    });
  }
  const cuda = await probeCuda();
  const library = cudaProviderLibrary();
  if (cuda.ok) {
    checks.push({ name: 'onnxruntime cuda', status: 'ok', detail: `CUDA provider starts and runs the superlet graph on ${cuda.detail}` });
  } else if (!cuda.installed || !library) {
    checks.push({ name: 'onnxruntime cuda', status: 'info', detail: 'CUDA provider not installed (scoring runs on the CPU)', fix: 'on a Linux x64 machine with an NVIDIA GPU: npm run setup:gpu' });
  } else {
    const missing = missingCudaLibraries(library);
    const what = missing && missing.length > 0 ? `; the loader cannot find ${missing.join(', ')}` : '';
    checks.push({
      name: 'onnxruntime cuda',
      status: 'warn',
      detail: `CUDA provider installed but does not start: ${cuda.detail}${what}`,
      fix: 'install the NVIDIA driver, the CUDA 12.x runtime (cudart, cublas, cublasLt, cufft, curand) and cuDNN 9.x, and put them on LD_LIBRARY_PATH (README, "GPU")',
    });
  }
  return checks;
}

/** GPUs as nvidia-smi lists them. */
export function checkGpu(): Check {
  const gpus = nvidiaGpus();
  if (gpus === null) {
    return { name: 'gpu', status: 'info', detail: 'no NVIDIA GPU found (nvidia-smi is not installed or finds no driver)' };
  }
  if (gpus.length === 0) {
    return { name: 'gpu', status: 'info', detail: 'nvidia-smi lists no GPU' };
  }
  return { name: 'gpu', status: 'ok', detail: `${describeGpus(gpus)}, driver ${gpus[0].driver}` };
}

/** What `--device auto` resolves to, and the ONNX superlet graph in use. */
export async function checkBackend(): Promise<Check> {
  const { backend, superlet: graph } = await openBackend({ device: 'auto' }, { threads: 1 });
  await graph?.close();
  const superlet = graph ? `the ONNX superlet graph (${graph.precision}, sha256 ${graph.graphSha256.slice(0, 12)}…)` : 'the TypeScript superlet on worker threads';
  return { name: 'backend', status: 'ok', detail: `--device auto → ${backend.provider.toUpperCase()}, ${superlet}${backend.notice ? ` (${backend.notice})` : ''}` };
}

/** The model folder: model.json valid, graphs match their sha256. */
export async function checkModel(modelDir: string): Promise<Check> {
  try {
    const spec = await loadModelSpec(modelDir);
    return { name: 'model', status: 'ok', detail: `${modelDir}: ${spec.name} (${spec.kind}), model.json sha256 ${spec.sha256}` };
  } catch (error) {
    return { name: 'model', status: 'fail', detail: error instanceof Error ? error.message : String(error), fix: 'pass --model DIR, or restore the folder from git (git checkout -- models/default)' };
  }
}

/** Debian's Chromium, which the browser tests drive. */
export function checkChromium(path = '/usr/bin/chromium'): Check {
  const version = existsSync(path) ? run(path, ['--version']) : null;
  if (version === null) {
    return { name: 'chromium', status: 'warn', detail: `${path} not found: the browser tests (test/e2e) cannot run`, fix: 'npm run setup:dev' };
  }
  return { name: 'chromium', status: 'ok', detail: `${version} at ${path} (browser tests)` };
}

/** The Python venv of the training toolkit and its tests. */
export function checkPython(): Check {
  const python = join(PACKAGE_ROOT, '.venv/bin/python');
  const versions = existsSync(python) ? run(python, ['-c', 'import torch, onnxruntime, sys; print(sys.version.split()[0], torch.__version__, onnxruntime.__version__)']) : null;
  if (versions === null) {
    return { name: 'python', status: 'warn', detail: '.venv with torch and onnxruntime not found: npm run test:py and training cannot run', fix: 'npm run setup:dev' };
  }
  const [py, torch, ortPy] = versions.split(' ');
  return { name: 'python', status: 'ok', detail: `.venv: Python ${py}, torch ${torch}, onnxruntime ${ortPy} (training toolkit and pytest)` };
}
