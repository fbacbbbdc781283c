import { Inject, Injectable } from '@nestjs/common';
import { createHmac, hkdfSync } from 'node:crypto';
import { APP_SETTINGS, AppSettings } from '../../../config/app-settings';
import { RunInputDigest } from '../application/ports/run-input-digest';

/**
 * HMAC-SHA256 of the input, as 64 hex digits, keyed by a key derived from
 * JWT_SECRET. A plain hash would let anyone who reads the runs table test
 * guesses of a short prompt. Without the key, the digest reveals nothing.
 * After JWT_SECRET changes, a retry of a key used before the change is
 * rejected as a different request.
 */
@Injectable()
export class HmacRunInputDigest extends RunInputDigest {
  private readonly key: Buffer;

  constructor(@Inject(APP_SETTINGS) settings: Pick<AppSettings, 'jwtSecret'>) {
    super();
    this.key = Buffer.from(
      hkdfSync('sha256', settings.jwtSecret, '', 'run input digest', 32),
    );
  }

  of(input: string): string {
    return createHmac('sha256', this.key).update(input, 'utf8').digest('hex');
  }
}
