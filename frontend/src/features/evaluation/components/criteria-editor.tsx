import { useState } from 'react';
import { Button, Heading, Paragraph, TextInput, Textarea } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { fieldErrorMessage } from '@/components/problem-message';
import type { CriteriaList, CriterionInput } from '@/lib/eval-types';
import { useFormat } from '@/lib/format';
import { LANGUAGES, type Language } from '@/lib/i18n';
import { fieldErrorMap } from '@/lib/problem';
import { announce } from '@/lib/status';
import { CRITERIA_MAX, CRITERION_DESCRIPTION_MAX, CRITERION_NAME_MAX, useCriteria, useSaveCriteria, WEIGHT_MAX } from '../api/criteria';

type Texts = Record<Language, string>;
interface Row {
  key: string;
  id?: string;
  name: Texts;
  description: Texts;
  weight: string;
}

const empty = (): Texts => ({ fi: '', sv: '', en: '' });
let counter = 0;

function toRows(list: CriteriaList): Row[] {
  return list.items.map((c) => ({
    key: c.id,
    id: c.id,
    name: { fi: c.name.fi, sv: c.name.sv ?? '', en: c.name.en ?? '' },
    description: { fi: c.description.fi, sv: c.description.sv ?? '', en: c.description.en ?? '' },
    weight: String(c.weight),
  }));
}

const opt = (s: string) => (s.trim() ? s.trim() : null);

function toBody(rows: Row[]): CriterionInput[] {
  return rows.map((r) => ({
    ...(r.id ? { id: r.id } : {}),
    name: { fi: r.name.fi.trim(), sv: opt(r.name.sv), en: opt(r.name.en) },
    description: { fi: r.description.fi.trim(), sv: opt(r.description.sv), en: opt(r.description.en) },
    weight: Number(r.weight.replace(',', '.')),
  }));
}

/** The admin's editor of a call's evaluation criteria; locked once a review is submitted. */
export function CriteriaEditor({ callId }: { callId: string }) {
  const { t } = useTranslation();
  const q = useCriteria(callId);
  return (
    <section aria-labelledby="criteria-title" className="admin-section">
      <Heading variant="h2" id="criteria-title" className="section-title">
        {t('evaluation.criteria.title')}
      </Heading>
      {q.isError ? (
        <ProblemAlert error={q.error} onRetry={() => void q.refetch()} />
      ) : q.isPending ? (
        <Loading />
      ) : (
        <CriteriaForm key={callId} callId={callId} list={q.data} />
      )}
    </section>
  );
}

