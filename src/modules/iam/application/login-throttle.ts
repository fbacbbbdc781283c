import { Inject, Injectable } from '@nestjs/common';
import { FixedWindowCounter } from '../domain/fixed-window-counter';
import { TooManyLoginAttemptsError } from '../domain/iam.errors';

/** Login attempts allowed per window, from LOGIN_RATE_LIMIT_* variables. */
export interface LoginRateLimits {
  perAddress: number;
  perAccount: number;
  windowSeconds: number;
}

/** Injection token of LoginRateLimits. */
export const LOGIN_RATE_LIMITS = Symbol('LOGIN_RATE_LIMITS');

/**
 * Limits login attempts per client address and per account. Each attempt
 * counts against both before its password is checked, so a burst of
 * concurrent guesses meets the limit too, and a successful login clears
 * the count of its account. The account key
 * is the normalized email whether or not a user has it, so a limited
 * unknown email looks like a limited known one.
 *
 * NOTE: the counters live in this process's memory, so each instance of
 * the service counts on its own and a restart clears them.
 */
@Injectable()
export class LoginThrottle {
  private readonly byAddress: FixedWindowCounter;
  private readonly byAccount: FixedWindowCounter;

  constructor(
    @Inject(LOGIN_RATE_LIMITS) limits: LoginRateLimits,
    private readonly now: () => number = Date.now,
  ) {
    const windowMs = limits.windowSeconds * 1000;
    this.byAddress = new FixedWindowCounter(limits.perAddress, windowMs);
    this.byAccount = new FixedWindowCounter(limits.perAccount, windowMs);
  }

  /** Counts an attempt, or raises when its address or account is at the limit. */
  admit(clientAddress: string, email: string): void {
    const nowMs = this.now();
    const address = this.byAddress.check(clientAddress, nowMs);
    const account = this.byAccount.check(email, nowMs);
    if (!address.allowed || !account.allowed) {
      throw new TooManyLoginAttemptsError(
        Math.max(address.retryAfterSeconds, account.retryAfterSeconds),
      );
    }

    this.byAddress.record(clientAddress, nowMs);
    this.byAccount.record(email, nowMs);
  }

  recordSuccess(email: string): void {
    this.byAccount.reset(email);
  }
}
