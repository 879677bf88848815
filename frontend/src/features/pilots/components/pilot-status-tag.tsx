import { useTranslation } from 'react-i18next';
import type { PilotStatus } from '../api/types';

/** A pilot's status as a tag: planned, running, evaluating, completed, cancelled. */
export function PilotStatusTag({ status }: { status: PilotStatus }) {
  const { t } = useTranslation();
  return <span className={`tag pilot-status pilot-status--${status}`}>{t(`pilots.status.${status}`)}</span>;
}
