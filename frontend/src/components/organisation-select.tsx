/**
 * The ministries and agencies as form controls, grouped by administrative branch (each
 * ministry by its name in the reader's language, then its agencies) and labelled
 * `Oikeusministeriö (OM)`, an agency `VM › Verohallinto (Vero)`: one organisation from a
 * dropdown, or several from a group of checkboxes. Both load the list themselves (it is cached
 * for ten minutes).
 */
import { Checkbox, CheckboxGroup, Dropdown, DropdownItem } from 'suomifi-ui-components';
import { branchLabel, byBranch, useOrganisations } from '@/lib/organisations';
import { useLanguage } from '@/lib/use-language';

/** The dropdown's value for its first option, which stands for no organisation (null). */
const NONE = 'none';

type Status = 'default' | 'error';

interface SelectProps {
  id?: string;
  labelText: string;
  /** The first option, chosen when `value` is null: "All organisations", "None", "By my email". */
  noneText: string;
  value: string | null;
  onChange: (id: string | null) => void;
  optionalText?: string;
  hintText?: string;
  status?: Status;
  statusText?: string;
  fullWidth?: boolean;
  className?: string;
}

/** One organisation, or none, from a dropdown. */
export function OrganisationSelect({ noneText, value, onChange, ...rest }: SelectProps) {
  const lang = useLanguage();
  const orgs = useOrganisations();
  return (
    <Dropdown {...rest} value={value ?? NONE} onChange={(v) => onChange(v === NONE ? null : v)}>
      {[
        <DropdownItem key={NONE} value={NONE}>
          {noneText}
        </DropdownItem>,
        ...byBranch(orgs.data?.items, lang).map(({ org: o, parent }) => (
          <DropdownItem key={o.id} value={o.id}>
            {branchLabel(o, parent, lang)}
          </DropdownItem>
        )),
      ]}
    </Dropdown>
  );
}

interface CheckboxesProps {
  id: string;
  /** Each checkbox's id is this prefix and the organisation's code. */
  checkboxIdPrefix: string;
  labelText: string;
  hintText?: string;
  optionalText?: string;
  /** The chosen organisations' ids, in the order they were chosen. */
  value: string[];
  onChange: (ids: string[]) => void;
  status?: Status;
  statusText?: string;
  className?: string;
}

/** Any number of organisations, as a group of checkboxes. */
export function OrganisationCheckboxes({ id, checkboxIdPrefix, hintText, status, statusText, value, onChange, ...rest }: CheckboxesProps) {
  const lang = useLanguage();
  const orgs = useOrganisations();
  const toggle = (orgId: string, on: boolean) => {
    const others = value.filter((x) => x !== orgId);
    onChange(on ? [...others, orgId] : others);
  };
  return (
    <CheckboxGroup {...rest} id={id} groupHintText={hintText} groupStatus={status} groupStatusText={statusText}>
      {byBranch(orgs.data?.items, lang).map(({ org: o, parent }) => (
        <Checkbox
          key={o.id}
          id={`${checkboxIdPrefix}${o.code}`}
          className={parent ? 'organisation-option--agency' : undefined}
          checked={value.includes(o.id)}
          onClick={({ checkboxState }) => toggle(o.id, checkboxState)}
        >
          {branchLabel(o, parent, lang)}
        </Checkbox>
      ))}
    </CheckboxGroup>
  );
}
