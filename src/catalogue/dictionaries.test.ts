// Open dictionaries: a catalogue file adds canonical materials and fields with Chinese labels;
// its matters refer to them, a bundle merges and labels by them, and the region keeps them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { dbTargets } from '../../test/support/db.js';
import { createBundleDraft } from '../bundle/merge.js';
import type { Actor } from '../org/model.js';
import { seedDemoOrganisation } from '../org/seed.js';
import type { Store } from '../store/database.js';
import { readCatalogue, writeCatalogue } from './files/index.js';
import { getMatter, importCatalogue, loadCatalogue, saveMatterVersion } from './store.js';

/** Two newborn matters asking for the blood type, a field the platform's dictionary lacks. */
function newbornYaml(extra: Record<string, unknown> = {}): string {
  const matter = (code: string, name: string, label: string) => ({
    code,
    name,
    kind: '行政确认',
    departmentCode: 'GAJ',
    legalBases: [{ document: '《户口登记条例》', article: '第七条', text: '' }],
    statutoryDays: null,
    promisedDays: 1,
    fee: { charged: false, standard: '', basis: '' },
    result: { name: `${name}结果`, kind: '证明' },
    materials: [
      {
        id: 'M01',
        name: '出生证',
        canonicalId: 'birth_medical_certificate',
        category: '证明材料',
        source: { kind: '第三方机构出具', issuerType: '医疗机构' },
        legalBases: [{ document: '《户口登记条例》', article: '第七条', text: '' }],
      },
    ],
    formFields: [{ key: 'F01', label, canonicalKey: 'blood_type', type: '选项', options: ['A', 'B', 'O', 'AB'] }],
  });
  return YAML.stringify({
    format: 'zaizao-catalogue',
    version: 1,
    regionCode: '370883',
    dictionaries: {
      materials: [{ id: 'birth_medical_certificate', name: '出生医学证明', synonyms: ['出生证', '出生医学证明书'], category: '证明材料' }],
      fields: [{ id: 'blood_type', name: '血型', synonyms: ['新生儿血型', 'ABO血型'], type: '选项' }],
    },
    departments: [{ code: 'GAJ', name: '公安局', regionCode: '370883' }],
    matters: [matter('NB-01', '出生登记', '新生儿血型'), matter('NB-02', '预防接种证办理', 'ABO血型')],
    ...extra,
  });
}

describe('a catalogue file adds canonical entries of its own', () => {
  it('its matters refer to them, and every format keeps them', async () => {
    const { catalogue, problems } = await readCatalogue(newbornYaml(), 'yaml');
    expect(problems).toEqual([]);
    expect(catalogue!.dictionaries!.fields[0]).toEqual({ id: 'blood_type', name: '血型', synonyms: ['新生儿血型', 'ABO血型'], type: 'enum', unit: '' });
    for (const format of ['xlsx', 'csv', 'json'] as const) {
      const again = await readCatalogue(await writeCatalogue(catalogue!, format), format);
      expect(again.problems, format).toEqual([]);
      expect(again.catalogue!.dictionaries, format).toEqual(catalogue!.dictionaries);
    }
  });

  it('a bundle asks an added field once, under its standard label', async () => {
    const { catalogue } = await readCatalogue(newbornYaml(), 'yaml');
    const d = createBundleDraft(catalogue!, { name: '出生一件事', matterCodes: ['NB-01', 'NB-02'] });
    expect(d.form.fields.map((f) => [f.key, f.label, f.matters])).toEqual([['blood_type', '血型', ['NB-01', 'NB-02']]]);
    expect(d.materials.map((m) => [m.name, m.category])).toEqual([['出生医学证明', 'proof']]);
  });

  it('an unknown key, or an entry redefining the platform’s, is a problem naming it', async () => {
    const bad = YAML.parse(newbornYaml());
    bad.dictionaries.fields.push({ id: 'gender', name: '性别（自定）' }, { id: 'sex2', name: '性别' });
    bad.matters[0].formFields[0].canonicalKey = 'blood_group';
    const { catalogue, problems } = await readCatalogue(YAML.stringify(bad), 'yaml');
    expect(catalogue).toBeNull();
    expect(problems.map((p) => [p.sheet, p.row, p.column, p.value])).toEqual([
      ['matters', 1, 'formFields[0].canonicalKey', 'blood_group'],
      ['dictionary_fields', 2, 'id', 'gender'],
      ['dictionary_fields', 3, 'name', '性别'],
    ]);
    expect(problems[2].reason.zh).toContain('已属于标准条目');
  });
});

const targets = await dbTargets();

describe.each(targets)('the region keeps the entries its catalogue added, on $name', (target) => {
  let store: Store;
  const admin: Actor = { userId: 0, username: 'admin.test', displayName: 'admin', role: 'admin', regionCode: '370883', departmentId: null };
  beforeAll(async () => {
    store = await target.open();
    await seedDemoOrganisation(store.db, 'demo-password-1');
  });
  afterAll(async () => {
    await store?.close();
  });

  it('imported once, they serve later edits and bundles from the database', async () => {
    const { catalogue } = await readCatalogue(newbornYaml(), 'yaml');
    await importCatalogue(store.db, admin, catalogue!);
    const stored = await loadCatalogue(store.db, admin, { codes: ['NB-01', 'NB-02'] });
    expect(stored.dictionaries!.fields.map((f) => f.id)).toEqual(['blood_type']);
    // The matter page shows the entries a matter uses.
    expect((await getMatter(store.db, admin, 'NB-01')).dictionaries.fields.map((f) => f.name)).toEqual(['血型']);
    expect(createBundleDraft(stored, { name: '出生一件事', matterCodes: ['NB-01', 'NB-02'] }).form.fields[0].label).toBe('血型');
    // an edit of one matter, without the file, may still refer to them
    const m = stored.matters[0];
    await saveMatterVersion(store.db, admin, { ...m, formFields: [...m.formFields, { ...m.formFields[0], key: 'F02', label: '血型（复核）' }] });
  });
});
