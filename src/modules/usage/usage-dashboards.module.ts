import { Module } from '@nestjs/common';

/** The read side: the dashboard routes of org admins and super admins. */
@Module({})
export class UsageDashboardsModule {}
