// A bench child process: runs the one task given as JSON in argv[2] and prints its outcome as
// the last line of stdout (see run-child.ts). Logs and progress go to stderr.
import { runDirectJob } from './direct-job';
import { runEpochWrites } from './epoch-writes';
import { runLatency } from './latency';
import type { ChildOutcome, ChildTask } from './tasks';
import { runTrain } from './train';
import { runWebgpuHost } from './webgpu-host';

async function run(task: ChildTask): Promise<unknown> {
  switch (task.kind) {
    case 'train':
      return runTrain(task);
    case 'latency':
      return runLatency(task);
    case 'direct-job':
      return runDirectJob(task);
    case 'epoch-writes':
      return runEpochWrites(task);
    case 'webgpu-host':
      return runWebgpuHost(task);
  }
}

async function main(): Promise<void> {
  let outcome: ChildOutcome<unknown>;
  try {
    outcome = { ok: true, value: await run(JSON.parse(process.argv[2]) as ChildTask) };
  } catch (error) {
    outcome = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
  // Prisma's pool and tfjs's wasm module may keep the event loop alive; the answer is out.
  process.exit(0);
}

void main();
