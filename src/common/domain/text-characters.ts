// C0 controls and DEL. PostgreSQL text cannot hold U+0000 at all, and the
// others have no place in names, emails or request ids.
// eslint-disable-next-line no-control-regex -- matching controls is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /\p{Surrogate}/u;

/** Checks whether a string contains a control character such as NUL or a newline. */
export function hasControlCharacter(value: string): boolean {
  return CONTROL_CHARACTER.test(value);
}

/**
 * Checks whether a string contains half of a UTF-16 surrogate pair on its
 * own. UTF-8 cannot encode one, so PostgreSQL would store U+FFFD instead.
 */
export function hasLoneSurrogate(value: string): boolean {
  return LONE_SURROGATE.test(value);
}
