// Compact BPMN for tests and benchmarks: write the elements, let flows be generated.
import { importBpmn } from '../bpmn/import.js';
import { ZAIZAO_NS } from '../bpmn/zaizao-moddle.js';
import type { ModelSet } from '../model.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A sequence flow from `from` to `to`, with an optional condition (FEEL-like, see expression.ts). */
export function flow(from: string, to: string, condition?: string, id = `${from}-${to}`): string {
  if (!condition) return `<sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"/>`;
  return `<sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"><conditionExpression xsi:type="tFormalExpression">${esc(condition)}</conditionExpression></sequenceFlow>`;
}

/** Flows between consecutive ids. */
export function chain(...ids: string[]): string {
  return ids
    .slice(1)
    .map((id, i) => flow(ids[i], id))
    .join('');
}

export function processXml(id: string, body: string, attrs = ''): string {
  return `<process id="${id}" isExecutable="true"${attrs ? ` ${attrs}` : ''}>${body}</process>`;
}

/** A complete definitions document; `roots` are processes, messages, errors. */
export function definitions(...roots: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:zaizao="${ZAIZAO_NS}" id="defs" targetNamespace="http://zaizao.dev/test">${roots.join('')}</definitions>`;
}

/** Imports and insists the model is valid. */
export async function loadModels(xml: string): Promise<ModelSet> {
  const r = await importBpmn(xml);
  if (!r.models || r.validation.errors.length || r.validation.unsupported.length) {
    throw new Error(`model is not valid: ${JSON.stringify({ errors: r.validation.errors, unsupported: r.validation.unsupported })}`);
  }
  return r.models;
}
