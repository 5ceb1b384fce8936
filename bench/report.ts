// Benchmarks write their figures into docs/benchmarks.md, each in its own marked section,
// with the machine they ran on.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FILE = path.join(ROOT, 'docs', 'benchmarks.md');

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node.js ${process.version}`;
}

/** Replaces (or appends) the section `name` of docs/benchmarks.md. */
export function writeSection(name: string, markdown: string): void {
  const begin = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const stamp = `_Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine()}._`;
  const block = `${begin}\n${markdown.trim()}\n\n${stamp}\n${end}`;
  let doc = fs.existsSync(FILE) ? fs.readFileSync(FILE, 'utf8') : '# Benchmarks\n\nFigures written by `npm run bench` (each script in `bench/` owns one section).\n';
  const start = doc.indexOf(begin);
  const stop = doc.indexOf(end);
  if (start >= 0 && stop > start) doc = doc.slice(0, start) + block + doc.slice(stop + end.length);
  else doc = `${doc.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(FILE, doc);
}

export function fmtMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}
