/**
 * The organisations of a proposal by administrative branch: for each branch (its ministry)
 * the organisations involved (named, the author's, co-authors') and those interested in
 * joining, with the reach ("3 hallinnonalaa") when it crosses branches.
 */
import { Heading } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { orgLabel, pick } from '@/lib/localized';
import type { Proposal } from '@/lib/types';
import { useLanguage } from '@/lib/use-language';
import { ReachBadge } from './reach-badge';

export function ProposalBranches({ proposal }: { proposal: Proposal }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const branches = proposal.branches;
  const interested = branches.some((b) => b.interested.length > 0);
  // Only the author's own organisation: nothing to show beyond the byline.
  if (proposal.organisations.length === 0 && branches.length < 2 && !interested) return null;
  return (
    <section className="proposal__section proposal-branches" aria-labelledby="proposal-orgs">
      <Heading variant="h2" as="h2" id="proposal-orgs" className="section-title">
        {t('proposals.detail.organisations')}
      </Heading>
      {proposal.reach > 1 ? (
        <p className="proposal-branches__reach">
          {t('branches.crossAdministrative')} <ReachBadge reach={proposal.reach} />
        </p>
      ) : null}
      <ul className="proposal-branches__list">
        {branches.map((b) => (
          <li key={b.branch.id} className="proposal-branches__branch">
            <span className="proposal-branches__name">{t('branches.branchOf', { name: pick(b.branch.name, lang) })}</span>
            {b.involved.length > 0 ? (
              <ul className="chip-list" aria-label={t('branches.involved')}>
                {b.involved.map((o) => (
                  <li key={o.id} className="tag tag--org">
                    {orgLabel(o, lang)}
                  </li>
                ))}
              </ul>
            ) : null}
            {b.interested.length > 0 ? (
              <p className="proposal-branches__interested">
                {t('branches.interested')}: {b.interested.map((o) => orgLabel(o, lang)).join(', ')}
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
