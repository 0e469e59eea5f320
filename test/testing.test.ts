import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { TemplateSnapshot } from '../lib/testing';

const ASSET_HASH_PLACEHOLDER = '<asset-hash>';
import { newApp } from './support/app';

describe('normalizeTemplate', () => {
  test('replaces asset hashes and renames hashed Lambda version logical IDs with their references', () => {
    const hash = 'a'.repeat(64);
    const template = {
      Resources: {
        FnCurrentVersion1234ABCD0123456789abcdef0123456789abcdef: { Type: 'AWS::Lambda::Version' },
        Alias: { Type: 'AWS::Lambda::Alias', Properties: { FunctionVersion: { 'Fn::GetAtt': ['FnCurrentVersion1234ABCD0123456789abcdef0123456789abcdef', 'Version'] } } },
        Fn: { Type: 'AWS::Lambda::Function', Properties: { Code: { S3Key: `${hash}.zip` } } },
      },
    };
    const out = TemplateSnapshot.normalize(template);
    expect(Object.keys(out.Resources)).toEqual(['FnCurrentVersion1234ABCD<code-hash>', 'Alias', 'Fn']);
    expect(out.Resources.Alias.Properties.FunctionVersion['Fn::GetAtt'][0]).toBe('FnCurrentVersion1234ABCD<code-hash>');
    expect(out.Resources.Fn.Properties.Code.S3Key).toBe(`${ASSET_HASH_PLACEHOLDER}.zip`);
    expect(template.Resources.Fn.Properties.Code.S3Key).toBe(`${hash}.zip`); // input untouched
  });

  test('two builds of a function from different code give the same normalized template', () => {
    const build = (dir: string) => {
      const stack = new Stack(newApp(), 'S');
      const fn = new lambda.Function(stack, 'Fn', { code: lambda.Code.fromAsset(dir), handler: 'index.handler', runtime: lambda.Runtime.NODEJS_22_X });
      void fn.currentVersion;
      return stack;
    };
    const a = build(path.join(__dirname, 'support', 'assets', 'v1'));
    const b = build(path.join(__dirname, 'support', 'assets', 'v2'));
    expect(JSON.stringify(TemplateSnapshot.fromStack(a))).toBe(JSON.stringify(TemplateSnapshot.fromStack(b)));
    expect(JSON.stringify(TemplateSnapshot.fromStack(a))).toContain(ASSET_HASH_PLACEHOLDER);
  });
});
