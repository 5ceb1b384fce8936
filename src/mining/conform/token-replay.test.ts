import { describe, expect, it } from 'vitest';
import { bpmnToXml, treeToBpmn } from '../discover/bpmn.js';
import { leaf, node } from '../discover/process-tree.js';
import { logFromTraces } from '../model.js';
import { BpmnConversionError, bpmnXmlToPetriNet } from './petri.js';
import { tokenReplay } from './token-replay.js';

// intake → (review ∥ site visit) → decision
const model = () => bpmnXmlToPetriNet(bpmnToXml(treeToBpmn(node('seq', [leaf('intake'), node('and', [leaf('review'), leaf('site visit')]), leaf('decision')]))));

describe('token-based replay on a BPMN model', () => {
  it('fits traces the model allows, in either parallel order', async () => {
    const log = logFromTraces([{ events: ['intake', 'review', 'site visit', 'decision'] }, { events: ['intake', 'site visit', 'review', 'decision'] }]);
    const r = tokenReplay(log, await model());
    expect(r.fitness).toBe(1);
    expect(r.traces.map((t) => [t.fit, t.missing, t.remaining])).toEqual([
      [true, 0, 0],
      [true, 0, 0],
    ]);
  });

  it('counts missing and remaining tokens for a skipped step and names the deviating activity', async () => {
    const log = logFromTraces([{ id: 'c1', events: ['intake', 'review', 'decision'] }]);
    const r = tokenReplay(log, await model());
    const t = r.traces[0];
    expect(t.fit).toBe(false);
    // the decision needed the token the site visit never produced; the review's token and the
    // site visit's unused token stay behind
    expect(t.missing).toBe(1);
    expect(t.remaining).toBe(2);
    expect(t.deviatingActivities).toEqual(['decision']);
    expect(t.fitness).toBeCloseTo(0.5 * (1 - 1 / t.consumed) + 0.5 * (1 - 2 / t.produced), 12);
    expect(r.fitness).toBeLessThan(1);
    expect(r.deviatingActivities).toEqual([{ activity: 'decision', traces: 1, occurrences: 1 }]);
  });

  it('reports activities the model does not know', async () => {
    const log = logFromTraces([{ events: ['intake', 'review', 'site visit', 'supplement notice', 'decision'] }]);
    const r = tokenReplay(log, await model());
    expect(r.traces[0].activitiesNotInModel).toEqual(['supplement notice']);
    expect(r.traces[0].fit).toBe(false);
    expect(r.activitiesNotInModel).toEqual([{ activity: 'supplement notice', traces: 1 }]);
  });

  it('weights the log fitness by tokens over all traces', async () => {
    const log = logFromTraces([{ events: ['intake', 'review', 'site visit', 'decision'] }, { events: ['intake', 'decision'] }]);
    const r = tokenReplay(log, await model());
    expect(r.fitness).toBeCloseTo(0.5 * (1 - r.missing / r.consumed) + 0.5 * (1 - r.remaining / r.produced), 12);
    expect(r.percentageFitTraces).toBe(0.5);
  });

  it('refuses BPMN it cannot turn into a Petri net', async () => {
    const xml = `<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d"><bpmn:process id="p"><bpmn:startEvent id="s"/><bpmn:inclusiveGateway id="g"/><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="g"/></bpmn:process></bpmn:definitions>`;
    await expect(bpmnXmlToPetriNet(xml)).rejects.toThrow(/InclusiveGateway is not supported/);
    await expect(bpmnXmlToPetriNet('<nope')).rejects.toBeInstanceOf(BpmnConversionError);
  });
});
