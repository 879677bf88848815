import { memo } from 'react';
import { Heading, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { HiddenNotice } from '@/components/moderation-notice';
import { ReachBadge } from '@/components/reach-badge';
import { authorName } from '@/lib/author';
import { useFormat } from '@/lib/format';
import { fallbackLang, orgShortName, pick } from '@/lib/localized';
import type { ProposalSummary, Theme } from '@/lib/types';
import { useLanguage } from '@/lib/use-language';
import { StageTags } from './stage-tag';
import { ThumbButton } from './thumb-button';

/**
 * One proposal in a list. Memoised: "show more" and a thumb change give the list new pages,
 * but the query cache keeps the unchanged proposals as they were, so only the new or changed
 * cards render again (not every card shown so far, which grew into long tasks on a phone).
 */
export const ProposalCard = memo(function ProposalCard({ proposal, themes }: { proposal: ProposalSummary; themes: Theme[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const lang = useLanguage();
  const theme = themes.find((th) => th.id === proposal.theme_id);
  const org = proposal.author.organisation;
  return (
    <article className="card proposal-card" lang={proposal.language !== lang ? proposal.language : undefined}>
      <div className="card__meta" lang={lang}>
        <span className="proposal-number">{t('proposals.card.number', { number: proposal.number })}</span>
        {theme ? (
          <span className="tag tag--theme" lang={fallbackLang(theme.name, lang)}>
            {pick(theme.name, lang)}
          </span>
        ) : null}
        <StageTags proposal={proposal} />
      </div>
      <Heading variant="h3" as="h3" className="card__title">
        <Link to={`/proposals/${proposal.id}`}>{proposal.title || t('proposals.hiddenTitle')}</Link>
      </Heading>
      {proposal.summary ? <Paragraph className="card__text">{proposal.summary}</Paragraph> : null}
      {proposal.visibility === 'hidden' ? (
        <div lang={lang}>
          {/* The author and moderators still read it (it has its title); others see the tombstone. */}
          <HiddenNotice moderation={proposal.moderation} readable={proposal.title !== ''} compact />
        </div>
      ) : null}
      <p className="card__byline" lang={lang}>
        {authorName(t, proposal.author)}
        {org ? ` · ${orgShortName(org, lang)}` : ''}
        {proposal.organisations.length > 0
          ? ` · ${t('proposals.card.with', { orgs: proposal.organisations.map((o) => orgShortName(o, lang)).join(', ') })}`
          : ''}
      </p>
      <div className="card__footer" lang={lang}>
        <ThumbButton proposal={proposal} />
        <span className="comment-count">
          {t('proposals.card.comments', { count: proposal.comment_count, formatted: f.number(proposal.comment_count) })}
        </span>
        <ReachBadge reach={proposal.reach} />
      </div>
    </article>
  );
});
