import {
  UserUsageList,
  UserUsageParameters,
} from '../../application/get-user-usage.use-case';
import { UserUsage, UserUsageSort } from '../../domain/user-usage';
import { UserUsageQueryDto } from './user-usage-query.dto';
import {
  GlobalUserUsageDto,
  GlobalUserUsagePageDto,
  UserUsageDto,
  UserUsagePageDto,
  UserUsagePaginationDto,
} from './user-usage.response';

function sortOf(query: UserUsageQueryDto): UserUsageSort {
  if (query.sortBy === 'cost') {
    // The DTO requires a currency with sortBy=cost.
    return { by: 'cost', order: query.sortOrder, currency: query.currency! };
  }

  return { by: query.sortBy, order: query.sortOrder };
}

export function toUserUsageParameters(
  query: UserUsageQueryDto,
): UserUsageParameters {
  return {
    startDate: query.startDate,
    endDate: query.endDate,
    timezone: query.timezone,
    provider: query.provider,
    modelId: query.modelId,
    search: query.search,
    sort: sortOf(query),
    limit: query.limit,
    offset: query.offset,
  };
}

function toUserUsageDto(user: UserUsage): UserUsageDto {
  return {
    userId: user.userId,
    userName: user.userName,
    userEmail: user.userEmail,
    tokens: user.tokens,
    requests: user.requests,
    costs: user.costs.map(({ currency, amount }) => ({ currency, amount })),
    lastActivity: user.lastActivity?.toISOString() ?? null,
    isActive: user.isActive,
  };
}

function toPagination(
  list: UserUsageList,
  query: UserUsageQueryDto,
): UserUsagePaginationDto {
  return { limit: query.limit, offset: query.offset, total: list.total };
}

export function toUserUsagePageDto(
  list: UserUsageList,
  query: UserUsageQueryDto,
): UserUsagePageDto {
  return {
    data: list.users.map(toUserUsageDto),
    pagination: toPagination(list, query),
  };
}

export function toGlobalUserUsagePageDto(
  list: UserUsageList,
  query: UserUsageQueryDto,
): GlobalUserUsagePageDto {
  const data = list.users.map((user): GlobalUserUsageDto => ({
    ...toUserUsageDto(user),
    organizationId: user.organizationId,
    organizationName: user.organizationName,
  }));

  return { data, pagination: toPagination(list, query) };
}
