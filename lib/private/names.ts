/** Event and tier names: lowercase letters, digits and single hyphens; they prefix AWS resource names. */
const NAME_PATTERN = /^[a-z](?:[a-z0-9-]*[a-z0-9])?$/;

/** The longest event or tier name. */
export const MAX_NAME_LENGTH = 20;

/** The rule, worded for error messages ("<field> must be …"). */
export const NAME_RULE = `must be 1-${MAX_NAME_LENGTH} lowercase letters, digits and single hyphens, `
  + 'starting with a letter and not ending with a hyphen (it prefixes AWS resource names)';

/** True when the name may prefix AWS resource names. */
export function isValidName(name: unknown): name is string {
  return typeof name === 'string' && NAME_PATTERN.test(name) && !name.includes('--') && name.length <= MAX_NAME_LENGTH;
}
