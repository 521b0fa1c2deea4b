import { resolveConfig } from '@lenet-lab/config';
import type { ReportExperiment } from '@lenet-lab/report';
import { networkCost } from '@lenet-lab/report/aggregation/network-cost';
import { formatCompact } from '@lenet-lab/report/render/format';

const experiment = (config: unknown) => ({ config }) as ReportExperiment;

describe("A report row's network cost", () => {
  it("prices the seed's LeNet-5 and a wider one from their configs", () => {
    expect(networkCost([experiment(resolveConfig({}))])).toEqual({
      parameters: 44_426,
      multiplyAddsPerImage: 281_640,
    });
    const wide = resolveConfig({
      overrides: { model: { width: { conv1: 12, conv2: 32, fc1: 240, fc2: 168 } } },
    });
    expect(networkCost([experiment(wide)]).multiplyAddsPerImage).toBe(952_080);
  });

  it('reads a config stored before the model had options as the seed’s network', () => {
    expect(networkCost([experiment({ model: { batchNorm: true } })])).toEqual({
      parameters: 44_426 + 44,
      multiplyAddsPerImage: 281_640,
    });
  });

  it('has no numbers for a row without a counted seed, or an unreadable config', () => {
    const none = { parameters: null, multiplyAddsPerImage: null };
    expect(networkCost([])).toEqual(none);
    expect(networkCost([experiment({ model: { width: { conv1: -1 } } })])).toEqual(none);
  });

  it('shows sizes short enough for a narrow column', () => {
    expect([950, 44_426, 281_640, 999_600, 1_234_567].map(formatCompact)).toEqual([
      '950',
      '44k',
      '282k',
      '1M',
      '1.2M',
    ]);
  });
});
