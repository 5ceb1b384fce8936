// What an import found wrong, each problem naming its element by id and type: errors (the
// document is not a valid model), unsupported elements (valid BPMN the engine does not run),
// warnings. Every reader of the import reports here.
import { checkExpression, ExpressionError } from '../../expression.js';
import type { UnsupportedElement, ValidationProblem } from '../../model.js';
import type { El } from './kinds.js';

/** Reports what keeps an element from running here: unsupported in a process that is to run, a warning in one that is not. */
export type Check = (el: El, reason: string, hint?: string) => void;

export const oneLine = (s: string) => s.replace(/\s*\n\s*/g, '; ');

export class ImportProblems {
  errors: ValidationProblem[] = [];
  unsupported: UnsupportedElement[] = [];
  warnings: string[] = [];
  /** Flows whose condition is in an unsupported language or syntax (already reported). */
  readonly unsupportedConditions = new Set<string>();

  unsupportedEl(el: El, reason: string, hint?: string): void {
    this.unsupported.push({ id: el.id ?? '', type: el.$type, reason, ...(hint ? { hint } : {}) });
  }

  error(el: El | undefined, message: string): void {
    this.errors.push({ id: el?.id, type: el?.$type, message });
  }

  /** Reports an expression the evaluator cannot parse as unsupported; returns whether it parses. */
  expressionOk(el: El, text: string): boolean {
    try {
      checkExpression(text);
      return true;
    } catch (err) {
      this.unsupported.push({
        id: el.id,
        type: el.$type === 'bpmn:SequenceFlow' ? 'bpmn:FormalExpression' : el.$type,
        reason: err instanceof ExpressionError ? err.message : String(err),
        hint: 'write it in the engine\'s expression language (see docs/engine.md), e.g. "= serviceLevel = \"Premium\""',
      });
      return false;
    }
  }
}
