#!/usr/bin/env node
/**
 * Development mode: the server (API + workers, embedded PostgreSQL unless DATABASE_URL)
 * on :8080 and Vite's dev server on :5173 with hot reload, proxying /api to the server.
 * Ctrl-C stops both.
 */
import { spawn } from 'node:child_process';

const run = (cmd, args) => spawn(cmd, args, { stdio: 'inherit', env: process.env });
const build = run('npm', [
  'run',
  'build',
  '--workspace',
  '@huikuan/domain',
  '--workspace',
  '@huikuan/server',
]);
build.on('exit', (code) => {
  if (code !== 0) process.exit(code ?? 1);
  const server = run('node', ['packages/server/dist/cli.js', 'serve']);
  const vite = run('npm', ['run', 'dev', '--workspace', '@huikuan/web']);
  process.stdout.write('\nWeb UI with hot reload: http://localhost:5173 (API on :8080)\n');
  const stop = () => {
    vite.kill('SIGINT');
    server.kill('SIGINT');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.on('exit', () => vite.kill('SIGINT'));
});
