// The CLI as a user runs it: `node bin/lenet-lab …` in a process of its own, with its output
// captured (not a terminal, so progress comes as plain lines).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(REPO_ROOT, 'bin', 'lenet-lab');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<CliResult>;
}

/** The environment of the test process minus what would point the CLI elsewhere. */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of [
    'DATABASE_URL',
    'REDIS_URL',
    'QUEUE_PREFIX',
    'LENET_LAB_API_URL',
    'LENET_LAB_API_KEY',
    'LENET_LAB_DATA_DIR',
    'API_KEYS',
    'PORT',
  ]) {
    delete env[name];
  }
  return { ...env, ...extra };
}

export function startCli(args: string[], env: NodeJS.ProcessEnv): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<CliResult>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Runs the CLI to its end; a run past `timeoutMs` is killed and fails the test. */
export async function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): Promise<CliResult> {
  const running = startCli(args, env);
  const timer = setTimeout(() => running.child.kill('SIGKILL'), timeoutMs);
  try {
    const result = await running.exited;
    if (result.signal === 'SIGKILL') {
      throw new Error(`lenet-lab ${args.join(' ')} timed out:\n${result.stdout}\n${result.stderr}`);
    }
    return result;
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until the CLI's stdout matches `pattern`; returns the match. */
export async function waitForOutput(
  running: RunningCli,
  pattern: RegExp,
  timeoutMs = 60_000,
): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = running.stdout().match(pattern);
    if (match) return match;
    if (Date.now() > deadline || running.child.exitCode !== null) {
      throw new Error(`no ${pattern} in the output:\n${running.stdout()}\n${running.stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
