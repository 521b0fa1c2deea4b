import type { ExperimentStatus } from '@lenet-lab/db';
import { ablationProgress } from '@lenet-lab/ablations/ablation-progress';
import type { CellExperiment } from '@lenet-lab/ablations/ablation-cells';

const twoByTwo = {
  presets: ['lenet5', 'lenet5-relu'],
  seeds: [1, 2],
  reportBuiltAt: null as Date | null,
  reportError: null as string | null,
};

let ids = 0;
function cell(
  ablationRow: string | null,
  seed: number,
  status: ExperimentStatus,
  createdAt = new Date('2026-01-01T00:00:00Z'),
): CellExperiment {
  return { id: `e${++ids}`, ablationRow, seed, status, createdAt };
}

/** Every cell of twoByTwo in `status`. */
const all = (status: ExperimentStatus) =>
  twoByTwo.presets.flatMap((preset) => twoByTwo.seeds.map((seed) => cell(preset, seed, status)));

describe('ablationProgress', () => {
  it('is queued while every cell is queued', () => {
    const progress = ablationProgress(twoByTwo, all('queued'));
    expect(progress.status).toBe('queued');
    expect(progress.cells).toEqual({ total: 4, finished: 0 });
    expect(progress.presets).toEqual([
      { preset: 'lenet5', total: 2, queued: 2, running: 0, completed: 0, failed: 0, cancelled: 0 },
      {
        preset: 'lenet5-relu',
        total: 2,
        queued: 2,
        running: 0,
        completed: 0,
        failed: 0,
        cancelled: 0,
      },
    ]);
  });

  it('is running once any cell has left the queue', () => {
    const cells = all('queued');
    cells[3] = cell('lenet5-relu', 2, 'completed');
    const progress = ablationProgress(twoByTwo, cells);
    expect(progress.status).toBe('running');
    expect(progress.cells).toEqual({ total: 4, finished: 1 });
  });

  it('counts a retrying cell as running', () => {
    const cells = all('queued');
    cells[0] = cell('lenet5', 1, 'retrying');
    cells[1] = cell('lenet5', 2, 'running');
    const progress = ablationProgress(twoByTwo, cells);
    expect(progress.status).toBe('running');
    expect(progress.presets[0]).toMatchObject({ running: 2, queued: 0 });
  });

  it('stays running once every cell finished but the report is not built yet', () => {
    const progress = ablationProgress(twoByTwo, all('completed'));
    expect(progress.status).toBe('running');
    expect(progress.cells).toEqual({ total: 4, finished: 4 });
  });

  it('is completed once every cell finished and the report is built', () => {
    const cells = all('completed');
    cells[2] = cell('lenet5-relu', 1, 'failed');
    cells[3] = cell('lenet5-relu', 2, 'cancelled');
    const progress = ablationProgress({ ...twoByTwo, reportBuiltAt: new Date() }, cells);
    expect(progress.status).toBe('completed');
    expect(progress.presets[1]).toMatchObject({ completed: 0, failed: 1, cancelled: 1 });
  });

  it('is failed when the report could not be built, even with cells still running', () => {
    const progress = ablationProgress({ ...twoByTwo, reportError: 'disk full' }, all('running'));
    expect(progress.status).toBe('failed');
  });

  it('is failed when every cell finished and none completed', () => {
    const cells = [...all('failed').slice(0, 3), cell('lenet5-relu', 2, 'cancelled')];
    expect(ablationProgress(twoByTwo, cells).status).toBe('failed');
  });

  it('counts a cell with no experiment as failed', () => {
    const cells = all('completed').slice(1); // lenet5 seed 1 has none
    const progress = ablationProgress({ ...twoByTwo, reportBuiltAt: new Date() }, cells);
    expect(progress.presets[0]).toMatchObject({ completed: 1, failed: 1 });
    expect(progress.cells).toEqual({ total: 4, finished: 4 });
    expect(progress.status).toBe('completed');
  });

  it('is failed when no cell has an experiment at all', () => {
    const progress = ablationProgress(twoByTwo, []);
    expect(progress.status).toBe('failed');
    expect(progress.cells).toEqual({ total: 4, finished: 4 });
  });

  it('counts only the latest experiment of a cell, whatever order they come in', () => {
    const older = new Date('2026-01-01T00:00:00Z');
    const newer = new Date('2026-01-02T00:00:00Z');
    const cells = [
      cell('lenet5', 1, 'queued', newer),
      cell('lenet5', 1, 'failed', older),
      cell('lenet5', 2, 'failed', older),
      cell('lenet5', 2, 'running', newer),
      cell('lenet5-relu', 1, 'queued'),
      cell('lenet5-relu', 2, 'queued'),
    ];
    const progress = ablationProgress(twoByTwo, cells);
    expect(progress.presets[0]).toMatchObject({ queued: 1, running: 1, failed: 0 });
    expect(progress.status).toBe('running');
  });

  it('ignores experiments outside the grid: no preset, or another preset or seed', () => {
    const cells = [
      ...all('queued'),
      cell(null, 1, 'running'),
      cell('other', 1, 'completed'),
      cell('lenet5', 99, 'completed'),
    ];
    const progress = ablationProgress(twoByTwo, cells);
    expect(progress.status).toBe('queued');
    expect(progress.cells).toEqual({ total: 4, finished: 0 });
  });
});
