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

/**
 * What is wrong with an RDS DB instance or cluster identifier, by RDS's rules (CreateDBInstance /
 * CreateDBCluster API reference): 1 to 63 ASCII letters, digits or hyphens, a letter first, no
 * hyphen last, no two hyphens in a row. A schedule naming any other fails when it fires.
 */
export function rdsIdentifierProblems(field: string, value: string): string[] {
  return /^[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(value) && !value.includes('--') ? []
    : [`${field} must be 1-63 letters, digits and hyphens, starting with a letter, not ending with a hyphen and without `
      + `two hyphens in a row (RDS's identifier rules), got '${value}'`];
}

/** DynamoDB table names (CreateTable API reference): 3 to 255 of a-z, A-Z, 0-9, '_', '-', '.'. */
export function tableNameProblems(field: string, value: string): string[] {
  return /^[A-Za-z0-9_.-]{3,255}$/.test(value) ? []
    : [`${field} must be 3-255 letters, digits, underscores, hyphens and dots (DynamoDB's table-name rules), got '${value}'`];
}

/** Lambda function names (CreateFunction API reference, the name alone): 1 to 64 of a-z, A-Z, 0-9, '-', '_'. */
export function functionNameProblems(field: string, value: string): string[] {
  return /^[A-Za-z0-9_-]{1,64}$/.test(value) ? []
    : [`${field} must be 1-64 letters, digits, hyphens and underscores (Lambda's function-name rules), got '${value}'`];
}

/** Lambda alias names (CreateAlias API reference): `(?!^[0-9]+$)([a-zA-Z0-9-_]+)`, at most 128 characters. */
export function aliasNameProblems(field: string, value: string): string[] {
  return /^[a-zA-Z0-9_-]{1,128}$/.test(value) && !/^[0-9]+$/.test(value) ? []
    : [`${field} must be 1-128 letters, digits, hyphens and underscores, not only digits, got '${value}'`];
}

/** ECS cluster and service names (CreateCluster, CreateService API reference): 1 to 255 of a-z, A-Z, 0-9, '_', '-'. */
export function ecsNameProblems(field: string, value: string): string[] {
  return /^[A-Za-z0-9_-]{1,255}$/.test(value) ? []
    : [`${field} must be 1-255 letters, digits, hyphens and underscores (ECS's name rules), got '${value}'`];
}
