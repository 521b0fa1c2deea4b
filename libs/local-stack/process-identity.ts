import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Whether a process with this pid exists (and may be signalled by us). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A process's command line, or undefined when it is gone or cannot be read. */
export function commandLineOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    // No /proc (macOS): ask ps.
  }
  try {
    return execFileSync('ps', ['-o', 'command=', '-p', String(pid)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

/**
 * Whether `pid` is still the process we started: pids are reused, so a leftover pid is only
 * signalled when its command line still contains what we ran.
 */
export function isProcessRunning(pid: number, commandMarker: string): boolean {
  if (!isAlive(pid)) return false;
  return commandLineOf(pid)?.includes(commandMarker) ?? false;
}

/** Sends `signal` to the process group a detached child leads, falling back to the pid alone. */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}
