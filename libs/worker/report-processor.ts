import { UnrecoverableError, type Job } from 'bullmq';
import type { AblationReportService } from '@lenet-lab/ablations';
import type { AblationRepository } from '@lenet-lab/db';
import type { Logger } from '@lenet-lab/logger';
import type { LiveEventPublisher } from '@lenet-lab/events';
import { payloadProblem, reportJobDataSchema, type ReportJobData } from '@lenet-lab/queue';

/** Builds an ablation's final report once all its training jobs have finished (or failed). */
export function createReportProcessor(deps: {
  reports: AblationReportService;
  ablations: AblationRepository;
  logger: Logger;
  /** Where watchers of the ablation hear that its report is built; none when not given. */
  events?: LiveEventPublisher;
}) {
  return async (job: Job<ReportJobData>): Promise<void> => {
    const problem = payloadProblem(reportJobDataSchema, job.data);
    if (problem) throw new UnrecoverableError(`job ${job.id} is not a report job (${problem})`);
    const { ablationId } = job.data;
    try {
      await deps.reports.buildAndStore(ablationId);
      deps.logger.info({ ablationId }, 'ablation report built');
      await deps.events?.publishReport(ablationId, true, null);
    } catch (error) {
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        await deps.ablations.recordReportError(ablationId, (error as Error).message);
        await deps.events?.publishReport(ablationId, false, (error as Error).message);
      }
      throw error;
    }
  };
}
