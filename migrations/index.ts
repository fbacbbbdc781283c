import { CreateSchema1764844800000 } from './1764844800000-create-schema';
import { AddUsageRollups1796342400000 } from './1796342400000-add-usage-rollups';
import { AddUserMonthlyActivity1796430000000 } from './1796430000000-add-user-monthly-activity';
import { AddUserWeeklyRollup1796431000000 } from './1796431000000-add-user-weekly-rollup';
import { DropUsageForeignKeys1796440000000 } from './1796440000000-drop-usage-foreign-keys';
import { CoverUserInUsageTimeIndexes1796450000000 } from './1796450000000-cover-user-in-usage-time-indexes';
import { AddUserMonthlyRollup1796475000000 } from './1796475000000-add-user-monthly-rollup';
import { AddUsageRollupsInOneStatement1796480000000 } from './1796480000000-add-usage-rollups-in-one-statement';
import { NotifyUserChanges1796490000000 } from './1796490000000-notify-user-changes';
import { RebuildRollupsInStages1796500000000 } from './1796500000000-rebuild-rollups-in-stages';
import { KeyUsageByRequestId1796510000000 } from './1796510000000-key-usage-by-request-id';
import { AddRunInputDigest1796520000000 } from './1796520000000-add-run-input-digest';
import { AddMonthlyBucketRollups1796530000000 } from './1796530000000-add-monthly-bucket-rollups';
import { AddDemoSeedState1796540000000 } from './1796540000000-add-demo-seed-state';
import { DropUserDayLookupIndex1796550000000 } from './1796550000000-drop-user-day-lookup-index';
import { AddUserMonthTokenLevel1796560000000 } from './1796560000000-add-user-month-token-level';
import { FoldRollupsFromPendingUsage1796570000000 } from './1796570000000-fold-rollups-from-pending-usage';
import { TrackUserLastActivity1796580000000 } from './1796580000000-track-user-last-activity';

/** Every migration in the order it applies; new ones go at the end. */
export const allMigrations = [
  CreateSchema1764844800000,
  AddUsageRollups1796342400000,
  AddUserMonthlyActivity1796430000000,
  AddUserWeeklyRollup1796431000000,
  DropUsageForeignKeys1796440000000,
  CoverUserInUsageTimeIndexes1796450000000,
  AddUserMonthlyRollup1796475000000,
  AddUsageRollupsInOneStatement1796480000000,
  NotifyUserChanges1796490000000,
  RebuildRollupsInStages1796500000000,
  KeyUsageByRequestId1796510000000,
  AddRunInputDigest1796520000000,
  AddMonthlyBucketRollups1796530000000,
  AddDemoSeedState1796540000000,
  DropUserDayLookupIndex1796550000000,
  AddUserMonthTokenLevel1796560000000,
  FoldRollupsFromPendingUsage1796570000000,
  TrackUserLastActivity1796580000000,
];
