import { Heading, Paragraph } from 'suomifi-ui-components';
import { Link } from 'react-router';
import { fallbackLang, pick } from '@/lib/localized';
import { useLanguage } from '@/lib/use-language';
import type { Call } from '@/lib/types';
import { CallCounts } from './call-counts';
import { PhaseTag } from './phase-tag';
import { TimeLeft } from './time-left';

function firstParagraph(text: string): string {
  return text.split(/\n\s*\n/)[0] ?? '';
}

export function CallCard({ call }: { call: Call }) {
  const lang = useLanguage();
  return (
    <article className="card call-card">
      <div className="card__meta">
        <PhaseTag phase={call.phase} />
      </div>
      <Heading variant="h3" as="h3" className="card__title">
        <Link to={`/calls/${call.slug}`} lang={fallbackLang(call.title, lang)}>
          {pick(call.title, lang)}
        </Link>
      </Heading>
      <TimeLeft call={call} />
      <Paragraph className="card__text" lang={fallbackLang(call.description, lang)}>
        {firstParagraph(pick(call.description, lang))}
      </Paragraph>
      <CallCounts counts={call.counts} />
    </article>
  );
}
