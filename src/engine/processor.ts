// The lifecycle every element processor implements (after Zeebe's BpmnElementProcessor).
// A processor reacts to its element being activated, triggered (task completed, timer
// fired, message correlated, called process ended) and terminated; completing and leaving
// go through the context, which takes the outgoing flows and tracks scopes.
import type { FlowNode } from './model.js';
import type { ElementInstance } from './state.js';
import type { Context } from './core.js';

export type Trigger =
  | { kind: 'task'; variables: Record<string, unknown> }
  | { kind: 'job'; variables: Record<string, unknown> }
  | { kind: 'timer'; target: string }
  | { kind: 'message'; target: string; variables: Record<string, unknown> }
  | { kind: 'child'; variables: Record<string, unknown> }
  | { kind: 'condition'; target: string };

export interface ElementProcessor {
  onActivate(ctx: Context, ei: ElementInstance, node: FlowNode): void;
  onTrigger?(ctx: Context, ei: ElementInstance, node: FlowNode, trigger: Trigger): void;
  onTerminate?(ctx: Context, ei: ElementInstance, node: FlowNode): void;
}
