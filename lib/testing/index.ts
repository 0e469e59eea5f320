import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

/** What volatile values are replaced with in a normalized template. */
export const ASSET_HASH_PLACEHOLDER = '<asset-hash>';

const HASH = /[0-9a-f]{64}/g;
// Lambda versions and similar resources carry the code hash in their logical ID.
const HASHED_LOGICAL_ID = /^(.*CurrentVersion[0-9A-F]{8})[0-9a-f]{32}$/;

/**
 * Replaces values that change without the infrastructure changing: asset hashes
 * (in S3 keys, image tags, parameters and metadata) and the code hash in Lambda
 * version logical IDs. References to a renamed logical ID are renamed with it.
 * Returns a new object; the input is not modified.
 */
export function normalizeTemplate(template: { [key: string]: any }): { [key: string]: any } {
  const renames = new Map<string, string>();
  for (const id of Object.keys(template.Resources ?? {})) {
    const m = HASHED_LOGICAL_ID.exec(id);
    if (m) {
      renames.set(id, `${m[1]}<code-hash>`);
    }
  }
  const visit = (value: any): any => {
    if (typeof value === 'string') {
      return renames.get(value) ?? value.replace(HASH, ASSET_HASH_PLACEHOLDER);
    }
    if (Array.isArray(value)) {
      return value.map(visit);
    }
    if (value && typeof value === 'object') {
      const out: { [key: string]: any } = {};
      for (const [k, v] of Object.entries(value)) {
        out[renames.get(k) ?? k] = visit(v);
      }
      return out;
    }
    return value;
  };
  return visit(template);
}

/**
 * A stack's synthesized template, normalized for snapshot tests:
 * `expect(templateForSnapshot(stack)).toMatchSnapshot()` changes only when the
 * template really changes, not when an asset's bytes do.
 */
export function templateForSnapshot(stack: Stack): { [key: string]: any } {
  return normalizeTemplate(Template.fromStack(stack).toJSON());
}

