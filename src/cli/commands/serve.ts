import type { Command } from 'commander';
import { startServer } from '../../server/start.js';
import { DataDirInUseError } from '../../store/lock.js';
import { CliError, UsageError } from '../errors.js';

export function register(program: Command): void {
  program
    .command('serve')
    .description('serve the platform (web UI and API) on PORT, default 8080')
    .option('--port <port>', 'port (default: env PORT or 8080)')
    .option('--host <host>', 'interface to listen on (default: env HOST or 127.0.0.1; 0.0.0.0 for all)')
    .action(async (opts: { port?: string; host?: string }) => {
      const port = opts.port === undefined ? undefined : Number(opts.port);
      if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) throw new UsageError(`--port must be a port number (got ${opts.port})`);
      let server;
      try {
        server = await startServer({ port, host: opts.host });
      } catch (err) {
        if (err instanceof DataDirInUseError) throw new CliError(err.message);
        throw err;
      }
      process.stdout.write(`Zaizao is serving at ${server.url}  (API docs: ${server.url}/api/docs)\n`);
      const shutdown = async () => {
        await server.stop();
        process.exit(0);
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
      await new Promise(() => {}); // serve until a signal arrives
    });
}