function CriteriaForm({ callId, list }: { callId: string; list: CriteriaList }) {
  const { t } = useTranslation();
  const f = useFormat();
  const save = useSaveCriteria(callId);
  const [rows, setRows] = useState<Row[]>(() => toRows(list));
  const fe = fieldErrorMap(save.error);
  const total = rows.reduce((s, r) => s + (Number(r.weight.replace(',', '.')) || 0), 0);
  const update = (i: number, next: Partial<Row>) => setRows((old) => old.map((r, j) => (j === i ? { ...r, ...next } : r)));
  const move = (i: number, by: number) =>
    setRows((old) => {
      const out = [...old];
      const [r] = out.splice(i, 1);
      out.splice(i + by, 0, r as Row);
      return out;
    });
  if (list.locked) {
    return (
      <>
        <Paragraph>{t('evaluation.criteria.locked')}</Paragraph>
        <ol className="criteria-list">
          {list.items.map((c) => (
            <li key={c.id}>
              {c.name.fi} ({t('evaluation.criteria.weightShort', { weight: f.number(c.weight) })})
            </li>
          ))}
        </ol>
      </>
    );
  }
  return (
    <form
      className="criteria-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(
          { criteria: toBody(rows) },
          {
            onSuccess: (saved) => {
              // The saved list, with the ids of the new criteria (so a second save keeps them).
              setRows(toRows(saved));
              announce(t('evaluation.criteria.saved'));
            },
          },
        );
      }}
    >
      <Paragraph>{t('evaluation.criteria.lead')}</Paragraph>
      {save.error && !Object.keys(fe).length ? <ProblemAlert error={save.error} /> : null}
      {Object.keys(fe).length ? (
        <p className="error-summary" role="alert">
          {t('evaluation.criteria.fix')}
        </p>
      ) : null}
      {rows.length === 0 ? <p className="muted">{t('evaluation.criteria.none')}</p> : null}
      <ol className="criteria-rows">
        {rows.map((r, i) => {
          const path = `criteria[${i}]`;
          const n = i + 1;
          return (
            <li key={r.key} className="criteria-row">
              <fieldset>
                <legend>{t('evaluation.criteria.number', { number: n })}</legend>
                {LANGUAGES.map((l) => (
                  <TextInput
                    key={`name-${l}`}
                    id={`criterion-${r.key}-name-${l}`}
                    labelText={t(`evaluation.criteria.nameIn.${l}`)}
                    optionalText={l === 'fi' ? undefined : t('common.optional')}
                    hintText={l === 'fi' ? t('evaluation.criteria.nameHint', { max: f.number(CRITERION_NAME_MAX) }) : undefined}
                    value={r.name[l]}
                    onChange={(v) => update(i, { name: { ...r.name, [l]: String(v ?? '') } })}
                    status={fe[`${path}.name.${l}`] ? 'error' : 'default'}
                    statusText={fieldErrorMessage(t, fe[`${path}.name.${l}`])}
                    fullWidth
                  />
                ))}
                {LANGUAGES.map((l) => (
                  <Textarea
                    key={`desc-${l}`}
                    id={`criterion-${r.key}-description-${l}`}
                    labelText={t(`evaluation.criteria.descriptionIn.${l}`)}
                    optionalText={l === 'fi' ? undefined : t('common.optional')}
                    hintText={
                      l === 'fi' ? t('evaluation.criteria.descriptionHint', { max: f.number(CRITERION_DESCRIPTION_MAX) }) : undefined
                    }
                    value={r.description[l]}
                    onChange={(e) => update(i, { description: { ...r.description, [l]: e.target.value } })}
                    status={fe[`${path}.description.${l}`] ? 'error' : 'default'}
                    statusText={fieldErrorMessage(t, fe[`${path}.description.${l}`])}
                    rows={2}
                    fullWidth
                  />
                ))}
                <TextInput
                  id={`criterion-${r.key}-weight`}
                  labelText={t('evaluation.criteria.weight')}
                  hintText={t('evaluation.criteria.weightHint', { max: f.number(WEIGHT_MAX) })}
                  inputMode="decimal"
                  value={r.weight}
                  onChange={(v) => update(i, { weight: String(v ?? '') })}
                  status={fe[`${path}.weight`] ? 'error' : 'default'}
                  statusText={fieldErrorMessage(t, fe[`${path}.weight`])}
                  className="weight-input"
                />
                <div className="form-actions">
                  {i > 0 ? (
                    <Button
                      variant="secondaryNoBorder"
                      onClick={() => move(i, -1)}
                      aria-label={t('evaluation.criteria.upLabel', { number: n })}
                    >
                      {t('evaluation.criteria.up')}
                    </Button>
                  ) : null}
                  {i < rows.length - 1 ? (
                    <Button
                      variant="secondaryNoBorder"
                      onClick={() => move(i, 1)}
                      aria-label={t('evaluation.criteria.downLabel', { number: n })}
                    >
                      {t('evaluation.criteria.down')}
                    </Button>
                  ) : null}
                  <Button
                    variant="secondaryNoBorder"
                    onClick={() => setRows((old) => old.filter((_, j) => j !== i))}
                    aria-label={t('evaluation.criteria.removeLabel', { number: n })}
                  >
                    {t('common.remove')}
                  </Button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      {rows.length > 0 && total > 0 ? <p className="muted">{t('evaluation.criteria.total', { total: f.number(total) })}</p> : null}
      <div className="form-actions">
        {rows.length < CRITERIA_MAX ? (
          <Button
            variant="secondary"
            onClick={() => setRows((old) => [...old, { key: `new-${++counter}`, name: empty(), description: empty(), weight: '1' }])}
          >
            {t('evaluation.criteria.add')}
          </Button>
        ) : null}
        <Button type="submit" disabled={save.isPending}>
          {t('evaluation.criteria.save')}
        </Button>
      </div>
    </form>
  );
}
