import { useMemo } from 'preact/hooks';
import { resolveDateRange } from '../state/date-range';
import {
  Granularity,
  GRANULARITIES,
  RANGE_PRESETS,
  RangePreset,
  ViewState,
} from '../state/view-state';

const RANGE_LABELS: Record<RangePreset, string> = {
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  month: 'This month',
  custom: 'Custom',
};

const GRANULARITY_LABELS: Record<Granularity, string> = {
  auto: 'Automatic',
  hour: 'Hour',
  day: 'Day',
  week: 'Week',
  month: 'Month',
};

function timeZoneNames(current: string): string[] {
  const names = Intl.supportedValuesOf('timeZone');
  const all = new Set(['UTC', ...names, current]);

  return [...all].sort();
}

/** Range, bucket size and time zone of every section below it. */
export function FiltersBar(props: {
  state: ViewState;
  onChange: (patch: Partial<ViewState>) => void;
}) {
  const { state, onChange } = props;
  const zones = useMemo(() => timeZoneNames(state.timeZone), [state.timeZone]);

  const selectRange = (range: RangePreset) => {
    if (range !== 'custom') {
      onChange({ range, start: undefined, end: undefined, page: 1 });
      return;
    }
    // A custom range starts as the one on screen, ready to be edited.
    const shown = resolveDateRange(state, new Date());
    onChange({ range, start: shown.startDate, end: shown.endDate, page: 1 });
  };

  return (
    <form
      class="filters"
      aria-label="Filters"
      onSubmit={(event) => event.preventDefault()}
    >
      <div class="field">
        <label for="filter-range">Range</label>
        <select
          id="filter-range"
          value={state.range}
          onChange={(event) =>
            selectRange(event.currentTarget.value as RangePreset)
          }
        >
          {RANGE_PRESETS.map((range) => (
            <option value={range}>{RANGE_LABELS[range]}</option>
          ))}
        </select>
      </div>
      {state.range === 'custom' && (
        <>
          <div class="field">
            <label for="filter-start">From</label>
            <input
              id="filter-start"
              type="date"
              required
              value={state.start}
              max={state.end}
              onChange={(event) =>
                event.currentTarget.value &&
                onChange({ start: event.currentTarget.value, page: 1 })
              }
            />
          </div>
          <div class="field">
            <label for="filter-end">To (included)</label>
            <input
              id="filter-end"
              type="date"
              required
              value={state.end}
              min={state.start}
              onChange={(event) =>
                event.currentTarget.value &&
                onChange({ end: event.currentTarget.value, page: 1 })
              }
            />
          </div>
        </>
      )}
      <div class="field">
        <label for="filter-granularity">Granularity</label>
        <select
          id="filter-granularity"
          value={state.granularity}
          onChange={(event) =>
            onChange({
              granularity: event.currentTarget.value as Granularity,
            })
          }
        >
          {GRANULARITIES.map((granularity) => (
            <option value={granularity}>
              {GRANULARITY_LABELS[granularity]}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="filter-timezone">Time zone</label>
        <select
          id="filter-timezone"
          value={state.timeZone}
          onChange={(event) =>
            onChange({ timeZone: event.currentTarget.value, page: 1 })
          }
        >
          {zones.map((zone) => (
            <option value={zone}>{zone}</option>
          ))}
        </select>
      </div>
    </form>
  );
}
