import { describe, expect, it } from 'vitest';
import { fillMessage } from './messages.js';

describe('rule messages: zh/en templates filled from data', () => {
  it('puts numbers and strings in both languages, and a Text’s zh and en in each', () => {
    const template = { zh: '{{of}}需到现场 {{visits}} 次（{{note}}）', en: '{{of}} takes {{visits}} visits ({{note}})' };
    expect(fillMessage(template, { of: { zh: '事项「甲」', en: 'matter “A”' }, visits: 3, note: 'x' })).toEqual({
      zh: '事项「甲」需到现场 3 次（x）',
      en: 'matter “A” takes 3 visits (x)',
    });
  });

  it('leaves a template without placeholders as it is, and an unknown placeholder visible', () => {
    expect(fillMessage({ zh: '即时办结', en: 'on the spot' })).toEqual({ zh: '即时办结', en: 'on the spot' });
    expect(fillMessage({ zh: '{{missing}}了', en: '{{ missing }}!' }, {})).toEqual({ zh: '{{missing}}了', en: '{{missing}}!' });
  });
});
