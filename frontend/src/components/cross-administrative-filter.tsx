import { Checkbox } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';

/** The list filter that keeps only cross-administrative proposals (two branches or more). */
export function CrossAdministrativeFilter({ checked, onChange }: { checked: boolean; onChange: (on: boolean) => void }) {
  const { t } = useTranslation();
  return (
    <Checkbox
      id="filter-cross-administrative"
      className="filters__item filters__checkbox"
      checked={checked}
      onClick={({ checkboxState }) => onChange(checkboxState)}
    >
      {t('branches.filter.crossAdministrative')}
    </Checkbox>
  );
}
