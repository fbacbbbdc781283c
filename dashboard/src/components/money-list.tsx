import type { CurrencyAmount } from '../api/api-types';
import { formatMoney } from '../format/number-format';

/** Amounts per currency, one a line; the exact decimal is in the title. */
export function MoneyList(props: { costs: CurrencyAmount[] }) {
  if (props.costs.length === 0) return <span class="muted">–</span>;

  return (
    <>
      {props.costs.map((cost, index) => (
        <>
          {index > 0 && <br />}
          <span title={`${cost.amount} ${cost.currency}`}>
            {formatMoney(cost.amount, cost.currency)}
          </span>
        </>
      ))}
    </>
  );
}
