import { Heading, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { HiddenNotice, WithheldNotice } from '@/components/moderation-notice';
import { ProposalBranches } from '@/components/proposal-branches';
import { authorName } from '@/lib/author';
import { useFormat } from '@/lib/format';
import { fallbackLang, pick } from '@/lib/localized';
import type { Proposal, Theme } from '@/lib/types';
import { useLanguage } from '@/lib/use-language';
import { StageTags } from './stage-tag';

interface Props {
  proposal: Proposal;
  themes: Theme[];
  /** Why a moderator rejected or hid it, for its author (from the moderation history). */
  moderationReason?: string | null;
}

/**
 * A proposal's full text, its theme, author and the organisations it involves; when moderation
 * hid or withholds it, the notice that says so (a tombstone for those who may not read it).
 */
export function ProposalBody({ proposal, themes, moderationReason }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const lang = useLanguage();
  const theme = themes.find((th) => th.id === proposal.theme_id);
  const contentLang = proposal.language !== lang ? proposal.language : undefined;
  const edited = proposal.updated_at !== proposal.created_at;
  return (
    <article className="proposal">
      <div className="card__meta">
        <span className="proposal-number">{t('proposals.detail.number', { number: proposal.number })}</span>
        {theme ? (
          <span className="tag tag--theme" lang={fallbackLang(theme.name, lang)}>
            {pick(theme.name, lang)}
          </span>
        ) : null}
        <StageTags proposal={proposal} />
      </div>
      <Heading variant="h1" className="page-title" lang={contentLang}>
        {proposal.title || t('proposals.hiddenTitle')}
      </Heading>
      <p className="byline">
        {t('proposals.detail.by', { name: authorName(t, proposal.author) })}
        {proposal.author.organisation ? `, ${pick(proposal.author.organisation.name, lang)}` : ''} ·{' '}
        <time dateTime={proposal.created_at}>{f.date(proposal.created_at)}</time>
        {edited ? (
          <>
            {' '}
            · {t('proposals.detail.edited')} <time dateTime={proposal.updated_at}>{f.date(proposal.updated_at)}</time>
          </>
        ) : null}
      </p>
      {proposal.visibility === 'hidden' ? (
        <HiddenNotice moderation={proposal.moderation} readable={proposal.title !== ''} />
      ) : proposal.visibility === 'pending' || proposal.visibility === 'rejected' ? (
        <WithheldNotice visibility={proposal.visibility} moderation={proposal.moderation} reason={moderationReason} />
      ) : null}
      {proposal.summary ? (
        <Paragraph className="lead" lang={contentLang}>
          {proposal.summary}
        </Paragraph>
      ) : null}
      <ProposalBranches proposal={proposal} />
      {proposal.challenge_html ? (
        <section className="proposal__section" aria-labelledby="proposal-challenge">
          <Heading variant="h2" as="h2" id="proposal-challenge" className="section-title">
            {t('proposals.detail.challenge')}
          </Heading>
          {/* Safe: `challenge_html` is the server's sanitised rendering of the author's Markdown. */}
          {/* eslint-disable-next-line no-restricted-syntax */}
          <div className="prose" lang={contentLang} dangerouslySetInnerHTML={{ __html: proposal.challenge_html }} />
        </section>
      ) : null}
      {proposal.idea_html ? (
        <section className="proposal__section" aria-labelledby="proposal-idea">
          <Heading variant="h2" as="h2" id="proposal-idea" className="section-title">
            {t('proposals.detail.idea')}
          </Heading>
          {/* Safe: `idea_html` is the server's sanitised rendering of the author's Markdown. */}
          {/* eslint-disable-next-line no-restricted-syntax */}
          <div className="prose" lang={contentLang} dangerouslySetInnerHTML={{ __html: proposal.idea_html }} />
        </section>
      ) : null}
    </article>
  );
}
