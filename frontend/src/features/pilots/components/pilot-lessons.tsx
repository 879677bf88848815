import { Heading, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { useFormat } from '@/lib/format';
import type { PilotLessons as Lessons } from '../api/types';

/** The lessons learned in three parts: what worked, what did not, recommendations for others. */
export function PilotLessons({ lessons }: { lessons?: Lessons | null }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <section aria-labelledby="pilot-lessons" className="pilot-section pilot-lessons">
      <Heading variant="h2" id="pilot-lessons" className="section-title">
        {t('pilots.lessons.title')}
      </Heading>
      {lessons ? (
        <>
          <p className="pilot-lessons__published">
            {t('pilots.lessons.publishedOn')} <time dateTime={lessons.published_at}>{f.date(lessons.published_at)}</time>
          </p>
          {(
            [
              ['worked', lessons.worked_html],
              ['not_worked', lessons.not_worked_html],
              ['recommendations', lessons.recommendations_html],
            ] as const
          ).map(([k, html]) => (
            <div key={k} className="pilot-lessons__part">
              <Heading variant="h3">{t(`pilots.lessons.${k}`)}</Heading>
              {/* Safe: the server's sanitised rendering of the team's Markdown. */}
              {/* eslint-disable-next-line no-restricted-syntax */}
              <div className="prose" dangerouslySetInnerHTML={{ __html: html }} />
            </div>
          ))}
        </>
      ) : (
        <Paragraph>{t('pilots.lessons.none')}</Paragraph>
      )}
    </section>
  );
}
