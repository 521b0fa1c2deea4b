import type { AblationRepository } from '@lenet-lab/db';
import { NotFoundError } from '@lenet-lab/errors';
import { datasetOfConfig, readTestImages } from '@lenet-lab/mnist';
import {
  buildAblationReport,
  renderReport,
  renderReportSections,
  type ReportFormat,
} from '@lenet-lab/report';
import { packageVersions } from './package-versions';
import { toReportInput } from './report-input';

/** Builds an ablation's report from the database: on demand (any time) or as its final record. */
export class AblationReportService {
  constructor(private readonly ablations: AblationRepository) {}

  private async input(ablationId: string) {
    const ablation = await this.ablations.findForReport(ablationId);
    if (!ablation) throw new NotFoundError('ablation', ablationId);
    // The gallery shows each cell's mistakes from the test set of the dataset it trained on.
    const testImage = await readTestImages(
      ablation.experiments.map((experiment) => datasetOfConfig(experiment.config)),
    );
    return toReportInput(ablation, {
      testImage,
      environment: { packageVersions: packageVersions(), generatedAt: new Date().toISOString() },
    });
  }

  async render(ablationId: string, format: ReportFormat): Promise<string> {
    return renderReport(await this.input(ablationId), format);
  }

  /** The HTML report's sections, for the ablation's live page. */
  async renderSections(ablationId: string): Promise<string> {
    return renderReportSections(await this.input(ablationId));
  }

  /** The report job's work: the final report, stored with the ablation. */
  async buildAndStore(ablationId: string): Promise<void> {
    const report = buildAblationReport(await this.input(ablationId));
    await this.ablations.recordReport(ablationId, JSON.parse(JSON.stringify(report)));
  }
}
