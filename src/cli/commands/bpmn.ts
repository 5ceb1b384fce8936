import fs from 'node:fs';
import type { Command } from 'commander';
import { importBpmn, validationExitCode, exportBpmn, exportDocument } from '../../engine/index.js';
import { parseFormat, printJson } from '../context.js';
import { CliError, UsageError } from '../errors.js';

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

export function register(program: Command): void {
  const bpmn = program.command('bpmn').description('BPMN 2.0 process models (流程模型)');
  bpmn
    .command('validate')
    .argument('<file>', 'a BPMN 2.0 XML file')
    .description(
      'check a model: exit 0 when executable here as is, 1 when the XML or BPMN is invalid, 3 when it is valid BPMN but not executable here (each element, what is missing, what to add)',
    )
    .option('--format <format>', 'text | json')
    .action(async (file: string, opts: { format?: string }) => {
      const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
      const { validation } = await importBpmn(readFile(file));
      const code = validationExitCode(validation);
      if (format === 'json') {
        printJson({ ok: validation.ok, executable: validation.executable, errors: validation.errors, unsupported: validation.unsupported, warnings: validation.warnings });
      } else {
        for (const e of validation.errors) process.stdout.write(`error ${e.id ?? ''}${e.type ? ` (${e.type})` : ''}: ${e.message}\n`);
        for (const u of validation.unsupported) process.stdout.write(`not executable here ${u.id} (${u.type})${u.reason ? `: ${u.reason}` : ''}${u.hint ? ` — ${u.hint}` : ''}\n`);
        for (const w of validation.warnings) process.stdout.write(`warning ${w}\n`);
        process.stdout.write(
          code === 0 ? `ok: ${validation.executable ? 'executable' : 'valid, not marked executable'}\n` : code === 1 ? 'invalid BPMN\n' : 'valid BPMN, not executable here\n',
        );
      }
      process.exitCode = code;
    });
  bpmn
    .command('export')
    .argument('<file>', 'a BPMN 2.0 XML file')
    .description('read a model and write it back whole as BPMN 2.0 XML (every element and the diagram); --engine: only what the engine understood')
    .option('--engine', 'write the executable model as the engine understood it')
    .action(async (file: string, opts: { engine?: boolean }) => {
      if (!opts.engine) {
        const r = await exportDocument(readFile(file));
        if ('errors' in r) throw new CliError(`${file} is not valid BPMN: ${r.errors.map((e) => `${e.id ?? ''} ${e.message}`).join('; ')}`);
        process.stdout.write(r.xml.endsWith('\n') ? r.xml : `${r.xml}\n`);
        return;
      }
      const { validation, models } = await importBpmn(readFile(file));
      if (!models || validation.errors.length) throw new CliError(`${file} is not valid BPMN: ${validation.errors.map((e) => `${e.id ?? ''} ${e.message}`).join('; ')}`);
      process.stdout.write(await exportBpmn(models));
    });
}
