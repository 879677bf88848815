import { Button } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/problem-alert';
import { announce } from '@/lib/status';
import { useExport, type ExportFormat } from '../api/export';

const FORMATS: readonly ExportFormat[] = ['csv', 'json'];

/** CSV (for spreadsheets) and JSON downloads of the call's proposals with their scores. */
export function ExportButtons({ callId, slug }: { callId: string; slug: string }) {
  const { t } = useTranslation();
  const exp = useExport(callId, slug);
  return (
    <div className="export-buttons">
      <p className="muted">{t('evaluation.export.hint')}</p>
      <div className="form-actions">
        {FORMATS.map((format) => (
          <Button
            key={format}
            variant="secondary"
            disabled={exp.isPending}
            onClick={() => exp.mutate(format, { onSuccess: (name) => announce(t('evaluation.export.done', { name })) })}
          >
            {t(`evaluation.export.${format}`)}
          </Button>
        ))}
      </div>
      {exp.error ? <ProblemAlert error={exp.error} /> : null}
    </div>
  );
}
