// Joining gateways: tokens arrived over each incoming flow are kept in the instance state under
// `scope|gateway` until the gateway goes on. The parallel join goes on when every incoming flow
// has a token; the inclusive join when tokens wait at it and no other token of its scope can
// still reach one of its incoming flows that has no token yet (the "OR-join" rule).
import type { FlowNode } from '../model.js';
import type { ElementContext } from '../processor.js';

export const joinKey = (scopeKey: string | null, gatewayId: string): string => `${scopeKey ?? ''}|${gatewayId}`;

/** Records a token arriving over `flowId`; returns the flows arrived so far. */
export function arriveAtJoin(ctx: ElementContext, gatewayId: string, scopeKey: string | null, flowId: string): string[] {
  const arrived = (ctx.state.joins[joinKey(scopeKey, gatewayId)] ??= []);
  arrived.push(flowId);
  return arrived;
}

/** Takes one token of each of `flows` from a join (the gateway goes on with them). */
export function consumeJoin(ctx: ElementContext, key: string, flows: string[]): void {
  const arrived = ctx.state.joins[key];
  for (const f of flows) {
    const i = arrived.indexOf(f);
    if (i >= 0) arrived.splice(i, 1);
  }
  if (arrived.length === 0) delete ctx.state.joins[key];
}

export function canFireInclusiveJoin(ctx: ElementContext, gateway: FlowNode, scopeKey: string | null, joinKey: string): boolean {
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
