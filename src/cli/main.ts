// The zaizao command. Each file in ./commands registers its subcommands; this file only
// wires them up and turns errors into one line on stderr and an exit code.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { CliError } from './errors.js';
import { DomainError } from '../shared/errors.js';

const COMMANDS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'commands');

/** Top-level commands registered by a file of another name. */
const FILE_OF_COMMAND: Record<string, string> = { seed: 'db' };

/**
 * The command files to load for argv: only the named command's file (so `zaizao calendar …`
 * loads the calendar's modules and nothing else), none for --version, all for help or an
 * unknown command (commander lists or suggests them).
 */
function filesFor(argv: string[] | undefined, files: string[]): string[] {
  if (!argv) return files;
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) return [];
  const name = argv.find((a) => !a.startsWith('-'));
  if (!name || argv.includes('--help') || argv.includes('-h')) return name ? pick(FILE_OF_COMMAND[name] ?? name, files) : files;
  return pick(FILE_OF_COMMAND[name] ?? name, files);
}

function pick(base: string, files: string[]): string[] {
  const own = files.filter((f) => f.replace(/\.(ts|js)$/, '') === base);
  return own.length > 0 ? own : files;
}

export async function buildProgram(argv?: string[]): Promise<Command> {
  const program = new Command('zaizao')
    .description('Zaizao (再造): process reengineering platform for county governments')
    .version('0.1.0')
    .showHelpAfterError(false)
    .exitOverride();
  const all = fs
    .readdirSync(COMMANDS_DIR)
    .filter((f) => /\.ts$|\.js$/.test(f) && !/\.(test|d)\./.test(f))
    .sort();
  for (const file of filesFor(argv, all)) {
    const mod = (await import(pathToFileURL(path.join(COMMANDS_DIR, file)).href)) as { register?: (p: Command) => void };
    if (typeof mod.register === 'function') mod.register(program);
  }
  // Subcommands inherit exitOverride so usage errors reach our handler.
  const override = (cmd: Command) => {
    cmd.exitOverride();
    cmd.commands.forEach(override);
  };
  override(program);
  return program;
}

/**
 * `zaizao … | head`: the reader closed the pipe and wants no more. Stop quietly (exit 0)
 * instead of crashing with an unhandled EPIPE.
 */
let pipesWatched = false;
export function exitQuietlyOnClosedPipe(): void {
  if (pipesWatched) return;
  pipesWatched = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(stream === process.stdout ? 0 : ((process.exitCode as number | undefined) ?? 0));
      throw err;
    });
  }
}

export async function runCli(argv: string[]): Promise<number> {
  exitQuietlyOnClosedPipe();
  const program = await buildProgram(argv);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version are not errors; commander already printed the message
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      return 2;
    }
    if (err instanceof CliError) {
      process.stderr.write(`zaizao: ${err.message}\n`);
      return err.exitCode;
    }
    // A capability's refusal that no command words itself: its message, exit 3 when not allowed.
    if (err instanceof DomainError) {
      process.stderr.write(`zaizao: ${err.message}\n`);
      return err.status === 403 ? 3 : 1;
    }
    process.stderr.write(`zaizao: ${(err as Error).message ?? String(err)}\n`);
    if (process.env.ZAIZAO_DEBUG) process.stderr.write(`${(err as Error).stack}\n`);
    return 1;
  }
}
