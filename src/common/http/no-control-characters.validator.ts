import { ValidateBy } from 'class-validator';

// C0 controls and DEL. PostgreSQL text cannot hold U+0000 at all, and the
// others have no place in names and emails.
// eslint-disable-next-line no-control-regex -- matching controls is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** Checks whether a string contains a control character such as NUL or a newline. */
export function hasControlCharacter(value: string): boolean {
  return CONTROL_CHARACTER.test(value);
}

/** Rejects a string with a control character; other types pass to the next rule. */
export function NoControlCharacters(): PropertyDecorator {
  return ValidateBy({
    name: 'noControlCharacters',
    validator: {
      validate: (value: unknown) =>
        typeof value !== 'string' || !hasControlCharacter(value),
      defaultMessage: () =>
        'must not contain control characters such as NUL, tab or newline',
    },
  });
}
