import { Heading, Paragraph } from 'suomifi-ui-components';
import { Link } from 'react-router';
import { firstBlockText } from '@/lib/excerpt';
import { fallbackLang, pick } from '@/lib/localized';
import { useLanguage } from '@/lib/use-language';
import type { Call } from '@/lib/types';
import { HostedBy } from '@/components/hosted-by';
import { CallCounts } from './call-counts';
import { PhaseTag } from './phase-tag';
import { TimeLeft } from './time-left';

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
      <HostedBy organisation={call.host_organisation} />
      <TimeLeft call={call} />
      {/* A plain-text excerpt of the rendered description: no Markdown marks, no HTML. */}
      <Paragraph className="card__text" lang={fallbackLang(call.description_html, lang)}>
        {firstBlockText(pick(call.description_html, lang))}
      </Paragraph>
      <CallCounts counts={call.counts} />
    </article>
  );
}
