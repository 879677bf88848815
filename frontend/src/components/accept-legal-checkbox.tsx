import { useState } from 'react';
import { Button, Checkbox, InlineAlert, Paragraph } from 'suomifi-ui-components';
import { Trans, useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { legalKeys, useLegalDocument } from '@/lib/legal';
import { ApiProblem } from '@/lib/problem';
import { LegalPageLink } from './legal-page-link';

/** The versions a registration sends: those of the pages the checkbox linked to. */
export interface AcceptedVersions {
  accepted_terms_version: number;
  accepted_privacy_version: number;
}

export interface LegalConsent {
  accepted: boolean;
  setAccepted: (accepted: boolean) => void;
  /** The pages could not be loaded: nobody can accept what they cannot read. */
  loadError: unknown;
  retry: () => void;
  /** The versions to send, or null while not accepted (or the pages not loaded). */
  versions: () => AcceptedVersions | null;
  /**
   * After a refused registration: a newer version came out meanwhile (`terms_not_accepted`),
   * so the box is cleared and the pages loaded again, to be read and accepted anew.
   */
  refused: (error: unknown) => void;
}

/** The registration's consent to the current terms of use and privacy notice. */
export function useLegalConsent(): LegalConsent {
  const qc = useQueryClient();
  const terms = useLegalDocument('terms');
  const privacy = useLegalDocument('privacy');
  const [accepted, setAccepted] = useState(false);
  return {
    accepted,
    setAccepted,
    loadError: terms.error ?? privacy.error,
    retry: () => void Promise.all([terms.refetch(), privacy.refetch()]),
    versions: () =>
      accepted && terms.data && privacy.data
        ? { accepted_terms_version: terms.data.version, accepted_privacy_version: privacy.data.version }
        : null,
    refused: (error) => {
      if (error instanceof ApiProblem && error.code === 'terms_not_accepted') {
        setAccepted(false);
        void qc.invalidateQueries({ queryKey: legalKeys.all });
      }
    },
  };
}

/**
 * "I accept the terms of use and the privacy notice", required to register; the names link to
 * the pages (in a new tab, so the form stays filled in). `missing`: the form was sent without it.
 */
export function AcceptLegalCheckbox({ consent, missing }: { consent: LegalConsent; missing: boolean }) {
  const { t } = useTranslation();
  if (consent.loadError) {
    return (
      <InlineAlert status="error" role="alert" className="accept-legal-unavailable">
        <Paragraph>{t('legal.register.unavailable')}</Paragraph>
        <Button variant="secondary" onClick={consent.retry}>
          {t('common.retry')}
        </Button>
      </InlineAlert>
    );
  }
  const showError = missing && !consent.accepted;
  return (
    <Checkbox
      id="register-accept-legal"
      checked={consent.accepted}
      onClick={({ checkboxState }) => consent.setAccepted(checkboxState)}
      status={showError ? 'error' : 'default'}
      statusText={showError ? t('legal.register.required') : undefined}
      aria-required
    >
      <Trans
        i18nKey="legal.register.accept"
        components={{ terms: <LegalPageLink kind="terms" />, privacy: <LegalPageLink kind="privacy" /> }}
      />
    </Checkbox>
  );
}
