import { describe, expect, it } from 'vitest';
import { typedAttribute, xesAttribute, xesText } from './xes.js';

describe('the XES writer', () => {
  it('writes each attribute as its type, escaped, dates in UTC', () => {
    expect(xesAttribute({ key: 'concept:name', type: 'string', value: 'a & "b" <c>' })).toBe('<string key="concept:name" value="a &amp; &quot;b&quot; &lt;c&gt;"/>');
    expect(xesAttribute({ key: 'time:timestamp', type: 'date', value: Date.parse('2025-09-30T10:00:00+08:00') })).toBe(
      '<date key="time:timestamp" value="2025-09-30T02:00:00.000Z"/>',
    );
    expect(xesAttribute({ key: 'time:timestamp', type: 'date', value: NaN })).toBe('');
    expect([typedAttribute('n', 3), typedAttribute('x', 1.5), typedAttribute('b', false), typedAttribute('none', null)]).toEqual([
      { key: 'n', type: 'int', value: 3 },
      { key: 'x', type: 'float', value: 1.5 },
      { key: 'b', type: 'boolean', value: false },
      null,
    ]);
  });

  it('writes a log of traces of events with the four standard extensions', () => {
    const text = xesText({
      classifiers: { Activity: ['concept:name'] },
      globals: { event: [{ key: 'lifecycle:transition', type: 'string', value: 'complete' }] },
      attributes: [{ key: 'concept:name', type: 'string', value: 'log' }],
      traces: [{ attributes: [{ key: 'concept:name', type: 'string', value: 'c1' }], events: [[{ key: 'concept:name', type: 'string', value: 'A' }]] }],
    });
    expect(text).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<log xes.version="1849-2016" xes.features="nested-attributes" xmlns="http://www.xes-standard.org/">',
        '\t<extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>',
        '\t<extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>',
        '\t<extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>',
        '\t<extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>',
        '\t<global scope="event">',
        '\t\t<string key="lifecycle:transition" value="complete"/>',
        '\t</global>',
        '\t<classifier name="Activity" keys="concept:name"/>',
        '\t<string key="concept:name" value="log"/>',
        '\t<trace>',
        '\t\t<string key="concept:name" value="c1"/>',
        '\t\t<event>',
        '\t\t\t<string key="concept:name" value="A"/>',
        '\t\t</event>',
        '\t</trace>',
        '</log>',
        '',
      ].join('\n'),
    );
  });
});
