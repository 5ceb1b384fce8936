// The window's pure rules: identity check characters, file types by content, the form check,
// working-day clocks, codes.
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../calendar/index.js';
import { hashCode, newQueryCode, newVerificationCode, queryCodeMatches, receiptNo, VERIFICATION_CODE_PATTERN } from './codes.js';
import { intakeDue, pauseEffect, promisedDate, taskClock } from './clock.js';
import { checkFile, sniffType } from './files.js';
import { checkForm } from './form.js';
import { creditCodeCheck, isValidCreditCode, isValidIdNumber } from './identity.js';
import { WindowError } from './model.js';
import { sampleCreditCode } from './sample.js';

describe('identity', () => {
  it('accepts a unified social credit code only with its GB 32100 check character', () => {
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true); // a published example
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
    const code = sampleCreditCode();
    expect(isValidCreditCode(code)).toBe(true);
    expect(code.slice(17)).toBe(creditCodeCheck(code.slice(0, 17)));
    expect(isValidCreditCode('91370883MA3C5XY01I')).toBe(false); // I is not in the alphabet
    expect(isValidCreditCode('short')).toBe(false);
  });
  it('accepts an ID number only with a real date of birth and its check digit', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('110105194902300020')).toBe(false); // 30 February
  });
});

describe('files', () => {
  const pdf = Buffer.from('%PDF-1.7\n...');
  it('tells the type from the content, not the name', () => {
    expect(sniffType(pdf)).toBe('application/pdf');
    expect(sniffType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe('image/jpeg');
    expect(sniffType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    const ofd = Buffer.alloc(40);
    ofd.set([0x50, 0x4b, 0x03, 0x04]);
    ofd.writeUInt16LE(7, 26);
    ofd.write('OFD.xml', 30, 'latin1');
    expect(sniffType(ofd)).toBe('application/ofd');
    const zip = Buffer.from(ofd);
    zip.write('doc.xml', 30, 'latin1');
    expect(sniffType(zip)).toBeNull();
    expect(sniffType(Buffer.from('MZ\x90\x00'))).toBeNull();
  });
  it('refuses an empty, oversized or untyped file naming the material', () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as WindowError;
      }
      throw new Error('expected a refusal');
    };
    expect(err(() => checkFile('m1', Buffer.alloc(0))).code).toBe('invalid');
    const big = err(() => checkFile('m2', Buffer.concat([pdf, Buffer.alloc(100)]), 50));
    expect(big.code).toBe('too_large');
    expect(big.messages.zh).toContain('m2');
    expect(err(() => checkFile('m3', Buffer.from('hello'))).code).toBe('unsupported_type');
    expect(checkFile('m4', pdf)).toMatchObject({ mediaType: 'application/pdf', size: pdf.length });
  });
});

describe('form check', () => {
  const schema = {
    properties: {
      name: { title: '申请单位名称', type: 'string' as const, minLength: 1 },
      uscc: { title: '统一社会信用代码', type: 'string' as const, pattern: '^[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}$', 'x-field-type': 'uscc' },
      area: { title: '建筑面积', type: 'number' as const, minimum: 0 },
      start: { title: '计划开工日期', type: 'string' as const, format: 'date' },
      kind: { title: '结构类型', type: 'string' as const, enum: ['框架', '砖混'] },
    },
    required: ['name', 'uscc'],
  };
  it('passes a good form', () => {
    expect(checkForm(schema, { name: '某公司', uscc: sampleCreditCode(), area: 12.5, start: '2026-03-02', kind: '框架' })).toEqual([]);
  });
  it('names every problem by field and label at once', () => {
    const problems = checkForm(schema, { uscc: '91350100M000100Y44', area: -1, start: '2026-02-30', kind: '木', extra: 1 });
    expect(problems.map((p) => p.field).sort()).toEqual(['area', 'extra', 'kind', 'name', 'start', 'uscc']);
    expect(problems.find((p) => p.field === 'uscc')!.message.zh).toContain('GB 32100');
    expect(problems.find((p) => p.field === 'name')!.message.zh).toBe('申请单位名称：必填');
  });
});

