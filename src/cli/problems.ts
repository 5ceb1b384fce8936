// A file's problems as the CLI shows them: every one in a table on stdout (never only the
// first few), then the command fails with one line on stderr.
import type { ImportProblem } from '../catalog/files/index.js';
import { describeProblem } from '../catalog/files/index.js';
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
