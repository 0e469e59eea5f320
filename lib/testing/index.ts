import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

const HASH = /[0-9a-f]{64}/g;
// Lambda versions and similar resources carry the code hash in their logical ID.
const HASHED_LOGICAL_ID = /^(.*CurrentVersion[0-9A-F]{8})[0-9a-f]{32}$/;

/**
 * Templates for snapshot tests, with the values that change without the infrastructure
 * changing normalized: asset hashes (in S3 keys, image tags, parameters and metadata) and
 * the code hash in Lambda version logical IDs (references to them are renamed too).
 *
 * `expect(TemplateSnapshot.fromStack(stack)).toMatchSnapshot()`
 */
export class TemplateSnapshot {
  /** What asset hashes are replaced with. */
  public static readonly ASSET_HASH_PLACEHOLDER = '<asset-hash>';

  /** A stack's synthesized template, normalized. */
  public static fromStack(stack: Stack): { [key: string]: any } {
    return TemplateSnapshot.normalize(Template.fromStack(stack).toJSON());
  }

  /** A template, normalized. Returns a new object; the input is not modified. */
  public static normalize(template: { [key: string]: any }): { [key: string]: any } {
    const renames = new Map<string, string>();
    for (const id of Object.keys(template.Resources ?? {})) {
      const m = HASHED_LOGICAL_ID.exec(id);
      if (m) {
        renames.set(id, `${m[1]}<code-hash>`);
      }
    }
    const visit = (value: any): any => {
      if (typeof value === 'string') {
        return renames.get(value) ?? value.replace(HASH, TemplateSnapshot.ASSET_HASH_PLACEHOLDER);
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

  private constructor() {}
}
