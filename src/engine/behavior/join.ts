// The inclusive join: it fires when tokens wait at it and no other token of its scope can
// still reach one of its incoming flows that has no token yet (the "OR-join" rule).
import type { FlowNode } from '../model.js';
import type { Context } from '../core.js';

export function canFireInclusiveJoin(ctx: Context, gateway: FlowNode, scopeKey: string | null, joinKey: string): boolean {
  const arrived = ctx.state.joins[joinKey];
  if (!arrived || arrived.length === 0) return false;
  if (gateway.incoming.every((f) => arrived.includes(f))) return true;
  const upstream = new Set(ctx.model.reachableFrom[gateway.id] ?? []);
  for (const e of Object.values(ctx.state.elements)) {
    if (e.scopeKey === scopeKey && upstream.has(e.elementId)) return false;
  }
  // Tokens waiting at another join upstream of this one will come later.
  const prefix = `${scopeKey ?? ''}|`;
  for (const [k, flows] of Object.entries(ctx.state.joins)) {
    if (k === joinKey || !k.startsWith(prefix) || flows.length === 0) continue;
    if (upstream.has(k.slice(prefix.length))) return false;
  }
  return true;
}
