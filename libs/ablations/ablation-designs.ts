/**
 * How an ablation's rows are made from its baseline and steps:
 * - `cumulative`: each row adds its step to the row before (the seed's table);
 * - `one-factor`: each row is the baseline plus that one step, so effects are isolated;
 * - `leave-one-out`: the first row has every step, each other row leaves one out.
 * In every design the first row is the reference the others' differences are taken against.
 */
export const ABLATION_DESIGNS = ['cumulative', 'one-factor', 'leave-one-out'] as const;
export type AblationDesign = (typeof ABLATION_DESIGNS)[number];
