import { useCallback, useMemo, useState } from 'react';
import { Button, Heading, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useDocumentTitle } from '@/components/document-title';
import { useCalls } from '@/features/calls/api/get-calls';
import { CreatePilotDialog } from '@/features/pilots/components/create-pilot-dialog';
import { PilotFiltersBar } from '@/features/pilots/components/pilot-filters';
import { PilotList } from '@/features/pilots/components/pilot-list';
import { pilotStatusValues, type PilotFilters, type PilotStatus } from '@/features/pilots/api/types';
import { hasRole, useUser } from '@/lib/auth';
import { announce } from '@/lib/status';

/** The showcase's filters live in the URL, so that back and a shared link keep them. */
function useFiltersInUrl(): [PilotFilters, (next: Partial<Record<keyof PilotFilters, string | undefined>>) => void] {
  const [params, setParams] = useSearchParams();
  const filters = useMemo<PilotFilters>(() => {
    const status = params.get('status');
    const year = Number(params.get('year'));
    return {
      status: pilotStatusValues.includes(status as PilotStatus) ? (status as PilotStatus) : undefined,
      organisation_id: params.get('organisation') ?? undefined,
      call_id: params.get('call') ?? undefined,
      year: params.has('year') && Number.isInteger(year) && year > 2000 ? year : undefined,
    };
  }, [params]);
  const update = useCallback(
    (next: Partial<Record<keyof PilotFilters, string | undefined>>) =>
      setParams(
        (old) => {
          const p = new URLSearchParams(old);
          const names: Record<keyof PilotFilters, string> = {
            status: 'status',
            organisation_id: 'organisation',
            call_id: 'call',
            year: 'year',
          };
          for (const [k, v] of Object.entries(next) as [keyof PilotFilters, string | undefined][]) {
            if (v === undefined || v === '') p.delete(names[k]);
            else p.set(names[k], v);
          }
          return p;
        },
        { preventScrollReset: true },
      ),
    [setParams],
  );
  return [filters, update];
}

export function PilotsRoute() {
  const { t } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const calls = useCalls();
  const [filters, setFilters] = useFiltersInUrl();
  // `?create=<call id>` (the call results page links here) opens the dialog on that call.
  const [params, setParams] = useSearchParams();
  const createFor = params.get('create');
  const [creating, setCreating] = useState(createFor !== null);
  useDocumentTitle(t('pilots.title'));
  const allCalls = (calls.data?.items ?? []).map((c) => ({ id: c.id, title: c.title, phase: c.phase }));
  const resultCalls = allCalls.filter((c) => c.phase === 'results' || c.phase === 'archived');
  return (
    <>
      <div className="page-head">
        <Heading variant="h1" className="page-title">
          {t('pilots.title')}
        </Heading>
        {hasRole(user, 'admin') ? <Button onClick={() => setCreating(true)}>{t('pilots.create.open')}</Button> : null}
      </div>
      <Paragraph className="lead">{t('pilots.lead')}</Paragraph>
      <PilotFiltersBar filters={filters} onChange={setFilters} calls={allCalls} />
      <PilotList filters={filters} />
      {creating && hasRole(user, 'admin') ? (
        <CreatePilotDialog
          callId={createFor ?? undefined}
          calls={resultCalls}
          onClose={(p) => {
            setCreating(false);
            if (createFor !== null) {
              setParams(
                (old) => {
                  const next = new URLSearchParams(old);
                  next.delete('create');
                  return next;
                },
                { replace: true },
              );
            }
            if (p) {
              announce(t('pilots.create.done'), `/pilots/${p.id}`);
              void navigate(`/pilots/${p.id}`);
            }
          }}
        />
      ) : null}
    </>
  );
}
