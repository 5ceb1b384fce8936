import fs from 'node:fs';
import path from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import { describe, expect, it } from 'vitest';
import { sharedData, sharedDataExists } from '../../../test/support/shared-data.js';
import { exportDocument } from './export.js';
import { importBpmn, validationExitCode } from './import.js';

const MIWG = sharedData('bpmn', 'miwg');
const files = sharedDataExists('bpmn', 'miwg')
  ? fs
      .readdirSync(MIWG)
      .filter((f) => f.endsWith('.bpmn'))
      .sort()
  : [];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type El = any;

/**
 * What a document says, as plain bpmn-moddle reads it: every element with its type, its
 * attributes and what it refers to; every shape's bounds and every edge's waypoints.
 */
async function digest(xml: string): Promise<{ elements: string[]; diagram: string[] }> {
  const { rootElement } = (await new BpmnModdle().fromXML(xml)) as unknown as { rootElement: El };
  const elements: string[] = [];
  const diagram: string[] = [];
  const seen = new Set<El>();
  const walk = (el: El, where: string) => {
    if (!el || seen.has(el)) return;
    seen.add(el);
    // Namespace declarations and an xsi:type naming the element's own type say nothing of the content.
    const own = (v: unknown) => String(v).split(':').pop() === String(el.$type).split(':').pop();
    const props: string[] = Object.entries(el.$attrs ?? {})
      .filter(([k, v]) => !k.startsWith('xmlns') && !(k === 'xsi:type' && own(v)))
      .map(([k, v]) => `@${k}=${String(v)}`);
    if (!el.$descriptor?.properties) {
      // An element outside the known schemas: its attributes, text and children as read.
      if (el.$body) props.push(`body=${String(el.$body).trim()}`);
      elements.push(`${where} ${el.$type} ${props.sort().join(' ')}`);
      for (const c of el.$children ?? []) walk(c, `${where}/${el.$type}`);
      return;
    }
    for (const p of el.$descriptor.properties as El[]) {
      const v = el.get(p.name);
      if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) continue;
      if (p.isReference) props.push(`${p.name}→${(Array.isArray(v) ? v : [v]).map((x: El) => x?.id ?? String(x)).join(',')}`);
      else if (!p.type || /^(String|Boolean|Integer|Real)$/.test(p.type)) props.push(`${p.name}=${String(v)}`);
    }
    elements.push(`${where} ${el.$type}#${el.id ?? ''} ${props.sort().join(' ')}`);
    if (el.$type === 'bpmndi:BPMNShape') diagram.push(`shape ${el.bpmnElement?.id} ${JSON.stringify([el.bounds.x, el.bounds.y, el.bounds.width, el.bounds.height])}`);
    if (el.$type === 'bpmndi:BPMNEdge') diagram.push(`edge ${el.bpmnElement?.id} ${JSON.stringify((el.waypoint ?? []).map((w: El) => [w.x, w.y]))}`);
    for (const p of el.$descriptor.properties as El[]) {
      if (p.isReference || !p.type || /^(String|Boolean|Integer|Real)$/.test(p.type)) continue;
      const v = el.get(p.name);
      for (const child of Array.isArray(v) ? v : v ? [v] : []) if (child && child.$type) walk(child, `${where}/${p.name}`);
    }
  };
  walk(rootElement, '');
  return { elements: elements.sort(), diagram: diagram.sort() };
}

describe.skipIf(files.length === 0)('every MIWG reference model', () => {
  it.each(files)('%s validates to 0 or 3 and round-trips: what Zaizao writes, bpmn-moddle reads back with the same elements and diagram', async (file) => {
    const xml = fs.readFileSync(path.join(MIWG, file), 'utf8');
    const { validation } = await importBpmn(xml);
    expect([0, 3]).toContain(validationExitCode(validation));
    const out = await exportDocument(xml);
    if ('errors' in out) throw new Error(JSON.stringify(out.errors));
    const [before, after] = [await digest(xml), await digest(out.xml)];
    expect(after.diagram.length).toBeGreaterThan(0);
    expect(after.diagram).toEqual(before.diagram);
    expect(after.elements).toEqual(before.elements);
    // And it validates the same.
    const again = (await importBpmn(out.xml)).validation;
    expect(again.errors).toEqual([]);
    expect(again.unsupported).toEqual(validation.unsupported);
  });
});

describe('references to other namespaces', () => {
  const doc = `<?xml version="1.0"?><definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:other="http://other.example/ns" xmlns:tns="http://t" targetNamespace="http://t" id="d">
<message id="m1" name="m1"/>
<interface id="if1" name="I"><operation id="op1" name="o"><inMessageRef>tns:m1</inMessageRef><outMessageRef>other:Reply</outMessageRef></operation></interface>
<process id="p" isExecutable="true"><startEvent id="s"/><endEvent id="e"/><sequenceFlow id="f" sourceRef="s" targetRef="e"/></process></definitions>`;

  it("are kept, not errors; a qualified name in the document's own namespace resolves to its element", async () => {
    const { validation } = await importBpmn(doc);
    expect(validation.errors).toEqual([]);
    expect(validationExitCode(validation)).toBe(0);
    expect(validation.warnings).toEqual([expect.stringMatching(/op1: .*outMessageRef "other:Reply" refers to http:\/\/other.example\/ns/)]);
    const out = await exportDocument(doc);
    if ('errors' in out) throw new Error('not exported');
    expect(out.xml).toContain('other:Reply');
    expect(out.xml).toMatch(/inMessageRef>(tns:)?m1</);
  });

  it('a prefix nobody declared, or a missing local element, is an error naming the element', async () => {
    for (const ref of ['nobody:Reply', 'tns:missing', 'missing']) {
      const { validation } = await importBpmn(doc.replace('other:Reply', ref));
      expect(validationExitCode(validation)).toBe(1);
      expect(validation.errors).toContainEqual(expect.objectContaining({ id: 'op1', message: expect.stringContaining(ref) }));
    }
  });
});
