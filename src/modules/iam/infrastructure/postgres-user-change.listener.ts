import {
  Inject,
  Injectable,
  Logger,
  OnApplicationShutdown,
  OnModuleInit,
  Optional,
} from '@nestjs/common';
import { Client, Notification } from 'pg';
import { APP_SETTINGS, AppSettings } from '../../../config/app-settings';
import { UserChange, UserChangeFeed } from './cached-user.repository';

/** The channel of the users triggers (migration NotifyUserChanges1796490000000). */
export const USER_CHANGES_CHANNEL = 'user_changes';

/** The application_name of the listening connection, by which pg_stat_activity shows its backend. */
export const USER_CHANGES_APPLICATION_NAME = 'usage-analytics user changes';

const FIRST_RETRY_MS = 1_000;
const LAST_RETRY_MS = 30_000;

/** How often the listening connection is checked, and how long a check may take, in milliseconds. */
export interface HeartbeatOptions {
  intervalMs: number;
  timeoutMs: number;
}

/** Injection token of HeartbeatOptions; without it DEFAULT_HEARTBEAT applies. */
export const USER_CHANGES_HEARTBEAT = Symbol('USER_CHANGES_HEARTBEAT');

export const DEFAULT_HEARTBEAT: HeartbeatOptions = {
  intervalMs: 5_000,
  timeoutMs: 5_000,
};

/**
 * Listens on user_changes over a connection of its own, outside the pool,
 * and reports each change to its subscribers. It is live from the moment
 * LISTEN returns until the connection fails, or until a heartbeat query
 * gets no result within its timeout, which catches a server that stopped
 * delivering without closing the socket. Then it reports every user as
 * changed and connects again, doubling the wait up to 30 s. While it is not
 * live the cache reads every user from the database, so a lost connection
 * costs speed but not correctness.
 *
 * NOTE: a change committed elsewhere reaches the cache when PostgreSQL
 * delivers its notification, a few milliseconds after the COMMIT returns,
 * so requests in that window still see the old role.
 */
@Injectable()
export class PostgresUserChangeListener
  implements UserChangeFeed, OnModuleInit, OnApplicationShutdown
{
  private readonly logger = new Logger(PostgresUserChangeListener.name);
  private readonly listeners: ((change: UserChange) => void)[] = [];
  private client: Client | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private retryMs = FIRST_RETRY_MS;
  private stopped = false;
  private isLive = false;

  constructor(
    @Inject(APP_SETTINGS) private readonly settings: AppSettings,
    @Optional()
    @Inject(USER_CHANGES_HEARTBEAT)
    private readonly heartbeat: HeartbeatOptions = DEFAULT_HEARTBEAT,
  ) {}

  get live(): boolean {
    return this.isLive;
  }

  subscribe(listener: (change: UserChange) => void): void {
    this.listeners.push(listener);
  }

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.heartbeatTimer);
    const client = this.client;
    this.client = undefined;
    this.isLive = false;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.settings.databaseUrl,
      keepAlive: true,
      application_name: USER_CHANGES_APPLICATION_NAME,
      // Rejects a query, the heartbeat's included, that gets no result in time.
      query_timeout: this.heartbeat.timeoutMs,
    });
    this.client = client;
    client.on('error', (error) => this.lose(client, error));
    client.on('end', () => this.lose(client));
    client.on('notification', (message) => this.deliver(message));
    try {
      await client.connect();
      await client.query(`LISTEN ${USER_CHANGES_CHANNEL}`);
    } catch (error) {
      this.lose(client, error);
      return;
    }
    if (this.client !== client) return;

    this.retryMs = FIRST_RETRY_MS;
    this.isLive = true;
    this.emit({ kind: 'all' });
    this.startHeartbeat(client);
  }

  private startHeartbeat(client: Client): void {
    clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = setInterval(() => {
      client
        .query('SELECT 1')
        .catch((error: unknown) => this.lose(client, error));
    }, this.heartbeat.intervalMs);
    this.heartbeatTimer.unref();
  }

  private deliver(message: Notification): void {
    if (message.channel !== USER_CHANGES_CHANNEL) return;
    const payload = message.payload ?? '*';
    this.emit(
      payload === '*' ? { kind: 'all' } : { kind: 'user', userId: payload },
    );
  }

  /** Handles the failure of a connection once, however many events it raises. */
  private lose(client: Client, error?: unknown): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.isLive = false;
    clearInterval(this.heartbeatTimer);
    this.emit({ kind: 'all' });
    void client.end().catch(() => undefined);
    if (this.stopped) return;

    const reason =
      error instanceof Error ? error.message : 'the connection closed';
    this.logger.warn(
      `The user change feed connection failed (${reason}). Users are read from the database until it reconnects, next try in ${this.retryMs} ms`,
    );
    this.retryTimer = setTimeout(() => void this.connect(), this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, LAST_RETRY_MS);
  }

  private emit(change: UserChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
