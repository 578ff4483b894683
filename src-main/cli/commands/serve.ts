/** `ecgnq serve`: the workstation as a local web app (for machines without a display). */
import type { Command } from 'commander';
import { isLoopback } from '../../web/http-host';
import { startServe } from '../../web/serve';
import { intFlag } from '../flags';
import { ensureRendererBuilt } from '../renderer-build';

export function register(program: Command): void {
  program
    .command('serve')
    .description('Serve the workstation for one project to a browser (HTTP + WebSocket, token-protected)')
    .requiredOption('--db <file>', 'project database (.sqlite)')
    .option('--port <n>', 'port (0 = any free port)', '8765')
    .option('--model <dir>', 'model folder for scalogram reconstructions and scoring (repeatable; default: models/default)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--host <addr>', 'address to bind; anything but loopback exposes the project to the network', '127.0.0.1')
    .action(async (opts: { db: string; port: string; host: string; model?: string[] }) => {
      const port = intFlag('--port', opts.port, 0, 65535);
      if (!isLoopback(opts.host)) {
        process.stderr.write(
          `ecgnq serve: WARNING: binding to ${opts.host} makes the project reachable from other machines. ` +
            'Anyone with the token can read and relabel it; traffic is not encrypted (use an SSH tunnel or a TLS proxy).\n',
        );
      }
      ensureRendererBuilt();
      const handle = await startServe({ dbPath: opts.db, host: opts.host, port, modelDirs: opts.model });
      process.stdout.write(`ECG Noise Workbench serving ${opts.db}\nOpen: ${handle.host.loginUrl}\n`);
      const stop = (): void => {
        void handle.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await new Promise<void>(() => undefined);
    });
}
