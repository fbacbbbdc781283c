import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { Clock } from '../application/ports/clock';

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }

  async sleep(milliseconds: number): Promise<void> {
    await sleep(milliseconds);
  }
}
