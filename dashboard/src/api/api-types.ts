// Response bodies of the service's routes, as documented at /api/docs-json.
// Token and request counts are JSON numbers; amounts are decimal strings.

export interface AccessToken {
  accessToken: string;
  tokenType: 'Bearer';
  /** Lifetime in seconds. */
  expiresIn: number;
}

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  organizationId: string;
  orgRole: 'admin' | 'member';
  systemRole: 'super_admin' | null;
}

export interface Organization {
  id: string;
  name: string;
  memberCount: number;
  createdAt: string;
}

export interface CurrencyAmount {
  currency: string;
  /** Decimal string without trailing zeros, such as "0.0125". */
  amount: string;
}

export interface UsageStats {
  totalTokens: number;
  inputTokens: number;
  outputTokens: number;
  totalRequests: number;
  activeUsers: number;
  totalUsers: number;
  topModels: string[];
  costs: CurrencyAmount[];
  unpricedRequests: number;
}

export interface ProviderChartPoint {
  /** Bucket start on the wall clock of the requested zone, with its offset. */
  date: string;
  /** Tokens per provider; every provider of the range is in every bucket. */
  values: Record<string, number>;
}

export interface ProviderChart {
  timeSeries: ProviderChartPoint[];
}

export interface ModelUsage {
  modelId: string;
  modelName: string;
  displayName: string;
  provider: string;
  tokens: number;
  requests: number;
  percentage: number;
  costs: CurrencyAmount[];
}

export interface OtherModels {
  modelCount: number;
  tokens: number;
  requests: number;
  percentage: number;
}

export interface ModelDistribution {
  models: ModelUsage[];
  others: OtherModels | null;
}

export interface UserUsage {
  userId: string;
  userName: string;
  userEmail: string;
  /** Present in the listings of all organizations only. */
  organizationId?: string;
  organizationName?: string;
  tokens: number;
  requests: number;
  costs: CurrencyAmount[];
  lastActivity: string | null;
  isActive: boolean;
}

export interface UserUsagePage {
  data: UserUsage[];
  pagination: { limit: number; offset: number; total: number };
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: { field: string; message: string }[];
  requestId?: string;
}
