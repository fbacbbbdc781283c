import type { ComponentChildren } from 'preact';
import type { UsageStats } from '../api/api-types';
import { formatInteger, formatMoney } from '../format/number-format';

function Card(props: {
  id: string;
  title: string;
  children: ComponentChildren;
  detail?: ComponentChildren;
}) {
  return (
    <section class="card" aria-labelledby={`${props.id}-title`}>
      <h3 id={`${props.id}-title`}>{props.title}</h3>
      <div class="card-value" data-testid={props.id}>
        {props.children}
      </div>
      {props.detail && <p class="card-detail">{props.detail}</p>}
    </section>
  );
}

/** Totals of the range: tokens, requests, users, cost and unpriced requests. */
export function StatsCards(props: { stats: UsageStats }) {
  const { stats } = props;

  return (
    <div class="cards">
      <Card
        id="card-tokens"
        title="Tokens"
        detail={
          <>
            Input{' '}
            <span data-testid="card-input-tokens">
              {formatInteger(stats.inputTokens)}
            </span>{' '}
            · output{' '}
            <span data-testid="card-output-tokens">
              {formatInteger(stats.outputTokens)}
            </span>
          </>
        }
      >
        {formatInteger(stats.totalTokens)}
      </Card>
      <Card id="card-requests" title="Requests">
        {formatInteger(stats.totalRequests)}
      </Card>
      <Card
        id="card-active-users"
        title="Active users"
        detail={
          <>
            of{' '}
            <span data-testid="card-total-users">
              {formatInteger(stats.totalUsers)}
            </span>{' '}
            users
          </>
        }
      >
        {formatInteger(stats.activeUsers)}
      </Card>
      <Card id="card-cost" title="Cost">
        {stats.costs.length === 0 ? (
          <span class="muted">No priced usage</span>
        ) : (
          <ul class="amounts">
            {stats.costs.map((cost) => (
              <li
                data-currency={cost.currency}
                title={`${cost.amount} ${cost.currency}`}
              >
                {formatMoney(cost.amount, cost.currency)}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card
        id="card-unpriced"
        title="Unpriced requests"
        detail="Requests of models without a price"
      >
        {formatInteger(stats.unpricedRequests)}
      </Card>
    </div>
  );
}
