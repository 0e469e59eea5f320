import { ValidationError } from './private/validation-error';

/**
 * Tells this library's errors apart from others.
 *
 * Invalid input makes the library throw an `Error` whose `name` is `ValidationError` and whose
 * message names the construct path (when the input belongs to a construct), the value received
 * and what is allowed. The class itself is not part of the API, because subclasses of `Error`
 * cannot cross to other languages; test for it with `Errors.isValidationError(e)`.
 *
 * TypeScript and JavaScript only: in Python, Java, .NET and Go the error arrives as the jsii
 * runtime's exception, carrying the same message, and the JavaScript object this would inspect
 * does not cross; match on the message there.
 *
 * @jsii ignore the object it inspects never reaches other languages
 */
export class Errors {
  /**
   * True if `x` is a validation error thrown by this library (any copy of it loaded in the app).
   *
   * @param x any value caught
   */
  public static isValidationError(x: any): boolean {
    return ValidationError.isValidationError(x);
  }

  private constructor() {}
}
