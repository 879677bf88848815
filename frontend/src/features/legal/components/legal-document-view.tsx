import { Heading, InlineAlert, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDocumentTitle } from '@/components/document-title';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { useFormat } from '@/lib/format';
import { LEGAL_PATHS, useLegalDocument, type LegalKind } from '@/lib/legal';
import { useLanguage } from '@/lib/use-language';
import { useLegalVersion, useLegalVersions } from '../api/get-legal-versions';

interface Props {
  kind: LegalKind;
  /** An earlier version to show instead of the one in force (`?version=2`). */
  version: number | null;
}

/**
 * A legal page in the reader's language: the version in force, or an earlier one that says it
 * no longer applies, and the list of every version (what a user accepted stays readable).
 */
export function LegalDocumentView({ kind, version }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const lang = useLanguage();
  const current = useLegalDocument(kind);
  const earlierWanted = version !== null && current.data !== undefined && version !== current.data.version ? version : null;
  const earlier = useLegalVersion(kind, earlierWanted);
  const versions = useLegalVersions(kind);
  const shown = earlierWanted !== null ? earlier : current;
  useDocumentTitle(shown.data?.title[lang] ?? t(`legal.links.${kind}`));

  if (shown.isError) return <ProblemAlert error={shown.error} onRetry={() => void shown.refetch()} />;
  if (current.isPending || shown.isPending) return <Loading />;
  const doc = shown.data;
  const otherVersions = (versions.data?.items ?? []).length > 1 ? (versions.data?.items ?? []) : [];
  return (
    <article className="legal-page" lang={lang}>
      <Heading variant="h1" className="page-title">
        {doc.title[lang]}
      </Heading>
      <p className="legal-page__meta">{t('legal.page.version', { version: doc.version, date: f.date(doc.published_at) })}</p>
      {earlierWanted !== null ? (
        <InlineAlert status="warning" className="legal-page__earlier">
          <Paragraph>{t('legal.page.earlier', { version: doc.version, date: f.date(doc.published_at) })}</Paragraph>
          <Paragraph>
            <Link to={LEGAL_PATHS[kind]}>{t('legal.page.current')}</Link>
          </Paragraph>
        </InlineAlert>
      ) : null}
      {/* Safe: `body_html` is the server's sanitised rendering of the admin's Markdown. */}
      <div
        className="prose legal-page__body"
        // eslint-disable-next-line no-restricted-syntax
        dangerouslySetInnerHTML={{ __html: doc.body_html[lang] }}
      />
      {otherVersions.length > 0 ? (
        <section aria-labelledby="legal-versions" className="legal-page__versions">
          <Heading variant="h2" id="legal-versions" className="section-title">
            {t('legal.page.versions')}
          </Heading>
          <ul>
            {otherVersions.map((v, i) => {
              const label = t('legal.page.versionItem', { version: v.version, date: f.date(v.published_at) });
              const isShown = v.version === doc.version;
              return (
                <li key={v.version}>
                  {isShown ? (
                    <span aria-current="page">{label}</span>
                  ) : (
                    <Link to={i === 0 ? LEGAL_PATHS[kind] : `${LEGAL_PATHS[kind]}?version=${v.version}`}>{label}</Link>
                  )}
                  {i === 0 ? ` (${t('legal.page.currentMark')})` : null}
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
    </article>
  );
}
