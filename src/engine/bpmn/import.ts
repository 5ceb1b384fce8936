// BPMN 2.0 XML → the engine's model (../model.ts), with validation that names every problem
// and every unsupported element by id and type. Parsing uses bpmn-moddle (here); reading its
// warnings (import/warnings.ts), the definitions element by element (import/definitions.ts,
// with import/events.ts and import/activities.ts) and checking each process
// (import/checks.ts) are kept apart; all of them report to one ImportProblems.
import { BpmnModdle } from 'bpmn-moddle';
import { inputLimits, tooDeep, xmlTextDepth } from '../../shared/bounds.js';
import type { ModelSet, ValidationResult } from '../model.js';
import { zaizaoDescriptor } from './zaizao-moddle.js';
import type { EngineLimits } from '../bounds.js';
import { DefinitionsReader } from './import/definitions.js';
import type { El, ParsedBpmn } from './import/kinds.js';
import { ImportProblems, oneLine } from './import/problems.js';
import { ParserWarnings } from './import/warnings.js';

export { isActivity, type ParsedBpmn } from './import/kinds.js';

export class BpmnParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BpmnParseError';
  }
}

export function createModdle(): BpmnModdle {
  return new BpmnModdle({ zaizao: zaizaoDescriptor } as never);
}

export async function parseBpmnXml(xml: string): Promise<ParsedBpmn> {
  const moddle = createModdle();
  try {
    const result = (await moddle.fromXML(xml)) as unknown as { rootElement: El; warnings: ParsedBpmn['warnings'] };
    if (!result.rootElement || result.rootElement.$type !== 'bpmn:Definitions') throw new BpmnParseError('the document is not a BPMN definitions element');
    return { definitions: result.rootElement, warnings: result.warnings ?? [] };
  } catch (err) {
    if (err instanceof BpmnParseError) throw err;
    throw new BpmnParseError(oneLine((err as Error).message));
  }
}

export interface ImportResult {
  validation: ValidationResult;
  /** Present when the XML parsed (even with problems). */
  models: ModelSet | null;
  /** The document as bpmn-moddle read it, qualified references linked (for writing it back whole). */
  definitions?: unknown;
}

/** Parses and validates; never throws on bad input. */
export async function importBpmn(xml: string, limits: EngineLimits = {}): Promise<ImportResult> {
  let parsed: ParsedBpmn;
  // Elements nested thousands deep make the model builder and the engine's walks slow or
  // overflow the stack: refuse them before parsing.
  const { maxDepth } = inputLimits();
  if (xmlTextDepth(xml, maxDepth) < 0) {
    return { validation: { ok: false, executable: false, errors: [{ message: tooDeep(maxDepth, 'XML').en }], unsupported: [], warnings: [] }, models: null };
  }
  try {
    parsed = await parseBpmnXml(xml);
  } catch (err) {
    return {
      validation: { ok: false, executable: false, errors: [{ message: (err as Error).message }], unsupported: [], warnings: [] },
      models: null,
    };
  }
  const problems = new ImportProblems();
  let models: ModelSet;
  try {
    new ParserWarnings(xml, problems).read(parsed.warnings, parsed.definitions);
    models = new DefinitionsReader(problems, limits).read(parsed.definitions);
  } catch (err) {
    // A model shaped in a way this reader did not foresee: report it, never crash.
    problems.errors.push({ message: `cannot read the model: ${(err as Error).message}` });
    return { validation: { ok: false, executable: false, errors: problems.errors, unsupported: problems.unsupported, warnings: problems.warnings }, models: null };
  }
  const executable = models.processes.some((p) => p.executable);
  const validation: ValidationResult = {
    ok: problems.errors.length === 0 && problems.unsupported.length === 0,
    executable,
    errors: problems.errors,
    unsupported: problems.unsupported,
    warnings: problems.warnings,
  };
  return { validation, models, definitions: parsed.definitions };
}

/** Exit status of `zaizao bpmn validate`: 0 ok, 1 invalid XML/BPMN, 3 unsupported elements. */
export function validationExitCode(v: ValidationResult): 0 | 1 | 3 {
  if (v.errors.length > 0) return 1;
  if (v.unsupported.length > 0) return 3;
  return 0;
}
