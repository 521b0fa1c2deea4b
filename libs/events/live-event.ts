/** What happens to an experiment while it is watched: the contract's event schemas. */
export type { LiveEvent, LiveEventType } from '@lenet-lab/contract';

/** Where an experiment's events go: its own stream, and its ablation's when it is a cell. */
export interface EventTarget {
  experimentId: string;
  ablationId: string | null;
}
