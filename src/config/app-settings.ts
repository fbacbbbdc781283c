import { AppConfig } from './app-config';

/** The validated configuration with the database and secret settled at boot. */
export interface AppSettings extends AppConfig {
  databaseUrl: string;
  jwtSecret: string;
}

/** Injection token of AppSettings. */
export const APP_SETTINGS = Symbol('APP_SETTINGS');
