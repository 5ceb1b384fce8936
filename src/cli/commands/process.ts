import fs from 'node:fs';
import type { Command } from 'commander';
import { importBpmn, dryRun, shanghaiIso, EngineError, EngineStore } from '../../engine/index.js';
import { parseFormat, printJson, printTable, withStore } from '../context.js';
import { CliError, UsageError } from '../errors.js';
import { isoDatesExist } from '../../shared/time.js';

function jsonOption(text: string | undefined, name: string): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${name} is not JSON: ${(err as Error).message}`);
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new UsageError(`${name} must be a JSON object`);
  return v as Record<string, unknown>;
}

export function register(program: Command): void {
  const proc = program.command('process').description('process instances (流程实例)');
  proc
    .command('dry-run')
    .argument('<file>', 'a BPMN 2.0 XML file')
    .description('run a process in memory on a virtual clock and print its history (no database)')
    .requiredOption('--start <instant>', 'start instant, ISO-8601 with offset, e.g. 2025-09-30T10:00:00+08:00')
    .option('--vars <json>', 'process variables, a JSON object')
    .option('--process <id>', 'which process of the file (default: the first executable one)')
    .option('--task-durations <json>', 'element id → ISO duration a user task takes, in working time')
    .option('--task-vars <json>', 'element id → variables its task completes with')
    .option('--max-steps <n>', 'stop after n steps', '10000')
    .option('--format <format>', 'json | table')
    .action(async (file: string, opts: { start: string; vars?: string; process?: string; taskDurations?: string; taskVars?: string; maxSteps: string; format?: string }) => {
      const format = parseFormat(opts.format, ['json', 'table'] as const, 'table');
      const start = new Date(opts.start);
      if (Number.isNaN(start.getTime()) || !/T/.test(opts.start) || !isoDatesExist(opts.start)) throw new UsageError(`--start must be an ISO-8601 instant (got ${opts.start})`);
      const maxSteps = Number(opts.maxSteps);
      if (!Number.isInteger(maxSteps) || maxSteps < 1) throw new UsageError('--max-steps must be a positive integer');
      let xml: string;
      try {
        xml = fs.readFileSync(file, 'utf8');
      } catch (err) {
        throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      const { validation, models } = await importBpmn(xml);
      if (!models || validation.errors.length) throw new CliError(`${file} is not valid BPMN: ${validation.errors.map((e) => `${e.id ?? ''} ${e.message}`.trim()).join('; ')}`);
      if (validation.unsupported.length) throw new CliError(`${file} uses unsupported elements: ${validation.unsupported.map((u) => `${u.id} (${u.type})`).join(', ')}`, 3);
      let result;
      try {
        result = await dryRun(models, {
          start,
          processId: opts.process,
          variables: jsonOption(opts.vars, '--vars'),
          taskDurations: jsonOption(opts.taskDurations, '--task-durations') as Record<string, string> | undefined,
          taskVariables: jsonOption(opts.taskVars, '--task-vars') as Record<string, Record<string, unknown>> | undefined,
          maxSteps,
        });
      } catch (err) {
        if (err instanceof EngineError) throw new CliError(err.message);
        throw err;
      }
      const events = result.events.map((e) => ({ ...e, at: shanghaiIso(e.at) }));
      if (format === 'json') {
        printJson({ ...result, start: shanghaiIso(result.start), end: shanghaiIso(result.end), events });
      } else {
        printTable(
          events.map((e) => ({ at: e.at, event: e.type, element: e.elementId ?? '', name: e.elementName ?? '', detail: e.data ? JSON.stringify(e.data) : '' })),
          ['at', 'event', 'element', 'name', 'detail'],
        );
        process.stdout.write(
          `${result.status} at ${shanghaiIso(result.end)} after ${result.steps} steps${result.incidents.length ? `, ${result.incidents.length} incident(s)` : ''}\n`,
        );
      }
    });
  proc
    .command('history')
    .description('the engine history (the event log) of the database, as XES (IEEE 1849) or JSON')
    .option('--process <key>', 'only instances of this process')
    .option('--region <code>', 'only this region and the regions below it')
    .option('--format <format>', 'xes | json')
    .action(async (opts: { process?: string; region?: string; format?: string }) => {
      const format = parseFormat(opts.format, ['xes', 'json'] as const, 'xes');
      if (opts.region !== undefined && !/^\d+$/.test(opts.region)) throw new UsageError('--region must be a region code (digits)');
      await withStore(async (store) => {
        const engine = new EngineStore(store.db);
        if (format === 'json') printJson(await engine.history({ processKey: opts.process, regionPrefix: opts.region }));
        else process.stdout.write(await engine.exportXes({ processKey: opts.process, regionPrefix: opts.region }));
      });
    });
}
