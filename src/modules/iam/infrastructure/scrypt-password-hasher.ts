import { Injectable, Logger } from '@nestjs/common';
import {
  randomBytes,
  scrypt,
  ScryptOptions,
  timingSafeEqual,
} from 'node:crypto';
import { PasswordHasher } from '../application/ports/password-hasher';
import { hasLoneSurrogate } from '../../../common/domain/text-characters';

// scrypt with N = 2^15, r = 8, p = 1, the interactive-login parameters that
// RFC 7914 section 2 discusses; stored as `scrypt$N$r$p$salt$hash` in base64url.
const COST = 32768;
const BLOCK_SIZE = 8;
const PARALLELIZATION = 1;
const KEY_LENGTH = 32;
const MAX_MEMORY = 64 * 1024 * 1024;

function derive(
  password: string,
  salt: Buffer,
  options: ScryptOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password,
      salt,
      KEY_LENGTH,
      { ...options, maxmem: MAX_MEMORY },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

@Injectable()
export class ScryptPasswordHasher extends PasswordHasher {
  private readonly logger = new Logger(ScryptPasswordHasher.name);

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await derive(password, salt, {
      N: COST,
      r: BLOCK_SIZE,
      p: PARALLELIZATION,
    });

    return [
      'scrypt',
      COST,
      BLOCK_SIZE,
      PARALLELIZATION,
      salt.toString('base64url'),
      key.toString('base64url'),
    ].join('$');
  }

  async verify(password: string, hash: string): Promise<boolean> {
    const [scheme, cost, blockSize, parallelization, salt, key] =
      hash.split('$');
    if (scheme !== 'scrypt' || key === undefined) return false;
    // scrypt keys HMAC-SHA256 with the password, and HMAC pads a key with
    // zero bytes, so 'secret' and 'secret\u0000' derive the same key. New
    // passwords cannot contain NUL, so a password with one is wrong.
    if (password.includes('\u0000')) return false;
    // A lone surrogate reaches scrypt as the UTF-8 of U+FFFD, so any lone
    // surrogate would match any other. New passwords cannot contain one.
    if (hasLoneSurrogate(password)) return false;

    const expected = Buffer.from(key, 'base64url');
    let actual: Buffer;
    try {
      actual = await derive(password, Buffer.from(salt, 'base64url'), {
        N: Number(cost),
        r: Number(blockSize),
        p: Number(parallelization),
      });
    } catch (error) {
      // Node rejects parameters that are not integers, not a power of two
      // or above MAX_MEMORY, so such a stored hash counts as an unknown format.
      this.logger.warn(
        { err: error, cost, blockSize, parallelization },
        'Password verification failed: the stored hash has invalid scrypt parameters',
      );
      return false;
    }

    return (
      expected.length === actual.length && timingSafeEqual(expected, actual)
    );
  }
}
