import { Button, Dropdown, DropdownItem } from 'suomifi-ui-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OrganisationSelect } from '@/components/organisation-select';
import { ProblemAlert } from '@/components/problem-alert';
import { orgLabel } from '@/lib/localized';
import { byBranch, useOrganisations } from '@/lib/organisations';
import { fieldErrorMap } from '@/lib/problem';
import { announce } from '@/lib/status';
import { useLanguage } from '@/lib/use-language';
import { useUpdateOrganisation } from '../api/update-organisation';

/** The dropdown's value for a top-level organisation (no parent). */
const TOP = 'top';

/** Moves an organisation to a ministry's administrative branch, or makes it top-level. */
export function OrganisationParentForm() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const orgs = useOrganisations();
  const update = useUpdateOrganisation();
  const [orgId, setOrgId] = useState<string | null>(null);
  const [parent, setParent] = useState<string | null>(null);
  const all = orgs.data?.items ?? [];
  const chosen = all.find((o) => o.id === orgId);
  const ministries = byBranch(all, lang).filter((x) => x.parent === null && x.org.id !== orgId);
  const fields = fieldErrorMap(update.error);

  const choose = (id: string | null) => {
    setOrgId(id);
    setParent(all.find((o) => o.id === id)?.parent_id ?? null);
    update.reset();
  };
  const save = () => {
    if (!chosen) return;
    update.mutate(
      { id: chosen.id, body: { parent_id: parent } },
      { onSuccess: (o) => announce(t('branches.admin.saved', { name: orgLabel(o, lang) })) },
    );
  };

  return (
    <form
      className="form-stack"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <OrganisationSelect
        id="branch-organisation"
        labelText={t('branches.admin.organisation')}
        noneText={t('branches.admin.choose')}
        value={orgId}
        onChange={choose}
      />
      {/* Shown once an organisation is chosen: a disabled dropdown's text fails contrast. */}
      {chosen ? (
        <Dropdown
          id="branch-parent"
          labelText={t('branches.admin.parent')}
          hintText={t('branches.admin.parentHint')}
          value={parent ?? TOP}
          onChange={(v) => setParent(v === TOP ? null : v)}
          status={fields.parent_id ? 'error' : 'default'}
          statusText={fields.parent_id ? t('errors.organisation_parent_invalid') : undefined}
        >
          {[
            <DropdownItem key={TOP} value={TOP}>
              {t('branches.admin.topLevel')}
            </DropdownItem>,
            ...ministries.map(({ org }) => (
              <DropdownItem key={org.id} value={org.id}>
                {orgLabel(org, lang)}
              </DropdownItem>
            )),
          ]}
        </Dropdown>
      ) : null}
      {update.error && !fields.parent_id ? <ProblemAlert error={update.error} /> : null}
      <div>
        <Button type="submit" disabled={!chosen || update.isPending}>
          {t('branches.admin.save')}
        </Button>
      </div>
    </form>
  );
}
