#!/usr/bin/env node
import * as fs from 'fs';
import { main } from '../lib/cli/main';

main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  isTty: Boolean(process.stdout.isTTY),
  env: process.env,
  now: () => new Date(),
  writeFile: (path, content) => fs.writeFileSync(path, content),
}).then((code) => {
  process.exitCode = code;
}, (error) => {
  process.stderr.write(`event-readiness: unexpected error: ${error?.stack ?? error}\n`);
  process.exitCode = 70;
});
