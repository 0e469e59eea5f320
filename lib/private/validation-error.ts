import { IConstruct } from 'constructs';

const MARKER = Symbol.for('cdk-event-readiness.ValidationError');

/**
 * The one error type this library throws for invalid input (not exported: jsii cannot export a
 * subclass of `Error`; users test for it with the public `Errors.isValidationError`).
 *
 * The message names the construct path (when the error belongs to a construct),
 * the value received and what is allowed, so a failing `cdk synth` says what to fix.
 */
export class ValidationError extends Error {
  /** True for this library's validation errors, from any copy of the library loaded. */
  public static isValidationError(x: unknown): x is ValidationError {
    return typeof x === 'object' && x !== null && MARKER in x;
  }

  /**
   * Collects several problems of one construct into one error, so a user sees every
   * failure at once. Returns without throwing when `problems` is empty.
   *
   * @param subject what was validated, e.g. "EventWindow 'prime-day'"
   * @param problems one sentence per problem
   * @param scope the construct the input belongs to, if any (its path is named)
   */
  public static throwIfAny(subject: string, problems: string[], scope?: IConstruct): void {
    if (problems.length === 0) {
      return;
    }
    const body = problems.length === 1
      ? problems[0]
      : problems.map((p) => `\n  - ${p}`).join('');
    throw new ValidationError(`${subject}: ${body}`, scope);
  }

  /** The construct path named in the message, if the error belongs to a construct. */
  public readonly constructPath?: string;

  /**
   * @param message what was received and what is allowed
   * @param scope the construct the input belongs to; its path prefixes the message
   */
  constructor(message: string, scope?: IConstruct) {
    const path = scope?.node.path;
    // A deploy-time value (a token) printed as \${Token[TOKEN.123]} tells the reader nothing.
    const readable = message.replace(/\$\{Token\[[^\]]*\]\}/g, '(known only at deploy time)');
    super(path ? `[${path}] ${readable}` : readable);
    this.name = 'ValidationError';
    this.constructPath = path;
    Object.defineProperty(this, MARKER, { value: true });
    Object.setPrototypeOf(this, ValidationError.prototype);
  }
}
