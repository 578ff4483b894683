#!/usr/bin/env node
// Entry point of the `ecgnq` CLI: runs the TypeScript sources through tsx so the CLI,
// the web host and the tests execute exactly the same engine code.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src-main/cli/main.ts');
await main(process.argv);
