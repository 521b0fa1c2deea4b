import { spawn, type SpawnOptions } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isAlive, signalGroup } from './process-identity';

export interface ManagedProcessOptions {
  /** A short name for messages, e.g. "postgres". */
  name: string;
  command: string;
  args: string[];
  /** stdout and stderr are appended here; the file is truncated first. */
  logFile: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  uid?: number;
  gid?: number;
  /** Written to the child's stdin, which is then closed (e.g. redis-server's config). */
  stdin?: string;
}

export interface StopOptions {
  /** The polite signal. Default: SIGTERM. */
  signal?: NodeJS.Signals;
  /** How long the process may take to exit before its whole group is killed. Default: 10 s. */
  timeoutMs?: number;
}

/**
 * A child in a process group of its own: a Ctrl-C in the terminal reaches only the CLI, which
 * then stops its children in order (workers before the databases they write to). Its output
 * goes to a log file so that it never breaks the progress display.
 */
export class ManagedProcess {
  readonly pid: number;
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exited: Promise<void>;

  private constructor(
    readonly name: string,
    readonly logFile: string,
    private readonly child: ReturnType<typeof spawn>,
  ) {
    if (child.pid === undefined) throw new Error(`${name} could not be spawned`);
    this.pid = child.pid;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        resolve();
      });
    });
  }

  static async start(options: ManagedProcessOptions): Promise<ManagedProcess> {
    mkdirSync(path.dirname(options.logFile), { recursive: true });
    const log = openSync(options.logFile, 'w');
    try {
      const spawnOptions: SpawnOptions = {
        cwd: options.cwd,
        env: options.env ?? process.env,
        detached: true,
        stdio: [options.stdin === undefined ? 'ignore' : 'pipe', log, log],
        uid: options.uid,
        gid: options.gid,
      };
      const child = spawn(options.command, options.args, spawnOptions);
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', reject);
      });
      if (options.stdin !== undefined) child.stdin?.end(options.stdin);
      return new ManagedProcess(options.name, options.logFile, child);
    } finally {
      // The child holds its own copy of the descriptor.
      closeSync(log);
    }
  }

  get hasExited(): boolean {
    return this.exitInfo !== undefined;
  }

  /** "exited with code 1" / "was killed by SIGKILL", for error messages. */
  describeExit(): string {
    if (!this.exitInfo) return 'is running';
    return this.exitInfo.signal
      ? `was killed by ${this.exitInfo.signal}`
      : `exited with code ${this.exitInfo.code}`;
  }

  get exitCode(): number | null | undefined {
    return this.exitInfo?.code;
  }

  waitForExit(): Promise<void> {
    return this.exited;
  }

  /** The last lines of the log, for error messages. */
  logTail(lines = 15): string {
    try {
      return readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }

  /** Signals the process, waits for it, and kills its whole group if it takes too long. */
  async stop({ signal = 'SIGTERM', timeoutMs = 10_000 }: StopOptions = {}): Promise<void> {
    if (this.hasExited) {
      this.killStragglers();
      return;
    }
    try {
      process.kill(this.pid, signal);
    } catch {
      // Exited between the check and the signal.
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), timeoutMs);
    });
    const late = await Promise.race([this.exited.then(() => false), timedOut]);
    clearTimeout(timer);
    if (late) {
      signalGroup(this.pid, 'SIGKILL');
      await this.exited;
    }
    this.killStragglers();
  }

  /** Kills the group at once: the second Ctrl-C, or a failure while stopping politely. */
  kill(): void {
    signalGroup(this.pid, 'SIGKILL');
  }

  /** Grandchildren left in the group after the leader exited (none, for well-behaved servers). */
  private killStragglers(): void {
    if (isAlive(-this.pid)) signalGroup(this.pid, 'SIGKILL');
  }
}
