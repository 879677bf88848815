import { InlineAlert, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import type { ContentModeration } from '@/lib/types';

/**
 * Where hidden content was: "Hidden by moderation: <category>" and the moderator's public note.
 * Everyone sees it; `readable` (the author or a moderator, who still get the content) adds
 * that the others do not see it.
 */
export function HiddenNotice({
  moderation,
  readable,
  compact = false,
}: {
  moderation: ContentModeration | null | undefined;
  readable: boolean;
  /** A line in a card or comment rather than a box. */
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const title = t('moderation.tombstone.hidden', {
    category: moderation ? t(`moderation.category.${moderation.category}`) : t('moderation.category.other'),
  });
  const note = moderation?.public_note ? t('moderation.tombstone.note', { note: moderation.public_note }) : null;
  if (compact) {
    return (
      <div className="moderation-tombstone">
        <p className="moderation-tombstone__title">{title}</p>
        {note ? <p className="moderation-tombstone__note">{note}</p> : null}
        {readable ? <p className="moderation-tombstone__note">{t('moderation.tombstone.seenByYou')}</p> : null}
      </div>
    );
  }
  return (
    <InlineAlert status="warning" labelText={title} className="moderation-notice">
      {note ? <Paragraph>{note}</Paragraph> : null}
      {readable ? <Paragraph>{t('moderation.tombstone.seenByYou')}</Paragraph> : null}
    </InlineAlert>
  );
}

/** On a proposal that waits for a moderator, or that a moderator rejected (with the reason when known). */
export function WithheldNotice({
  visibility,
  moderation,
  reason,
}: {
  visibility: 'pending' | 'rejected';
  moderation: ContentModeration | null | undefined;
  reason?: string | null;
}) {
  const { t } = useTranslation();
  if (visibility === 'pending') {
    return (
      <InlineAlert status="neutral" labelText={t('moderation.pending.title')} className="moderation-notice">
        <Paragraph>{t('moderation.pending.text')}</Paragraph>
      </InlineAlert>
    );
  }
  const category = t(`moderation.category.${moderation?.category ?? 'other'}`);
  return (
    <InlineAlert status="warning" labelText={t('moderation.rejected.title', { category })} className="moderation-notice">
      {reason ? <Paragraph>{t('moderation.reasonLine', { reason })}</Paragraph> : null}
      {moderation?.public_note ? <Paragraph>{t('moderation.tombstone.note', { note: moderation.public_note })}</Paragraph> : null}
      <Paragraph>{t('moderation.rejected.text')}</Paragraph>
    </InlineAlert>
  );
}
