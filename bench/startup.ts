// `npm start` to the first successful /health, on a new and on an existing embedded
// database, and the server's resident memory after start. Beside each wall-clock time, the CPU
// time the process used (user + system, all threads): on a machine others share, the wall
// clock grows with their load, the CPU time much less.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, fmtMs, writeSection } from './report.js';

const PORT = 18_900 + Math.floor(Math.random() * 50);

function descendants(pid: number): number[] {
  const out: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift()!;
    let kids: number[] = [];
    try {
      kids = execFileSync('ps', ['-o', 'pid=', '--ppid', String(p)], { encoding: 'utf8' })
        .split('\n')
        .map((s) => Number(s.trim()))
        .filter(Boolean);
    } catch {
      /* no children */
    }
    out.push(...kids);
    queue.push(...kids);
  }
  return out;
}

const TICKS_PER_SECOND = 100; // USER_HZ of /proc/<pid>/stat on Linux

/** CPU seconds (user + system) of a process so far; of its waited-for children too with `children`. */
function cpuSeconds(pid: number | 'self', children = false): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime, stime, cutime, cstime are fields 14–17 of the file, 12–15 after the command name
  const own = Number(fields[11]) + Number(fields[12]);
  return (children ? Number(fields[13]) + Number(fields[14]) : own) / TICKS_PER_SECOND;
}

/** The server's node process among the descendants of pid. */
function serverProcess(pid: number): number | undefined {
  return descendants(pid).find((p) => {
    try {
      const argv = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
      return /node$/.test(argv[0]) && argv.some((a) => a.endsWith('zaizao.js'));
    } catch {
      return false;
    }
  });
}

function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function startAndTime(dataDir: string): Promise<{ ms: number; cpu: number; rss: number; child: ChildProcess }> {
  const t0 = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: { ...process.env, ZAIZAO_DATA: dataDir, PORT: String(PORT), ZAIZAO_DEMO_PASSWORD: 'bench-password', DATABASE_URL: '', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
    detached: true,
  });
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${PORT}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (performance.now() - t0 > 120_000) throw new Error('server did not start within 120 s');
    await new Promise((r) => setTimeout(r, 20));
  }
  const ms = performance.now() - t0;
  const server = serverProcess(child.pid!);
  const cpu = server ? cpuSeconds(server) : NaN;
  // settle before reading memory: the print font is parsed 2 s after the server listens
  await new Promise((r) => setTimeout(r, 4000));
  const rss = server ? rssMiB(server) : NaN;
  return { ms, cpu, rss, child };
}

async function stop(child: ChildProcess): Promise<void> {
  process.kill(-child.pid!, 'SIGTERM');
  await new Promise((r) => child.once('exit', r));
  await new Promise((r) => setTimeout(r, 300));
}

/** Median wall-clock time and median CPU time (user + system) of a whole command, from spawn to exit. */
function timeCommand(args: string[], env: NodeJS.ProcessEnv = {}, runs = 7, before?: () => void): { ms: number; cpu: number } {
  const times: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < runs; i++) {
    before?.();
    const cpu0 = cpuSeconds('self', true);
    const t0 = performance.now();
    execFileSync(process.execPath.replace(/node$/, 'node'), args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: 'ignore' });
    times.push(performance.now() - t0);
    cpus.push(cpuSeconds('self', true) - cpu0);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { ms: median(times), cpu: median(cpus) };
}

const fmtCpu = (seconds: number) => (Number.isFinite(seconds) ? `${seconds.toFixed(2)} s` : 'n/a');
const both = (r: { ms: number; cpu: number }) => `${fmtMs(r.ms)} | ${fmtCpu(r.cpu)}`;

// Commands: the compiled lib/ (what users run) beside the sources through tsx (as before),
// and an empty node process as the floor of any command on this machine.
const cliData = fs.mkdtempSync(path.join(os.tmpdir(), 'zaizao-bench-cli-'));
const cliEnv = { ZAIZAO_DATA: cliData, DATABASE_URL: '' };
const nodeFloor = timeCommand(['-e', '']);
const version = timeCommand(['bin/zaizao.js', '--version']);
const sourceMain = path.join(ROOT, 'src', 'cli', 'main.ts');
const versionFromSource = timeCommand(
  ['--import', 'tsx/esm', '-e', `const { buildProgram } = await import(${JSON.stringify(sourceMain)}); await buildProgram();`, '--input-type=module'],
  {},
  3,
);
execFileSync(process.execPath, ['bin/zaizao.js', 'db', 'migrate'], { cwd: ROOT, env: { ...process.env, ...cliEnv }, stdio: 'ignore' });
const addWorkdaysArgs = ['bin/zaizao.js', 'calendar', 'add-workdays', '2026-09-30', '5'];
// Without the calendar mirror the command opens the database (and writes the mirror again).
const addWorkdaysDb = timeCommand(addWorkdaysArgs, cliEnv, 3, () => fs.rmSync(path.join(cliData, 'calendar-mirror.json'), { force: true }));
const addWorkdays = timeCommand(addWorkdaysArgs, cliEnv, 5);
fs.rmSync(cliData, { recursive: true, force: true });

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zaizao-bench-start-'));
const fresh = await startAndTime(dataDir);
await stop(fresh.child);
const runs: Array<{ ms: number; cpu: number; rss: number }> = [];
for (let i = 0; i < 3; i++) {
  const r = await startAndTime(dataDir);
  runs.push(r);
  await stop(r.child);
}
fs.rmSync(dataDir, { recursive: true, force: true });
const existing = runs.map((r) => r.ms).sort((a, b) => a - b)[1];
const existingCpu = runs.map((r) => r.cpu).sort((a, b) => a - b)[1];
const rssExisting = Math.max(...runs.map((r) => r.rss));

const table = `## Start-up (issues: platform foundation, #13 the house)

\`npm start\` until the first \`GET /health\` answers 200, embedded database (PGlite). A new
database copies the data directory prepared on install (initdb and every migration) and then
loads the demo data. CPU time: user + system, all threads, of the server's node process when
\`/health\` first answers; on a machine others share it grows far less with their load than
the wall clock does.

| measure | result | CPU time of the server | goal |
|---|---|---|---|
| new database (copy the prepared one, load demo data) | ${both(fresh)} | ≤ 5 s |
| existing database (median of 3) | ${both({ ms: existing, cpu: existingCpu })} | ≤ 2 s |
| resident memory of the server after start, existing database (max of 3) | ${rssExisting.toFixed(0)} MiB | | ≤ 600 MB |
| resident memory of the server after its first start (new database) | ${fresh.rss.toFixed(0)} MiB | | |

Commands, whole process from spawn to exit (median of 7; tsx: of 3):

| command | result | CPU time | goal |
|---|---|---|---|
| \`node -e ''\` (the floor of any command here) | ${both(nodeFloor)} | |
| \`zaizao --version\` (compiled \`lib/\`) | ${both(version)} | ≤ 150 ms |
| \`zaizao --version\` from the sources through tsx, every command loaded (as before) | ${both(versionFromSource)} | |
| \`zaizao calendar add-workdays 2026-09-30 5\` (existing embedded database, its calendar mirror) | ${both(addWorkdays)} | ≤ 400 ms |
| the same without the mirror (opens the database, writes the mirror) | ${both(addWorkdaysDb)} | |

The calendar arithmetic needs the holiday years loaded into the database. The owner of an
embedded database keeps a file mirror of them beside it (\`calendar-mirror.json\`, rewritten at
every open and after every change), so the arithmetic commands answer without starting PGlite,
and answer while the server owns the directory.`;
writeSection('startup', table);
console.log(table);
