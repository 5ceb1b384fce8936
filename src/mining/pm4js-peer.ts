// pm4js (by the author of PM4Py) as the peer our results are checked against, in the same
// runtime. Only tests and the benchmark load it (it is a development dependency). It is a
// browser-style bundle: its CommonJS entry registers classes as globals.
import { createRequire } from 'node:module';
import type { PetriNet as OurPetriNet, Transition } from './conform/petri.js';
import { leaf, node, tau, type ProcessTree } from './discover/process-tree.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Pm4js = Record<string, any>;

let loaded: Pm4js | null = null;

/** Loads pm4js once and returns its global classes (XesImporter, FrequencyDfgDiscovery, ...). */
export function loadPm4js(): Pm4js {
  if (!loaded) {
    createRequire(import.meta.url)('pm4js');
    loaded = globalThis as unknown as Pm4js;
  }
  return loaded;
}

/** pm4js DFG as `from,to` → count. */
export function pm4jsDfgCounts(pm: Pm4js, log: any): Map<string, number> {
  const dfg = pm.FrequencyDfgDiscovery.apply(log, 'concept:name');
  return new Map(Object.entries(dfg.pathsFrequency as Record<string, number>));
}

/** pm4js variants as `a,b,c` → count. */
export function pm4jsVariants(pm: Pm4js, log: any): Map<string, number> {
  return new Map(Object.entries(pm.GeneralLogStatistics.getVariants(log, 'concept:name') as Record<string, number>));
}

const OPERATORS: Record<string, 'seq' | 'xor' | 'and' | 'loop'> = { sequence: 'seq', xor: 'xor', and: 'and', xorLoop: 'loop' };

/** A pm4js process tree in our representation. */
export function fromPm4jsTree(t: any): ProcessTree {
  if (t.operator == null) return t.label == null ? tau() : leaf(t.label);
  const op = OPERATORS[t.operator];
  if (!op) throw new Error(`pm4js operator ${t.operator} has no counterpart`);
  return node(op, t.children.map(fromPm4jsTree));
}

/** A pm4js accepting Petri net in our representation (same places, transitions and markings). */
export function fromPm4jsNet(apn: any): OurPetriNet {
  const placeKeys = Object.keys(apn.net.places);
  const index = new Map(placeKeys.map((k, i) => [k, i]));
  const transitions: Transition[] = Object.keys(apn.net.transitions).map((k) => {
    const t = apn.net.transitions[k];
    const pre: number[] = [];
    const post: number[] = [];
    for (const a of Object.values(t.inArcs) as any[]) for (let w = 0; w < a.weight; w++) pre.push(index.get(String(a.source))!);
    for (const a of Object.values(t.outArcs) as any[]) for (let w = 0; w < a.weight; w++) post.push(index.get(String(a.target))!);
    return { id: k, label: t.label ?? null, pre, post };
  });
  const marking = (m: any) => {
    const arr = new Int32Array(placeKeys.length);
    for (const [k, v] of Object.entries(m.tokens as Record<string, number>)) arr[index.get(k)!] = v;
    return arr;
  };
  return { places: placeKeys, transitions, initialMarking: marking(apn.im), finalMarking: marking(apn.fm) };
}
