import type { ComponentChildren } from 'preact';
import type { Loaded } from './use-load';

/**
 * Shows the loading, error or empty state of a section, else its content.
 * The section keeps its height while it reloads, so the page does not jump.
 */
export function LoadState<T>(props: {
  loaded: Loaded<T>;
  label: string;
  isEmpty?: (data: T) => boolean;
  emptyMessage?: string;
  children: (data: T) => ComponentChildren;
}) {
  const { loaded, label } = props;
  if (loaded.status === 'error') {
    return (
      <p class="state state-error" role="alert">
        Could not load {label}: {loaded.error.message}
      </p>
    );
  }

  const data = loaded.status === 'ready' ? loaded.data : loaded.previous;
  if (data === undefined) {
    return (
      <p class="state" role="status" aria-live="polite">
        Loading {label}…
      </p>
    );
  }

  const busy = loaded.status === 'loading';
  if (props.isEmpty?.(data)) {
    return (
      <p class="state" aria-busy={busy}>
        {props.emptyMessage ?? 'No usage in this range.'}
      </p>
    );
  }

  return (
    <div
      class={busy ? 'section-body reloading' : 'section-body'}
      aria-busy={busy}
    >
      {props.children(data)}
    </div>
  );
}
