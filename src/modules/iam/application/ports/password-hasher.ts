export abstract class PasswordHasher {
  abstract hash(password: string): Promise<string>;

  /** Compares in constant time; false for a hash of an unknown format. */
  abstract verify(password: string, hash: string): Promise<boolean>;
}
