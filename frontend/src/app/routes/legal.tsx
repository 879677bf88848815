import { useSearchParams } from 'react-router';
import type { LegalKind } from '@/lib/legal';
import { LegalDocumentView } from '@/features/legal/components/legal-document-view';

/** `/privacy`, `/accessibility`, `/terms`: the page in force, or `?version=N`. */
function LegalRoute({ kind }: { kind: LegalKind }) {
  const [params] = useSearchParams();
  const raw = params.get('version');
  const version = raw !== null && /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : null;
  return (
    <div className="narrow narrow--text">
      <LegalDocumentView kind={kind} version={version} />
    </div>
  );
}

export const PrivacyRoute = () => <LegalRoute kind="privacy" />;
export const AccessibilityRoute = () => <LegalRoute kind="accessibility" />;
export const TermsRoute = () => <LegalRoute kind="terms" />;
