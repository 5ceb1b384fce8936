// zaizao bundle: merge matters into one service (一件事一次办) — one form, one commitment
// letter, one parallel process — and print the before/after table; write the form and
// letter as PDF or HTML and the process as BPMN; store, list, show and publish bundles.
import {
  acceptedFixKeys,
  createBundleDraft,
  BundleError,
  CHECKED_AFTER_DECISION_LABEL,
  FIGURE_KEYS,
  FIGURE_LABELS,
  MATERIAL_DISPOSITION_LABELS,
  type BundleDraft,
  type FieldDecision,
  renderFormHtml,
  renderFormPdf,
  renderLetterHtml,
  renderLetterPdf,
  BundleStoreError,
  createBundle,
  getBundle,
  listBundles,
  publishBundle,
  publishPreview,
  decideField,
  liftVeto,
  vetoReliance,
  RELIANCE_KIND_LABELS,
} from '../../bundle/index.js';
import fs from 'node:fs';
import type { Command } from 'commander';
import { validateConfig, type RuleConfig } from '../../analyzer/index.js';
import { DEMO_SETS, demoCatalogue, loadCatalogue } from '../../catalogue/index.js';
import { SYSTEM_ACTOR, type Actor, actorOf } from '../../org/index.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { parseFormat, printJson, printTable, withStore } from '../context.js';
import { readFileCatalogue } from '../problems.js';
import { CliError, UsageError } from '../errors.js';

const DEMO_NAMES: Record<keyof typeof DEMO_SETS, string> = {
  construction: '建筑工程施工许可一件事',
  'business-startup': '企业开办一件事',
};

