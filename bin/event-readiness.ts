#!/usr/bin/env node
import * as fs from 'fs';
import { EXIT } from '../lib/cli/io';
import { main } from '../lib/cli/main';

// The SDK clients are bundled at a pinned version: its notice that later SDK releases will need a
// newer Node does not apply to this CLI, which supports every Node the package does.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  isTty: Boolean(process.stdout.isTTY),
  isErrTty: Boolean(process.stderr.isTTY),
  // A terminal that reports no useful width (0 under some pseudo-terminals) gets full-width tables.
  columns: process.stdout.isTTY && process.stdout.columns >= 40 ? process.stdout.columns : undefined,
  env: process.env,
  now: () => new Date(),
  writeFile: (path, content) => fs.writeFileSync(path, content),
}).then((code) => {
  process.exitCode = code;
}, (error) => {
  process.stderr.write(`event-readiness: unexpected error: ${error?.stack ?? error}\n`);
  process.exitCode = EXIT.INTERNAL;
});
