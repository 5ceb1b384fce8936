// The refusal every event-log import (XES, CSV) makes: a leaf module, so the readers and the
// import's entry points all name it without importing each other.
import { DomainError } from '../../shared/errors.js';

const where = (problem: string, line?: number, column?: number) => (line !== undefined ? `${problem} (line ${line}, column ${column})` : problem);

/** An event log that cannot be read: 422 `log_unreadable`, with the line and column when the reader knows them. */
export class LogImportError extends DomainError {
  /** What is wrong and where, in the reader's words (the CLI prints it after the file name). */
  readonly problem: string;
  constructor(
    problem: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(
      422,
      'log_unreadable',
      { zh: `事件日志无法读取：${where(problem, line, column)}`, en: `the event log cannot be read: ${where(problem, line, column)}` },
      { line, column },
    );
    this.problem = where(problem, line, column);
  }
}
