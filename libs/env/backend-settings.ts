import { z } from 'zod';

/**
 * The training backends, fastest first: the order in which a worker tries them when
 * TRAIN_BACKEND does not name one. Declared here, beside the variable that names them, so the
 * environment's schema and the trainer share one list.
 */
export const BACKEND_CHOICES = ['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

const FLAG_VALUES: Record<string, boolean> = { '1': true, true: true, '0': false, false: false };

const flag = z
  .string()
  .trim()
  .toLowerCase()
  .refine((value) => value in FLAG_VALUES, { message: 'must be 1, 0, true or false' })
  .transform((value) => FLAG_VALUES[value])
  .optional()
  .transform((value) => value ?? false);

/** The variables that choose and configure the training backend. */
export const backendSettingsShape = {
  /** Forces one backend; unset: the fastest that starts (a GPU only if it is a real one). */
  TRAIN_BACKEND: z
    .enum(BACKEND_CHOICES, {
      error: (issue) =>
        `="${String(issue.input)}" is not a backend; use one of ${BACKEND_CHOICES.join(', ')}`,
    })
    .optional(),
  /**
   * 1: webgpu may run on a software adapter (SwiftShader, lavapipe), which is slow and meant
   * for tests and CI; without it only a hardware GPU is used.
   */
  WEBGPU_ALLOW_SOFTWARE: flag,
  /**
   * Pins webgpu to one adapter: its index in the adapter list (0, 1, …) or part of its name
   * (e.g. "H100"). Unset: the first high-performance adapter.
   */
  WEBGPU_ADAPTER: z.string().trim().min(1).optional(),
};

export const backendSettingsSchema = z.object(backendSettingsShape);
export type BackendSettings = z.output<typeof backendSettingsSchema>;
