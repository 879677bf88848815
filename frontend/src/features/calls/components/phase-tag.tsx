import { useTranslation } from 'react-i18next';
import type { Phase } from '@/lib/types';

export function PhaseTag({ phase }: { phase: Phase }) {
  const { t } = useTranslation();
  return <span className={`phase-tag phase-tag--${phase}`}>{t(`calls.phase.${phase}`)}</span>;
}
