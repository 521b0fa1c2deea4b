/**
 * The models a worker keeps for an experiment: `final`, the network after the last epoch, and,
 * when early stopping restored earlier weights, `best`, the restored one. In a file of its own,
 * free of Prisma, so that the HTTP contract's constants (which the CLI loads) can import it.
 */
export const MODEL_VARIANTS = ['final', 'best'] as const;
export type ModelVariant = (typeof MODEL_VARIANTS)[number];
