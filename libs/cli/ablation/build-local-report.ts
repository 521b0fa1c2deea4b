import { AblationReportService } from '@lenet-lab/ablations';
import { AblationRepository, createPrismaClient } from '@lenet-lab/db';
import { LocalStack } from '@lenet-lab/local-stack';
import type { ReportFormat } from '../api/api-types';
import { describeError, type CliError, InterruptedError } from '../cli-errors';
import type { CliIo } from '../cli-io';
import { abortable, onInterrupt } from './interrupts';
import { writeReportFiles } from './report-files';
import { ShutdownStack } from './shutdown-stack';

export interface LocalReportOptions {
  ablationId: string;
  formats: readonly ReportFormat[];
  /** Where `lenet-lab ablation` keeps its embedded cluster (used without DATABASE_URL). */
  dataDir: string;
  outDir: string;
  io: CliIo;
}

/**
 * An ablation's report straight from the database with AblationReportService, no API or
 * Redis: DATABASE_URL, else the embedded cluster of the data folder, started for the occasion
 * and stopped again. Returns the exit code.
 */
export async function buildLocalReport(options: LocalReportOptions): Promise<number> {
  const { io } = options;
  const shutdown = new ShutdownStack();
  const controller = new AbortController();
  const dispose = onInterrupt({
    first: (signal) => controller.abort(new InterruptedError(signal)),
    second: () => {
      shutdown.killAll();
      process.exit(130);
    },
  });
  try {
    const stack = new LocalStack({
      dataDir: options.dataDir,
      redis: false,
      log: (line) => io.err(`· ${line}`),
    });
    shutdown.push({ name: 'local database', close: () => stack.stop(), kill: () => stack.kill() });
    const { databaseUrl } = await abortable(stack.start(), controller.signal);
    const prisma = createPrismaClient(databaseUrl, { maxConnections: 2 });
    shutdown.push({ name: 'database connection', close: () => prisma.$disconnect() });
    const reports = new AblationReportService(new AblationRepository(prisma));
    const files = await abortable(
      writeReportFiles(
        options.outDir,
        (format) => reports.render(options.ablationId, format),
        options.formats,
      ),
      controller.signal,
    );
    for (const file of Object.values(files)) io.out(file);
    return 0;
  } catch (error) {
    if (controller.signal.aborted) return (controller.signal.reason as CliError).exitCode;
    io.err(`error: ${describeError(error)}`);
    return 1;
  } finally {
    await shutdown.closeAll((name, error) =>
      io.err(`could not stop ${name}: ${describeError(error)}`),
    );
    dispose();
  }
}
