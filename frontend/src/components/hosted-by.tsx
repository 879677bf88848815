import { useTranslation } from 'react-i18next';
import type { components } from '@/lib/api/schema';
import { fallbackLang, orgShortName, pick } from '@/lib/localized';
import { useLanguage } from '@/lib/use-language';

type OrganisationRef = components['schemas']['OrganisationRef'];

/** "Haun järjestää: Kela": the organisation that hosts a call, when one does. */
export function HostedBy({ organisation, long = false }: { organisation: OrganisationRef | null | undefined; long?: boolean }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  if (!organisation) return null;
  const name = long ? pick(organisation.name, lang) : orgShortName(organisation, lang);
  return (
    <p className="hosted-by">
      {t('managers.hostedBy')}{' '}
      <strong lang={long ? fallbackLang(organisation.name, lang) : undefined} title={long ? undefined : pick(organisation.name, lang)}>
        {name}
      </strong>
    </p>
  );
}
