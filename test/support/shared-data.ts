// Files from outside the project (BPMN MIWG models, public event logs), read in place.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Absolute path of a file under ../shared/data (relative to the project root). */
export function sharedData(...parts: string[]): string {
  return path.resolve(ROOT, '..', 'shared', 'data', ...parts);
}

export function sharedDataExists(...parts: string[]): boolean {
  return fs.existsSync(sharedData(...parts));
}
