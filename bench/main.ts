/**
 * `npm run bench -- [options]`: training throughput per backend, the seed's PyTorch code on
 * one thread, prediction latency, orchestration overhead through the real system, and a
 * four-preset ablation with 1 and 2 workers, in one run; a summary on stdout at the end,
 * progress on stderr as it goes. `--help` lists the options; docs/performance.md the results.
 */
import { writeFile } from 'node:fs/promises';
import { formatSummary } from './format/summary';
import { BenchUsageError, parseBenchOptions, USAGE } from './options';
import { progress } from './progress';
import { runSections } from './run-sections';
import { closeRunningSystems } from './system/bench-system';

const INTERRUPT_EXIT_CODE = 130;

// Workers run in process groups of their own (libs/local-stack ManagedProcess), so a Ctrl-C
// in the terminal does not reach them: stop them here before leaving.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    progress(`${signal}: stopping the workers and the API`);
    void closeRunningSystems().finally(() => process.exit(INTERRUPT_EXIT_CODE));
  });
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = parseBenchOptions(argv, process.env);
  if (!options) {
    console.log(USAGE);
    return;
  }
  const command = `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`;
  progress(`${command}: ${options.sections.join(', ')}`);
  const report = await runSections(options, command);
  console.log(`\n${formatSummary(report)}`);
  if (options.jsonFile) {
    await writeFile(options.jsonFile, `${JSON.stringify(report, null, 2)}\n`);
    progress(`numbers saved to ${options.jsonFile}`);
  }
}

main().catch((error) => {
  console.error(error instanceof BenchUsageError ? `bench: ${error.message}` : error);
  process.exitCode = error instanceof BenchUsageError ? 2 : 1;
});
