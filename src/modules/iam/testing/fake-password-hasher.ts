import { PasswordHasher } from '../application/ports/password-hasher';

/** Reversible stand-in for scrypt that records every verification. */
export class FakePasswordHasher extends PasswordHasher {
  readonly verifiedHashes: string[] = [];
  hashCount = 0;

  async hash(password: string): Promise<string> {
    this.hashCount += 1;

    return `fake$${password}`;
  }

  async verify(password: string, hash: string): Promise<boolean> {
    this.verifiedHashes.push(hash);

    return hash === `fake$${password}`;
  }
}
