#!/usr/bin/env node
// memcg-verify: runs the TypeScript sources directly (no build step) via tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
