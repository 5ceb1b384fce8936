// Rule messages are data (`meta.messages`): zh/en templates whose `{{name}}` placeholders are
// filled from a finding's data. Templates are split once and reused: a county catalogue
// gives tens of thousands of findings.
import type { Finding, MessageData, Text } from './model.js';

const compiled = new Map<string, string[]>();

/** Literal text at even positions, placeholder names at odd ones. */
function parts(template: string): string[] {
  let p = compiled.get(template);
  if (!p) compiled.set(template, (p = template.split(/\{\{\s*(\w+)\s*\}\}/)));
  return p;
}

function fill(template: string, data: MessageData | undefined, lang: 'zh' | 'en'): string {
  const p = parts(template);
  if (p.length === 1) return template;
  let out = p[0];
  for (let i = 1; i < p.length; i += 2) {
    const value = data?.[p[i]];
    // An unknown placeholder stays as written, as in ESLint: the rule tester refuses it.
    out += (value === undefined ? `{{${p[i]}}}` : typeof value === 'object' ? value[lang] : String(value)) + p[i + 1];
  }
  return out;
}

/** A template filled in, in both languages. */
export function fillMessage(template: Text, data?: MessageData): Text {
  return { zh: fill(template.zh, data, 'zh'), en: fill(template.en, data, 'en') };
}

// The message id stays beside the finding, not in it: a finding's JSON (HTTP, CLI, stored
// findings) is unchanged, and tests can still match the id rather than the prose.
const ids = new WeakMap<Finding, string>();

export function recordMessageId(finding: Finding, messageId: string): void {
  ids.set(finding, messageId);
}

/** The id in `meta.messages` a finding's message came from (findings built by a rule's `report`). */
export function messageIdOf(finding: Finding): string | undefined {
  return ids.get(finding);
}
