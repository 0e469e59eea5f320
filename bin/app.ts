#!/usr/bin/env node
/**
 * The example app: `npx cdk synth` builds every example; `-c example=flash-sale` builds one.
 * cdk-nag's AwsSolutions pack runs on every synth, and the built-in CloudFormation
 * validation is strict (cdk.json), so an unacknowledged finding fails synth.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EXAMPLES } from '../examples';

const app = new App();
const selected = app.node.tryGetContext('example') as string | undefined;
const names = selected ? [selected] : Object.keys(EXAMPLES);
for (const name of names) {
  const build = EXAMPLES[name];
  if (!build) {
    throw new Error(`Unknown example '${name}'; choose one of: ${Object.keys(EXAMPLES).join(', ')}`);
  }
  build(app);
}
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
const assembly = app.synth();

// aws-cdk-lib reports the built-in CloudFormation validation's findings as warnings, and the
// CLI does not fail on them; an example app that must have zero findings checks the report.
const report = path.join(assembly.directory, 'validation-report.json');
const findings = fs.existsSync(report)
  ? JSON.parse(fs.readFileSync(report, 'utf8')).pluginReports
    .flatMap((p: any) => (p.violations ?? []).map((v: any) => `${p.pluginName} ${v.ruleName}: ${v.description}`))
  : [];
if (findings.length > 0) {
  console.error(`${findings.length} unacknowledged validation finding(s):\n  ${findings.join('\n  ')}`);
  process.exit(1);
}