async function readJsonFile<T>(file: string, what: string): Promise<T> {
  try {
    return JSON.parse(await fs.promises.readFile(file, 'utf8')) as T;
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${file}: ${(err as Error).message}`);
  }
}

/** Bad input and refusals: one line, both languages. */
function explain(err: unknown): never {
  if (err instanceof BundleError || err instanceof BundleStoreError) throw new CliError(`${err.messages.zh} / ${err.messages.en}`);
  throw err;
}

async function writeOutputs(draft: BundleDraft, opts: CreateOptions): Promise<void> {
  const write = (file: string, data: string | Buffer) => fs.promises.writeFile(file, data).catch((err: Error) => explainWrite(file, err));
  if (opts.formPdf) await write(opts.formPdf, await renderFormPdf(draft));
  if (opts.letterPdf) await write(opts.letterPdf, await renderLetterPdf(draft));
  if (opts.formHtml) await write(opts.formHtml, renderFormHtml(draft));
  if (opts.letterHtml) await write(opts.letterHtml, renderLetterHtml(draft));
  if (opts.bpmn) await write(opts.bpmn, draft.process.bpmnXml);
}

function explainWrite(file: string, err: Error): never {
  throw new CliError(`cannot write ${file}: ${err.message}`);
}

function printDraft(draft: BundleDraft): void {
  const keys = [...FIGURE_KEYS, 'commitmentLetters' as const];
  printTable(
    keys.map((k) => ({ figure: FIGURE_LABELS[k].zh, before: k === 'commitmentLetters' ? '—' : (draft.before[k] ?? '—'), after: draft.after[k] ?? '—' })),
    ['figure', 'before', 'after'],
  );
  process.stdout.write('\n');
  printTable(
    draft.materials.map((m) => ({
      material: m.name,
      disposition: `${MATERIAL_DISPOSITION_LABELS[m.disposition].zh}${m.checkedAfterDecision ? `（${CHECKED_AFTER_DECISION_LABEL.zh}）` : ''}`,
      matters: m.uses.length,
    })),
    ['material', 'disposition', 'matters'],
  );
  process.stdout.write('\n');
  printTable(
    draft.process.branches.map((b) => ({
      matter: `${b.matterName}（${b.matterCode}）`,
      department: b.departmentCode,
      steps: b.steps.length,
      workdays: b.workdays,
      commitment: b.commitmentBased ? '是' : '否',
      examines: b.toExamine.join('、'),
      'checked after': (b.checkedAfterDecision ?? []).join('、'),
    })),
    ['matter', 'department', 'steps', 'workdays', 'commitment', 'examines', 'checked after'],
  );
  for (const c of draft.form.conflicts) process.stdout.write(`\n字段冲突 / field conflict: ${c.message.zh}`);
  process.stdout.write(
    `\n\n${draft.name}: ${draft.before.matters} 个事项 ${draft.before.materials} 份材料 → ${draft.after.forms} 张申请表、${draft.after.commitmentLetters} 份承诺书；${draft.before.promisedWorkdays} → ${draft.after.promisedWorkdays} 个工作日\n`,
  );
}

interface CreateOptions {
  matters?: string;
  name?: string;
  demo?: string;
  catalog?: string;
  decisions?: string;
  config?: string;
  save?: boolean;
  windowDepartment?: string;
  lang?: string;
  format?: string;
  formPdf?: string;
  letterPdf?: string;
  formHtml?: string;
  letterHtml?: string;
  bpmn?: string;
}

export function register(program: Command): void {
  const bundle = program.command('bundle').description('one-thing bundles: merge matters into one service with one form and one commitment letter (一件事一次办)');

  bundle
    .command('create')
    .description('merge matters into a bundle draft and print before/after; nothing is stored without --save')
    .option('--matters <codes>', 'matter codes, comma-separated; the first is the lead matter')
    .option('--name <name>', 'bundle name')
    .option('--demo <set>', `a demo set: ${Object.keys(DEMO_SETS).join(' | ')}`)
    .option('--catalog <file>', 'merge from a catalogue file (.xlsx, .csv, .json, .yaml) instead of the database')
    .option('--decisions <file>', 'JSON: canonical field key → { type, unit, options } settling field conflicts')
    .option('--config <file>', 'analyzer rule configuration (JSON) used to flatten the matters')
    .option('--save', 'store the draft in the database (as a new bundle)')
    .option('--lang <lang>', 'zh | en (problems of a catalogue file)')
    .option('--window-department <code>', 'the one-window department (政务服务中心 综合窗口) that receives, decides jointly and delivers; default the lead matter’s department')
    .option('--format <format>', 'table | json')
    .option('--form-pdf <file>', 'write the unified application form as PDF')
    .option('--letter-pdf <file>', 'write the commitment letter as PDF')
    .option('--form-html <file>', 'write the application form print view (HTML)')
    .option('--letter-html <file>', 'write the commitment letter print view (HTML)')
    .option('--bpmn <file>', 'write the internal process as BPMN 2.0 XML')
    .action(async (opts: CreateOptions) => {
      const format = parseFormat(opts.format, ['table', 'json'] as const, 'table');
      if (opts.demo && opts.matters) throw new UsageError('give either --demo or --matters, not both');
      if (!opts.demo && !opts.matters) throw new UsageError('give --matters CODE,CODE,... (with --name) or --demo construction|business-startup');
      let codes: string[];
      let name: string;
      if (opts.demo) {
        if (!(opts.demo in DEMO_SETS)) throw new UsageError(`--demo must be one of ${Object.keys(DEMO_SETS).join(', ')} (got ${opts.demo})`);
        const set = opts.demo as keyof typeof DEMO_SETS;
        codes = [...DEMO_SETS[set]];
        name = opts.name ?? DEMO_NAMES[set];
      } else {
        if (!opts.name) throw new UsageError('--name is required with --matters');
        codes = opts
          .matters!.split(',')
          .map((c) => c.trim())
          .filter(Boolean);
        name = opts.name;
      }
      const decisions = opts.decisions ? await readJsonFile<Record<string, FieldDecision>>(opts.decisions, 'field decisions') : undefined;
      const config = opts.config ? await readJsonFile<RuleConfig>(opts.config, 'rule configuration') : undefined;
      if (config) {
        const problems = validateConfig(config);
        if (problems.length) throw new UsageError(`rule configuration ${opts.config}: ${problems.map((p) => p.message.en).join('; ')}`);
      }
      const fileCatalogue = opts.catalog ? await readFileCatalogue(opts.catalog, parseFormat(opts.lang, ['zh', 'en'] as const, 'zh')) : null;
      let draft: BundleDraft;
      let saved: { id: number; version: number } | null = null;
      try {
        if (opts.save) {
          const stored = await withStore(async (store) => {
            const catalogue = fileCatalogue ?? (await loadCatalogue(store.db, SYSTEM_ACTOR, { stage: 'as_is', codes }));
            return createBundle(
              store.db,
              SYSTEM_ACTOR,
              { name, matterCodes: codes, decisions, regionCode: catalogue.regionCode, windowDepartmentCode: opts.windowDepartment },
              { catalogue },
            );
          });
          draft = stored.draft;
          saved = { id: stored.id, version: stored.version };
        } else {
          // Without --save: a file, the demo data for --demo, else the stored catalogue.
          // The stored catalogue comes with the office's accepted decisions on its findings.
          const { catalogue, acceptedFixes } =
            fileCatalogue || opts.demo
              ? { catalogue: fileCatalogue ?? demoCatalogue(), acceptedFixes: [] }
              : await withStore(async (store) => {
                  const stored = await loadCatalogue(store.db, SYSTEM_ACTOR, { stage: 'as_is', codes });
                  return { catalogue: stored, acceptedFixes: await acceptedFixKeys(store.db, stored) };
                });
          draft = createBundleDraft(catalogue, { name, matterCodes: codes, decisions, ruleConfig: config, leadDepartment: opts.windowDepartment, acceptedFixes });
        }
      } catch (err) {
        explain(err);
      }
      await writeOutputs(draft, opts);
      if (format === 'json') printJson({ before: draft.before, after: draft.after, ...(saved ? { bundle: saved } : {}), draft });
      else {
        printDraft(draft);
        if (saved) process.stdout.write(`saved as bundle ${saved.id}, version ${saved.version}\n`);
      }
    });

  bundle
    .command('list')
    .description('bundles stored in the database')
    .option('--format <format>', 'table | json')
    .action(async (opts: { format?: string }) => {
      const format = parseFormat(opts.format, ['table', 'json'] as const, 'table');
      const items = await withStore((store) => listBundles(store.db, SYSTEM_ACTOR)).catch(explain);
      if (format === 'json') printJson({ items });
      else
        printTable(
          items.map((b) => ({
            id: b.id,
            name: b.name,
            status: b.status,
            version: b.latestVersion,
            matters: b.before.matters,
            workdays: `${b.before.promisedWorkdays} → ${b.after.promisedWorkdays}`,
          })),
        );
    });

  bundle
    .command('show')
    .description('one stored bundle: before/after, materials, branches')
    .argument('<id>', 'bundle id')
    .option('--version <n>', 'a version (default the latest)')
    .option('--format <format>', 'table | json')
    .option('--form-pdf <file>', 'write the unified application form as PDF')
    .option('--letter-pdf <file>', 'write the commitment letter as PDF')
    .option('--form-html <file>', 'write the application form print view (HTML)')
    .option('--letter-html <file>', 'write the commitment letter print view (HTML)')
    .option('--bpmn <file>', 'write the internal process as BPMN 2.0 XML')
    .action(async (id: string, opts: CreateOptions & { version?: string }) => {
      const format = parseFormat(opts.format, ['table', 'json'] as const, 'table');
      if (!/^\d+$/.test(id)) throw new UsageError(`bundle id must be a number (got ${id})`);
      if (opts.version !== undefined && !/^\d+$/.test(opts.version)) throw new UsageError(`--version must be a number (got ${opts.version})`);
      const b = await withStore((store) => getBundle(store.db, SYSTEM_ACTOR, Number(id), opts.version === undefined ? undefined : Number(opts.version))).catch(explain);
      await writeOutputs(b.draft, opts);
      if (format === 'json') printJson({ before: b.before, after: b.after, bundle: { id: b.id, version: b.version, status: b.status }, draft: b.draft });
      else printDraft(b.draft);
    });

  const bundleId = (id: string): number => {
    if (!/^\d+$/.test(id)) throw new UsageError(`bundle id must be a number (got ${id})`);
    return Number(id);
  };
  // Vetoes and field decisions are the office's: by a named user, like findings' decisions.
  const asUser = async (db: Kysely<Database>, username: string | undefined): Promise<Actor> => {
    if (username === undefined) return SYSTEM_ACTOR;
    const actor = await actorOf(db, username);
    if (!actor) throw new CliError(`no active user ${username}`);
    return actor;
  };

  bundle
    .command('reliances')
    .description(
      'every fix and replacement the latest version relies on (removals, data sharing, commitments, checks after the decision …), with its veto key and whether it is vetoed',
    )
    .argument('<id>', 'bundle id')
    .option('--format <format>', 'table | json')
    .action(async (id: string, opts: { format?: string }) => {
      const format = parseFormat(opts.format, ['table', 'json'] as const, 'table');
      const b = await withStore((store) => getBundle(store.db, SYSTEM_ACTOR, bundleId(id))).catch(explain);
      const rows = b.draft.reliances ?? [];
      if (format === 'json') return printJson({ version: b.version, reliances: rows, vetoes: b.vetoes });
      const why = new Map(b.vetoes.map((v) => [v.key, `${v.byName}: ${v.reason}`]));
      printTable(
        rows.map((r) => ({
          kind: RELIANCE_KIND_LABELS[r.kind].zh,
          matters: r.matterCodes.join(' '),
          relies_on: r.description.zh,
          vetoed: r.vetoed ? (why.get(r.key) ?? 'yes') : '',
          key: r.key,
        })),
      );
    });

  bundle
    .command('veto')
    .description('veto a fix or replacement (its key from `bundle reliances`): a new version computed without it; audited')
    .argument('<id>', 'bundle id')
    .requiredOption('--key <key>', 'what to veto')
    .requiredOption('--reason <text>', 'why')
    .option('--by <username>', 'who vetoes (administrator or reform office)')
    .action(async (id: string, opts: { key: string; reason: string; by?: string }) => {
      const b = await withStore(async (store) => vetoReliance(store.db, await asUser(store.db, opts.by), bundleId(id), { key: opts.key, reason: opts.reason })).catch(explain);
      process.stdout.write(
        `bundle ${b.id} version ${b.version}: vetoed ${opts.key}; materials to submit ${b.after.materials}, promised working days ${b.after.promisedWorkdays}\n`,
      );
    });

  bundle
    .command('unveto')
    .description('lift a veto: a new version that relies on it again; audited')
    .argument('<id>', 'bundle id')
    .requiredOption('--key <key>', 'the vetoed key')
    .option('--by <username>', 'who lifts it')
    .action(async (id: string, opts: { key: string; by?: string }) => {
      const b = await withStore(async (store) => liftVeto(store.db, await asUser(store.db, opts.by), bundleId(id), opts.key)).catch(explain);
      process.stdout.write(
        `bundle ${b.id} version ${b.version}: veto on ${opts.key} lifted; materials to submit ${b.after.materials}, promised working days ${b.after.promisedWorkdays}\n`,
      );
    });

  bundle
    .command('decide-field')
    .description('decide a conflicting form field (type, unit, options): a new version; audited. Publishing is refused until every conflict is decided')
    .argument('<id>', 'bundle id')
    .requiredOption('--field <key>', 'the canonical field key (e.g. investment)')
    .option('--type <type>', 'field type')
    .option('--unit <unit>', 'unit (e.g. 万元)')
    .option('--options <list>', 'choices, separated by /')
    .option('--by <username>', 'who decides')
    .action(async (id: string, opts: { field: string; type?: string; unit?: string; options?: string; by?: string }) => {
      const decision: FieldDecision = {};
      if (opts.type !== undefined) decision.type = opts.type as FieldDecision['type'];
      if (opts.unit !== undefined) decision.unit = opts.unit;
      if (opts.options !== undefined)
        decision.options = opts.options
          .split('/')
          .map((o) => o.trim())
          .filter(Boolean);
      const b = await withStore(async (store) => decideField(store.db, await asUser(store.db, opts.by), bundleId(id), opts.field, decision)).catch(explain);
      const left = b.draft.form.conflicts.filter((c) => !c.decided).map((c) => c.canonicalKey);
      process.stdout.write(`bundle ${b.id} version ${b.version}: field ${opts.field} decided${left.length ? `; still undecided: ${left.join(', ')}` : '; no conflict left'}\n`);
    });

  bundle
    .command('publish')
    .description(
      'publish the latest version: a catalogue service, with its process deployed. Refused while form conflicts are undecided; over a published version it prints what changes and needs --confirm',
    )
    .argument('<id>', 'bundle id')
    .option('--confirm', 'publish a new version over the published one (after reading its changes)')
    .action(async (id: string, opts: { confirm?: boolean }) => {
      const n = bundleId(id);
      await withStore(async (store) => {
        const preview = await publishPreview(store.db, SYSTEM_ACTOR, n);
        if (preview.changes && !opts.confirm) {
          printJson(preview.changes);
          throw new CliError(`version ${preview.publishedVersion} is published; the changes of version ${preview.version} are above: run again with --confirm to publish it`);
        }
      }).catch(explain);
      const r = await withStore((store) => publishBundle(store.db, SYSTEM_ACTOR, n, { confirm: opts.confirm })).catch(explain);
      process.stdout.write(
        `published bundle ${r.bundle.id} version ${r.bundle.publishedVersion}: service ${r.serviceCode} (version ${r.serviceVersion}), process ${r.deployment.processKey} deployed as version ${r.deployment.version}\n`,
      );
    });
}
