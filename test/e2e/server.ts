// Helpers for end-to-end tests: build the web app when its sources changed, start the real
// server on a fresh embedded database (the demo organisation and catalogue load on first
// start), and launch the system's headless Chromium.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WEB = path.join(ROOT, 'web');
const DIST_INDEX = path.join(WEB, 'dist', 'index.html');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const PASSWORD = 'e2e-Demo-2026';
/** How long `expect.poll` waits for what a page shows (as long as Playwright waits for an element; vitest's own second is too short on a loaded machine). */
export const SHOWN = { timeout: 30_000 };
/**
 * The server's clock starts here (ZAIZAO_CLOCK_START) and runs in real time, so deadlines the
 * journeys compute (20 working days for a ledger item, ...) never depend on the day the tests run.
 */
export const CLOCK_START = '2026-03-02T09:30:00+08:00';

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

export function ensureWebBuild(): void {
  if (fs.existsSync(DIST_INDEX) && fs.statSync(DIST_INDEX).mtimeMs >= newestSource(WEB)) return;
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'pipe',
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface RunningServer {
  base: string;
  /** The embedded database directory (removed by stop). */
  dataDir: string;
  /** The environment the server runs with (for CLI commands on the same data). */
  env: NodeJS.ProcessEnv;
  output: () => string;
  /**
   * Moves the server's virtual clock to `instant` (an ISO instant with an offset), from where it
   * runs on in real time: deadlines pass at once instead of being waited for. The server reads
   * the clock file (ZAIZAO_CLOCK_FILE) on its next reading of the time.
   */
  setClock: (instant: string) => void;
  /** Stops the server and leaves its data directory (a CLI command may open it then). */
  halt: () => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * `zaizao serve` on a fresh data directory; resolves once /health answers. `prepare` runs
 * first, with the server's environment (CLI commands that set data up before the server owns it).
 */
export async function startServer(timeoutMs = 120_000, options: { prepare?: (env: NodeJS.ProcessEnv) => void } = {}): Promise<RunningServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zaizao-e2e-data-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const clockFile = `${dataDir}.clock`;
  fs.writeFileSync(clockFile, CLOCK_START);
  const setClock = (instant: string) => fs.writeFileSync(clockFile, instant);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    ZAIZAO_DATA: dataDir,
    ZAIZAO_DEMO_PASSWORD: PASSWORD,
    ZAIZAO_CLOCK_START: CLOCK_START,
    ZAIZAO_CLOCK_FILE: clockFile,
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  options.prepare?.(env);
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'bin', 'zaizao.js'), 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const halt = async () => {
    if (gone()) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    // A server that does not stop within 30 s is killed; either way, wait until the process
    // is gone, so the data directory is free for the next command.
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
    if (!gone()) {
      child.kill('SIGKILL');
      await exited;
    }
  };
  const stop = async () => {
    await halt();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(clockFile, { force: true });
  };
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > timeoutMs) {
      await stop();
      throw new Error(`server did not answer /health within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { base, dataDir, env, output: () => output, setClock, halt, stop };
}

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install the Debian package chromium (and fonts-noto-cjk)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export interface E2ESession {
  /** The server's base URL (after beforeAll). */
  readonly base: string;
  /** The headless Chromium (after beforeAll). */
  readonly browser: Browser;
  /** Moves the server's virtual clock (see RunningServer.setClock). */
  setClock(instant: string): void;
  /** Where this file's screenshots go. */
  readonly screenshots: string;
  /** A full-page screenshot; a blank page (a tiny file) fails the test. */
  shot(page: Page, name: string): Promise<void>;
}

/**
 * One server on a fresh embedded database and one browser for the enclosing describe block:
 * started before its tests, stopped after. Call it inside `describe`.
 */
export function useServerAndBrowser(): E2ESession {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const screenshots = fs.mkdtempSync(path.join(os.tmpdir(), 'zaizao-e2e-shots-'));
  beforeAll(async () => {
    ensureWebBuild(); // normally done once for the whole run by vitest's globalSetup
    server = await startServer();
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    get base() {
      if (!server) throw new Error('the server is not started yet: use the session inside tests');
      return server.base;
    },
    get browser() {
      if (!browser) throw new Error('the browser is not launched yet: use the session inside tests');
      return browser;
    },
    setClock(instant) {
      if (!server) throw new Error('the server is not started yet: use the session inside tests');
      server.setClock(instant);
    },
    screenshots,
    async shot(page, name) {
      const file = path.join(screenshots, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      expect(fs.statSync(file).size).toBeGreaterThan(10_000);
    },
  };
}
