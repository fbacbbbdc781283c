import { CreateSchema1764844800000 } from './1764844800000-create-schema';
import { AddUsageRollups1796342400000 } from './1796342400000-add-usage-rollups';

/** Every migration in the order it applies; new ones go at the end. */
export const allMigrations = [
  CreateSchema1764844800000,
  AddUsageRollups1796342400000,
];
