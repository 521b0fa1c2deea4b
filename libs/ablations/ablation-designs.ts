/**
 * How an ablation defined by steps makes its rows from its baseline and steps:
 * - `cumulative`: each row adds its step to the row before (the seed's table);
 * - `one-factor`: each row is the baseline plus that one step, so effects are isolated;
 * - `leave-one-out`: the first row has every step, each other row leaves one out.
 */
export const STEP_DESIGNS = ['cumulative', 'one-factor', 'leave-one-out'] as const;
export type StepDesign = (typeof STEP_DESIGNS)[number];

/**
 * Every design an ablation can have: the step designs, and `sweep`, one row per value of one
 * numeric config field on the baseline. In every design the first row is the reference the
 * others' differences are taken against.
 */
export const ABLATION_DESIGNS = [...STEP_DESIGNS, 'sweep'] as const;
export type AblationDesign = (typeof ABLATION_DESIGNS)[number];
