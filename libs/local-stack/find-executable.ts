import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** The first `name` on PATH that may be executed, like `command -v`; undefined if none. */
export function findExecutable(name: string, envPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of envPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return undefined;
}
