import { mkdirSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import path from 'node:path';
import { LocalStackBusyError } from './local-stack-errors';
import { isAlive, isProcessRunning, signalGroup } from './process-identity';
import { waitUntil } from './wait-until';

/** A process a run started, with the text its command line must contain to still be it. */
export interface RecordedProcess {
  name: string;
  pid: number;
  commandMarker: string;
}

interface LockFile {
  pid: number;
  /** The owner's script path, to tell it from an unrelated process that reuses its pid. */
  ownerMarker: string;
  startedAt: string;
  processes: RecordedProcess[];
}

const LEFTOVER_EXIT_TIMEOUT_MS = 15_000;

/**
 * One run at a time owns a data folder's local services. The lock file names the owning CLI
 * and every process it started, so that after a crash (or a kill -9 of the CLI) the next run
 * can stop what was left behind instead of failing on a busy data directory or port.
 */
export class RunLock {
  private processes: RecordedProcess[] = [];

  private constructor(private readonly file: string) {}

  /**
   * Takes the lock in `dataDir`, first stopping the leftovers of a dead owner. Throws
   * LocalStackBusyError when a live run holds it.
   */
  static async acquire(dataDir: string, log: (line: string) => void): Promise<RunLock> {
    mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, 'run.lock');
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        closeSync(openSync(file, 'wx'));
        const lock = new RunLock(file);
        lock.write();
        return lock;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const held = readLock(file);
      if (held && held.pid !== process.pid && isOwnerRunning(held)) {
        throw new LocalStackBusyError(dataDir, held.pid, file);
      }
      if (held) await stopLeftovers(held.processes, log);
      rmSync(file, { force: true });
    }
    throw new Error(`could not take the lock ${file}`);
  }

  record(process: RecordedProcess): void {
    this.processes.push(process);
    this.write();
  }

  forget(pid: number): void {
    this.processes = this.processes.filter((p) => p.pid !== pid);
    this.write();
  }

  release(): void {
    rmSync(this.file, { force: true });
  }

  private write(): void {
    const content: LockFile = {
      pid: process.pid,
      ownerMarker: ownerMarker(process.argv[1]),
      startedAt: new Date().toISOString(),
      processes: this.processes,
    };
    writeFileSync(this.file, JSON.stringify(content, null, 2));
  }
}

/**
 * The end of the CLI's script path ("bin/lenet-lab", "cli/main.ts"): the owner's command line
 * may name the script relatively, absolutely or through node_modules/.bin.
 */
export function ownerMarker(script: string | undefined): string {
  if (!script) return 'node';
  return path.join(path.basename(path.dirname(script)), path.basename(script));
}

/**
 * Whether the lock's owner still runs. A live node process with the owner's pid counts too:
 * wrongly calling a run busy costs a message, wrongly calling it dead would stop its services.
 */
function isOwnerRunning(held: LockFile): boolean {
  return isProcessRunning(held.pid, held.ownerMarker) || isProcessRunning(held.pid, 'node');
}

function readLock(file: string): LockFile | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockFile;
  } catch {
    return undefined;
  }
}

async function stopLeftovers(processes: RecordedProcess[], log: (line: string) => void) {
  const running = processes.filter((p) => isProcessRunning(p.pid, p.commandMarker));
  for (const leftover of running) {
    log(`stopping ${leftover.name} (pid ${leftover.pid}) left running by an earlier run`);
    // SIGINT is PostgreSQL's fast shutdown; Redis and the workers treat it like SIGTERM.
    signalGroup(leftover.pid, 'SIGINT');
  }
  for (const leftover of running) {
    try {
      await waitUntil(() => !isAlive(leftover.pid), {
        what: `${leftover.name} (pid ${leftover.pid}) to exit`,
        timeoutMs: LEFTOVER_EXIT_TIMEOUT_MS,
      });
    } catch {
      signalGroup(leftover.pid, 'SIGKILL');
    }
  }
}
