import { modelSchema } from '@lenet-lab/config';
import { lenet5Cost } from '@lenet-lab/training/model-cost';
import type { PresetSummary } from '../ablation-report';
import type { ReportExperiment } from '../report-input';

/**
 * The parameters and multiply-adds of a row's network, from its first counted experiment's
 * config (a row's seeds differ only in their seed). A config stored before the model had
 * options reads as the seed's LeNet-5, which is what it trained.
 */
export function networkCost(
  counted: readonly ReportExperiment[],
): Pick<PresetSummary, 'parameters' | 'multiplyAddsPerImage'> {
  const config = counted[0]?.config as { model?: unknown } | undefined;
  const model = config ? modelSchema.safeParse(config.model ?? {}) : null;
  if (!model?.success) return { parameters: null, multiplyAddsPerImage: null };
  const cost = lenet5Cost(model.data);
  return { parameters: cost.parameters, multiplyAddsPerImage: cost.multiplyAdds };
}
