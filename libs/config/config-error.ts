import type { z } from 'zod';
import { DomainError } from '@lenet-lab/errors';

/** Keys in a message are cut to this, so an error never echoes a whole hostile body. */
const MAX_KEY_SHOWN = 40;
/** And any message to this. */
const MAX_MESSAGE_SHOWN = 300;

export function shownKey(key: string): string {
  return key.length > MAX_KEY_SHOWN ? `${key.slice(0, MAX_KEY_SHOWN)}…` : key;
}

/**
 * zod's message, with the keys it quotes cut short: an unknown key is the client's own text,
 * and a 15 KB key must not come back (twice: message and details) in the answer.
 */
export function describeZodIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => `"${shownKey(key)}"`);
    return `unknown field${keys.length > 1 ? 's' : ''} ${keys.join(', ')}`;
  }
  return issue.message.length > MAX_MESSAGE_SHOWN
    ? `${issue.message.slice(0, MAX_MESSAGE_SHOWN)}…`
    : issue.message;
}

/** A config that does not validate; the message names every offending field. */
export class ConfigValidationError extends DomainError {
  readonly code = 'INVALID_CONFIG';
  constructor(readonly issues: { path: string; message: string }[]) {
    super(issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '));
    this.name = 'ConfigValidationError';
  }

  override get details() {
    return this.issues;
  }

  static fromZod(error: z.ZodError, prefix = ''): ConfigValidationError {
    return new ConfigValidationError(
      error.issues.map((issue) => ({
        path: [prefix, ...issue.path.map((key) => shownKey(String(key)))].filter(Boolean).join('.'),
        message: describeZodIssue(issue),
      })),
    );
  }
}
