import { CreateSchema1764844800000 } from './1764844800000-create-schema';

/** Every migration in the order it applies; new ones go at the end. */
export const allMigrations = [CreateSchema1764844800000];
