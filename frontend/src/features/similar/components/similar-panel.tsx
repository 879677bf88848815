import { useTranslation } from 'react-i18next';
import { useSimilarProposals } from '../api/similar';
import { MIN_WORDS, meaningfulWordCount } from './draft-words';
import { SimilarList } from './similar-list';
import { useDebounced } from './use-debounced';

/** How long typing must pause before the panel asks again. */
const DEBOUNCE_MS = 500;

interface Props {
  callId: string;
  /** The proposal being edited: never similar to itself. */
  excludeId?: string;
  title: string;
  summary: string;
}

/**
 * "Similar proposals" beside the proposal form: as the writer types the title and summary
 * (debounced, from two meaningful words), the call's most similar proposals with links that
 * open in a new tab, so the writer can thumb, comment or join one instead of a duplicate. A
 * polite live region says how many were found, only when that number changes.
 */
export function SimilarPanel({ callId, excludeId, title, summary }: Props) {
  const { t } = useTranslation();
  const draft = useDebounced({ title: title.trim(), summary: summary.trim() }, DEBOUNCE_MS);
  const enough = meaningfulWordCount(draft.title, draft.summary) >= MIN_WORDS;
  const q = useSimilarProposals(callId, excludeId, draft, enough);
  const items = enough ? (q.data?.items ?? []) : [];
  const known = enough && q.data !== undefined;
  return (
    <section className="similar" aria-labelledby="similar-heading">
      <h2 id="similar-heading" className="similar__title">
        {t('similar.title')}
      </h2>
      <p className="similar__hint">{enough ? t('similar.hint') : t('similar.typeMore')}</p>
      {/* Always in the page, so that its changes are announced: the count only, when it changes. */}
      <p className="similar__status" role="status" aria-live="polite" aria-atomic="true">
        {known ? t('similar.found', { count: items.length }) : ''}
      </p>
      {items.length > 0 ? <SimilarList items={items} newTab /> : null}
    </section>
  );
}
