// The command in a pipeline: a reader that stops early (`| head`) ends it quietly, and a
// file's problems are listed in full, not only the first few.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, ZAIZAO_BIN, runZaizao } from '../support/cli.js';
import { generateCatalogue } from '../../src/catalogue/generate.js';
import { writeCatalogue } from '../../src/catalogue/files/index.js';

describe('zaizao in a pipeline', () => {
  it('stops quietly with exit 0 when the reader closes the pipe (| head)', async () => {
    const child = spawn(process.execPath, [ZAIZAO_BIN, 'catalog', 'generate', '--matters', '2000'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  });

  it('lists every problem of a bad catalogue file, not only the first three', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zaizao-pipes-'));
    const cat = generateCatalogue({ matters: 6, seed: 3 });
    cat.matters.forEach((m) => ((m as { kind: string }).kind = 'permit'));
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, await writeCatalogue(cat, 'json'));
    const out = await runZaizao(['analyze', file]);
    expect(out.code).toBe(1);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stderr).toContain('6 problem(s)');
    for (let i = 1; i <= 6; i++) expect(out.stdout).toMatch(new RegExp(`matters\\s+${i}\\s+kind`));
  });
});
