import { useEffect, useState } from 'preact/hooks';
import { parseViewState, serializeViewState, ViewState } from './view-state';

/** Returns the browser's own time zone, the default of every view. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
}

/**
 * Keeps the filters in the page's query string, so a copied link opens the
 * same view. Edits replace the history entry instead of adding one each.
 */
export function useViewState(options: {
  includeOrg: boolean;
}): [ViewState, (patch: Partial<ViewState>) => void] {
  const [state, setState] = useState<ViewState>(() =>
    parseViewState(window.location.search, browserTimeZone()),
  );

  useEffect(() => {
    const search = `?${serializeViewState(state, options)}`;
    if (window.location.search !== search) {
      window.history.replaceState(
        null,
        '',
        `${window.location.pathname}${search}${window.location.hash}`,
      );
    }
  }, [state, options.includeOrg]);

  const update = (patch: Partial<ViewState>) =>
    setState((current) => ({ ...current, ...patch }));

  return [state, update];
}
