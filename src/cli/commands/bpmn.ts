import fs from 'node:fs';
import type { Command } from 'commander';
import { importBpmn, validationExitCode } from '../../engine/bpmn/import.js';
import { exportBpmn } from '../../engine/bpmn/export.js';
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
    .description('check a model: exit 0 when executable as is, 1 when the XML or BPMN is invalid, 3 when it uses unsupported elements')
    .option('--format <format>', 'text | json')
    .action(async (file: string, opts: { format?: string }) => {
      const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
      const { validation } = await importBpmn(readFile(file));
      const code = validationExitCode(validation);
      if (format === 'json') {
        printJson({ ok: validation.ok, executable: validation.executable, errors: validation.errors, unsupported: validation.unsupported, warnings: validation.warnings });
      } else {
        for (const e of validation.errors) process.stdout.write(`error ${e.id ?? ''}${e.type ? ` (${e.type})` : ''}: ${e.message}\n`);
        for (const u of validation.unsupported) process.stdout.write(`unsupported ${u.id} (${u.type})${u.reason ? `: ${u.reason}` : ''}\n`);
        for (const w of validation.warnings) process.stdout.write(`warning ${w}\n`);
        process.stdout.write(code === 0 ? `ok: ${validation.executable ? 'executable' : 'valid, not marked executable'}\n` : code === 1 ? 'invalid\n' : 'uses unsupported elements\n');
      }
      process.exitCode = code;
    });
  bpmn
    .command('export')
    .argument('<file>', 'a BPMN 2.0 XML file')
    .description('read a model and write it back as normalised BPMN 2.0 XML (what the engine understood)')
    .action(async (file: string) => {
      const { validation, models } = await importBpmn(readFile(file));
      if (!models || validation.errors.length) throw new CliError(`${file} is not valid BPMN: ${validation.errors.map((e) => `${e.id ?? ''} ${e.message}`).join('; ')}`);
      process.stdout.write(await exportBpmn(models));
    });
}
