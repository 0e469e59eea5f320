#!/usr/bin/env node
/**
 * The example app: `npx cdk synth` builds every example; `-c example=flash-sale` builds one.
 * cdk-nag's AwsSolutions pack runs on every synth, and the built-in CloudFormation
 * validation is strict (cdk.json), so an unacknowledged finding fails synth.
 */
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
app.synth();
