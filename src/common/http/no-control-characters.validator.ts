import { ValidateBy } from 'class-validator';
import {
  hasControlCharacter,
  hasLoneSurrogate,
} from '../domain/text-characters';

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

/** Rejects a string with a lone surrogate; other types pass to the next rule. */
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
