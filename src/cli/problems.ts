// A file's problems as the CLI shows them: every one in a table on stdout (never only the
// first few), then the command fails with one line on stderr.
import fs from 'node:fs';
import { type ImportProblem, describeProblem, readCatalogueFile, type Catalogue } from '../catalogue/index.js';
import { printTable } from './context.js';
import { CliError } from './errors.js';

export function printProblems(problems: ImportProblem[], lang: 'zh' | 'en' = 'zh'): void {
  printTable(problems.map((p) => ({ sheet: p.sheet, row: p.row || '', column: p.column, value: p.value, reason: p.reason[lang] })));
}

/** Prints every problem and returns the error to throw: the count and the first one. */
export function problemsError(file: string, problems: ImportProblem[], lang: 'zh' | 'en' = 'en', what = 'nothing imported'): CliError {
  printProblems(problems, lang);
  return new CliError(`${file}: ${problems.length} problem(s)${what ? `, ${what}` : ''} (all listed above); first: ${describeProblem(problems[0], lang)}`);
}

/** A catalogue file (xlsx, JSON) the analyzer or a bundle reads; a missing or unreadable one fails the command with its problems. */
export async function readFileCatalogue(file: string, lang: 'zh' | 'en' = 'zh'): Promise<Catalogue> {
  let data: Buffer;
  try {
    data = await fs.promises.readFile(file);
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  const { catalogue, problems } = await readCatalogueFile(data, file);
  // the problems in the user's language (--lang, zh by default), as the import lists them
  if (!catalogue) throw problemsError(file, problems, lang, '');
  return catalogue;
}
