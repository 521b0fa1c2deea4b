import { spawn } from 'node:child_process';
import path from 'node:path';
import type { BackendChoice } from '@lenet-lab/training';
import type { ChildOutcome, ChildTask, ResultOf } from './tasks';

const CHILD_ENTRY = path.join(__dirname, 'child-main.ts');

/**
 * Runs one task in a fresh `node --import tsx` process (one process, so a signal reaches it
 * directly) and reads its outcome from the last line of its stdout; its stderr is the bench's
 * progress. `env` is added to this process's environment (TRAIN_BACKEND, say).
 */
export function runChild<T extends ChildTask>(
  task: T,
  env: NodeJS.ProcessEnv = {},
): Promise<ChildOutcome<ResultOf<T>>> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD_ENTRY, JSON.stringify(task)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...env },
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', (error) => resolve({ ok: false, error: error.message }));
    child.on('close', (code, signal) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(last) as ChildOutcome<ResultOf<T>>);
      } catch {
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        resolve({ ok: false, error: `the ${task.kind} process ${how}: ${out.trim().slice(-500)}` });
      }
    });
  });
}

/**
 * The environment a child trains `backend` in. webgpu runs on whatever adapter there is, a
 * software one too: its device string says which, and a software adapter's numbers are
 * reported as such, never compared with a GPU's.
 */
export function backendEnv(backend: BackendChoice): NodeJS.ProcessEnv {
  return {
    TRAIN_BACKEND: backend,
    ...(backend === 'webgpu' ? { WEBGPU_ALLOW_SOFTWARE: '1' } : {}),
  };
}
