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

const LONE_SURROGATE = /\p{Surrogate}/u;

/** Checks whether a string contains half of a UTF-16 surrogate pair on its own. */
export function hasLoneSurrogate(value: string): boolean {
  return LONE_SURROGATE.test(value);
}

/**
 * Rejects a string with a lone surrogate. UTF-8 cannot encode one, so
 * PostgreSQL would store U+FFFD in its place. Other types pass to the next
 * rule.
 */
export function NoLoneSurrogates(): PropertyDecorator {
  return ValidateBy({
    name: 'noLoneSurrogates',
    validator: {
      validate: (value: unknown) =>
        typeof value !== 'string' || !hasLoneSurrogate(value),
      defaultMessage: () =>
        'must be valid Unicode text without lone surrogates such as \\ud800',
    },
  });
}
