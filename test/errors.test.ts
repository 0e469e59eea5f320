import { App, Stack } from 'aws-cdk-lib';
import { Errors, EventWindow } from '../lib';
import { ValidationError } from '../lib/private/validation-error';

/** Users tell the library's validation errors apart with the public `Errors.isValidationError`. */
describe('Errors.isValidationError', () => {
  function thrown(fn: () => unknown): unknown {
    try {
      fn();
    } catch (e) {
      return e;
    }
    throw new Error('expected a throw');
  }

  test('GIVEN invalid input WHEN the library throws THEN the error is recognised, is an Error and names itself', () => {
    const e = thrown(() => new EventWindow({ name: 'sale', start: '2030-01-01T12:00', end: '2030-01-01T10:00' }));
    expect(Errors.isValidationError(e)).toBe(true);
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).name).toBe('ValidationError');
    expect((e as Error).message).toMatch(/^EventWindow 'sale': /);
  });

  test.each([
    ['a plain Error', new Error('x')],
    ['a TypeError', new TypeError('x')],
    ['an Error named ValidationError by someone else', Object.assign(new Error('x'), { name: 'ValidationError' })],
    ['a string', 'ValidationError'],
    ['null', null],
    ['undefined', undefined],
  ])('%s is not one', (_what, value) => {
    expect(Errors.isValidationError(value)).toBe(false);
  });
});

describe('messages name deploy-time values in words', () => {
  test('a token in a message is never printed as ${Token[...]}', () => {
    const stack = new Stack(new App(), 'S');
    const e = new ValidationError(`the table ${stack.stackName}-${stack.account} is too small`, stack);
    expect(e.message).toBe('[S] the table S-(known only at deploy time) is too small');
  });
});
