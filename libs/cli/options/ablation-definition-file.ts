import { readFile } from 'node:fs/promises';
import type { SubmitAblationRequest } from '../api/api-types';
import { CliError } from '../cli-errors';

/**
 * An ablation defined in a file (`--definition FILE`): the body POST /api/ablations takes, as
 * JSON or YAML (YAML reads JSON too). Only its shape as an object is checked here; the API
 * validates every field and names what it refuses.
 */
export async function readAblationDefinition(file: string): Promise<SubmitAblationRequest> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read the ablation definition: ${(error as Error).message}`);
  }
  // Loaded here: only this option needs a YAML parser.
  const { parse } = await import('yaml');
  let definition: unknown;
  try {
    definition = parse(text);
  } catch (error) {
    throw new CliError(`${file} is neither JSON nor YAML: ${(error as Error).message}`);
  }
  if (typeof definition !== 'object' || definition === null || Array.isArray(definition)) {
    throw new CliError(
      `${file} must hold one object, e.g. {"design": "one-factor", "steps": [{"name": …, "config": {…}}]}`,
    );
  }
  return definition as SubmitAblationRequest;
}
