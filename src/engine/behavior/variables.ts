// Process variables: plain JSON values. Names that could reach an object's prototype are
// refused, so variables set from form data can never alter the engine's objects.
import { InvalidInputError } from '../errors.js';

const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

export function lookupIn(vars: Record<string, unknown>, name: string): unknown {
  return Object.prototype.hasOwnProperty.call(vars, name) ? vars[name] : undefined;
}

export function checkVariables(values: Record<string, unknown>): void {
  if (values === null || typeof values !== 'object' || Array.isArray(values)) throw new InvalidInputError('variables must be an object');
  for (const name of Object.keys(values)) {
    if (FORBIDDEN.has(name) || name === '') throw new InvalidInputError(`"${name}" is not allowed as a variable name`);
  }
}

/** Copies JSON-safe values into the target (undefined values remove the variable). */
export function setVariables(target: Record<string, unknown>, values: Record<string, unknown>): void {
  checkVariables(values);
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete target[name];
    else target[name] = jsonValue(value);
  }
}

function jsonValue(v: unknown): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (v instanceof Date) return v.toISOString();
  return JSON.parse(JSON.stringify(v));
}
