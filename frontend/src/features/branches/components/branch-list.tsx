import { useTranslation } from 'react-i18next';
import { Heading } from 'suomifi-ui-components';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { orgLabel } from '@/lib/localized';
import { byBranch, useOrganisations } from '@/lib/organisations';
import { useLanguage } from '@/lib/use-language';

/** Every administrative branch with its agencies and their email domains. */
export function BranchList() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const orgs = useOrganisations();
  if (orgs.isError) return <ProblemAlert error={orgs.error} />;
  if (orgs.isPending) return <Loading />;
  const rows = byBranch(orgs.data.items, lang);
  const ministries = rows.filter((r) => r.parent === null);
  return (
    <section aria-labelledby="branches-heading">
      <Heading variant="h2" id="branches-heading">
        {t('branches.admin.listTitle')}
      </Heading>
      <ul className="branch-list">
        {ministries.map(({ org: m }) => {
          const agencies = rows.filter((r) => r.parent?.id === m.id);
          return (
            <li key={m.id} className="branch-list__branch" data-code={m.code}>
              <span className="branch-list__ministry">{orgLabel(m, lang)}</span>
              {agencies.length > 0 ? (
                <ul>
                  {agencies.map(({ org: a }) => (
                    <li key={a.id} data-code={a.code}>
                      {orgLabel(a, lang)} <span className="branch-list__domains">{a.email_domains.join(', ')}</span>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
