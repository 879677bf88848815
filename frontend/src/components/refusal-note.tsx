import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { problemMessage } from './problem-message';

/**
 * Why an action is not offered, as the server said it (`*_refusal` codes in `viewer`); the
 * client never works the reason out itself.
 */
export function RefusalNote({ code, id }: { code: string | null | undefined; id?: string }) {
  const { t } = useTranslation();
  if (!code) return null;
  return (
    <p className="refusal-note" id={id}>
      {problemMessage(t, code)}
      {code === 'unauthenticated' ? (
        <>
          {' '}
          <Link to="/login">{t('auth.login.title')}</Link>
        </>
      ) : null}
    </p>
  );
}
