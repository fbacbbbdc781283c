import type { Organization } from '../api/api-types';
import { formatInteger } from '../format/number-format';
import type { Loaded } from './use-load';

/** Lets a super admin pick all organizations or one of them. */
export function ScopePicker(props: {
  organizations: Loaded<Organization[]>;
  value: string;
  onChange: (org: string) => void;
}) {
  const { organizations, value } = props;
  const list = organizations.status === 'ready' ? organizations.data : [];
  const known = value === 'all' || list.some((org) => org.id === value);

  return (
    <div class="field scope-picker">
      <label for="scope-org">Organization</label>
      <select
        id="scope-org"
        value={value}
        onChange={(event) => props.onChange(event.currentTarget.value)}
      >
        <option value="all">All organizations</option>
        {list.map((org) => (
          <option value={org.id}>
            {org.name} ({formatInteger(org.memberCount)} users)
          </option>
        ))}
        {!known && <option value={value}>Organization {value}</option>}
      </select>
      {organizations.status === 'error' && (
        <span class="state-error" role="alert">
          Could not load the organizations: {organizations.error.message}
        </span>
      )}
    </div>
  );
}