describe('clocks in working days', () => {
  const cal = createCalendar();
  it('counts the intake deadline in working days and moves it by the days the clock stood still', () => {
    // Submitted Friday 2025-09-26: five working days skip the weekend and the National Day holiday.
    expect(intakeDue(cal, new Date('2025-09-26T10:00:00+08:00'), 0)).toBe('2025-10-10');
    expect(intakeDue(cal, new Date('2025-09-26T10:00:00+08:00'), 1)).toBe('2025-10-11'); // the make-up Saturday
  });
  it('promises the day of acceptance for an on-the-spot service and working days otherwise', () => {
    expect(promisedDate(cal, new Date('2025-09-30T10:00:00+08:00'), 0)).toBe('2025-09-30');
    expect(promisedDate(cal, new Date('2025-10-01T10:00:00+08:00'), 0)).toBe('2025-10-09');
    expect(promisedDate(cal, new Date('2025-09-30T10:00:00+08:00'), 1.5)).toBe('2025-10-10');
  });
  it('turns a task yellow at 80 % of its limit and red when it is overdue', () => {
    const created = new Date('2026-03-02T09:00:00+08:00'); // Monday
    const at = (t: string) => taskClock(cal, created, 1, new Date(t));
    expect(at('2026-03-02T10:00:00+08:00').level).toBe('green');
    expect(at('2026-03-02T16:00:00+08:00').level).toBe('green'); // 5.5 of 7 business hours: 79 %
    expect(at('2026-03-02T16:30:00+08:00').level).toBe('yellow'); // 6 of 7: 86 %
    expect(at('2026-03-03T09:30:00+08:00').level).toBe('red');
    expect(at('2026-03-02T10:00:00+08:00').dueAt.toISOString()).toBe('2026-03-02T09:30:00.000Z'); // 17:30 Shanghai
    // On the spot: due at the close of the working day; created on a Saturday, the next working day.
    expect(taskClock(cal, new Date('2026-03-07T10:00:00+08:00'), 0, new Date('2026-03-07T11:00:00+08:00')).dueAt.toISOString()).toBe('2026-03-09T09:30:00.000Z');
  });
  it('stands a clock still while the applicant supplements and moves it on by the working days it stood', () => {
    const created = new Date('2026-03-02T09:00:00+08:00'); // Monday, a one-day limit
    // Stopped Monday 10:00, still stopped on Friday: it reads as at Monday 10:00, green, stopped.
    const open = pauseEffect(cal, [{ from: '2026-03-02T10:00:00+08:00', to: null, workdays: 0 }], created);
    const stopped = taskClock(cal, created, 1, new Date('2026-03-06T10:00:00+08:00'), open);
    expect(stopped).toMatchObject({ level: 'green', stopped: true });
    // Resumed Thursday (three working days): due three working days later than without the pause.
    const closed = pauseEffect(cal, [{ from: '2026-03-02T10:00:00+08:00', to: '2026-03-05T10:00:00+08:00', workdays: 3 }], created);
    expect(closed).toEqual({ extraWorkdays: 3, stoppedAt: null });
    expect(taskClock(cal, created, 1, new Date('2026-03-05T11:00:00+08:00'), closed).dueAt.toISOString()).toBe('2026-03-05T09:30:00.000Z'); // Thursday 17:30
    // A pause before the task was created counts only from its creation.
    expect(pauseEffect(cal, [{ from: '2026-02-27T10:00:00+08:00', to: '2026-03-03T10:00:00+08:00', workdays: 2 }], created).extraWorkdays).toBe(1);
  });
});

describe('codes', () => {
  it('numbers receipts by region, date and application', () => {
    expect(receiptNo('370883001', '2026-03-02', 42)).toBe('37088320260302000042');
  });
  it('matches a query code only by its hash, whatever the case', () => {
    const code = newQueryCode();
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect(queryCodeMatches(code.toLowerCase(), hashCode(code))).toBe(true);
    expect(queryCodeMatches('WRONGONE', hashCode(code))).toBe(false);
    expect(queryCodeMatches(code, null)).toBe(false);
  });
  it('gives verification codes of the published pattern', () => {
    expect(newVerificationCode()).toMatch(VERIFICATION_CODE_PATTERN);
  });
});
