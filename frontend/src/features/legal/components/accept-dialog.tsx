import { Button, InlineAlert, Modal, ModalContent, ModalFooter, ModalTitle, Paragraph } from 'suomifi-ui-components';
import { Trans, useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { LegalPageLink } from '@/components/legal-page-link';
import { ProblemAlert } from '@/components/problem-alert';
import { useLogout } from '@/lib/auth';
import { useAcceptLegal, useLegalDocument, type LegalKind } from '@/lib/legal';
import { ApiProblem } from '@/lib/problem';
import { announce } from '@/lib/status';
import { useLanguage } from '@/lib/use-language';

/** The dialog itself, in a chunk of its own: most sessions never need it. */
export default function AcceptDialog({ pending }: { pending: LegalKind[] }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const navigate = useNavigate();
  // Both versions go with the acceptance, whichever of the two changed.
  const terms = useLegalDocument('terms');
  const privacy = useLegalDocument('privacy');
  const accept = useAcceptLegal();
  const logout = useLogout();
  const docs = { terms: terms.data, privacy: privacy.data, accessibility: undefined };
  const loadError = terms.error ?? privacy.error;
  const outdated = accept.error instanceof ApiProblem && accept.error.code === 'terms_not_accepted';

  const submit = () => {
    if (!terms.data || !privacy.data) return;
    accept.mutateAsync({ terms_version: terms.data.version, privacy_version: privacy.data.version }).then(
      () => announce(t('legal.accept.done')),
      () => undefined,
    );
  };

  return (
    // Without a close button or Escape: the choice is to accept or to sign out. The design
    // system focuses the title on opening and keeps focus inside.
    <Modal visible appElementId="root" className="accept-legal">
      <ModalContent>
        <ModalTitle>{t('legal.accept.title')}</ModalTitle>
        <Paragraph>{t('legal.accept.lead')}</Paragraph>
        <ul className="accept-legal__list">
          {pending.map((kind) => {
            const doc = docs[kind];
            return (
              <li key={kind}>
                <LegalPageLink kind={kind}>
                  {doc ? t('legal.accept.item', { title: doc.title[lang], version: doc.version }) : t(`legal.links.${kind}`)}
                </LegalPageLink>
              </li>
            );
          })}
        </ul>
        {outdated ? (
          <InlineAlert status="warning" role="alert">
            {t('legal.accept.outdated')}
          </InlineAlert>
        ) : accept.error ? (
          <ProblemAlert error={accept.error} />
        ) : loadError ? (
          <ProblemAlert error={loadError} onRetry={() => void Promise.all([terms.refetch(), privacy.refetch()])} />
        ) : null}
        <Paragraph className="accept-legal__decline">
          <Trans i18nKey="legal.accept.decline" components={{ profile: <Link to="/profile" /> }} />
        </Paragraph>
      </ModalContent>
      <ModalFooter>
        <Button onClick={submit} disabled={!terms.data || !privacy.data || accept.isPending}>
          {t('legal.accept.submit')}
        </Button>
        <Button
          variant="secondary"
          disabled={logout.isPending}
          onClick={() => logout.mutate(undefined, { onSettled: () => void navigate('/') })}
        >
          {t('layout.logout')}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
