import { planOrphanRepairs, planReportRepairs } from '@lenet-lab/worker/orphan-repair';

const now = new Date('2026-11-28T00:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

describe('planOrphanRepairs', () => {
  const experiments = [
    { id: 'queued-no-job', status: 'queued' as const, lastActivity: minutesAgo(0) },
    { id: 'queued-with-job', status: 'queued' as const, lastActivity: minutesAgo(30) },
    { id: 'retrying-no-job', status: 'retrying' as const, lastActivity: minutesAgo(0) },
    { id: 'running-no-job-fresh', status: 'running' as const, lastActivity: minutesAgo(2) },
    { id: 'running-no-job-stale', status: 'running' as const, lastActivity: minutesAgo(11) },
    { id: 'running-with-job-stale', status: 'running' as const, lastActivity: minutesAgo(60) },
  ];
  const hasJob = (id: string) => id.includes('with-job');

  it('requeues queued and retrying experiments with no job at once', () => {
    const { requeue } = planOrphanRepairs(experiments, hasJob, now, 10 * 60_000);
    expect(requeue).toEqual(expect.arrayContaining(['queued-no-job', 'retrying-no-job']));
  });

  it('requeues a running one only after it has shown no sign of life for the stale period', () => {
    const { requeue } = planOrphanRepairs(experiments, hasJob, now, 10 * 60_000);
    expect(requeue).toContain('running-no-job-stale');
    expect(requeue).not.toContain('running-no-job-fresh');
  });

  it('leaves every experiment that still has a job alone', () => {
    const { requeue } = planOrphanRepairs(experiments, hasJob, now, 10 * 60_000);
    expect(requeue.filter((id) => id.includes('with-job'))).toEqual([]);
  });
});

describe('planReportRepairs', () => {
  it('queues a report only for finished ablations with no runnable report job', () => {
    const ablations = [
      { id: 'finished-no-job', needsReport: true },
      { id: 'finished-with-job', needsReport: true },
      { id: 'unfinished', needsReport: false },
    ];
    expect(planReportRepairs(ablations, (id) => id === 'finished-with-job')).toEqual([
      'finished-no-job',
    ]);
  });
});
