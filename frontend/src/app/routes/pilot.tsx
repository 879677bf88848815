import { useState } from 'react';
import { Button, Heading } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useDocumentTitle } from '@/components/document-title';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { usePilot } from '@/features/pilots/api/get-pilot';
import type { Pilot } from '@/features/pilots/api/types';
import { FollowButton } from '@/features/pilots/components/follow-button';
import { LessonsForm } from '@/features/pilots/components/lessons-form';
import { PilotEditForm } from '@/features/pilots/components/pilot-edit-form';
import { PilotLessons } from '@/features/pilots/components/pilot-lessons';
import { PilotTimeline } from '@/features/pilots/components/pilot-timeline';
import { PilotView } from '@/features/pilots/components/pilot-view';
import { UpdateForm } from '@/features/pilots/components/update-form';

export function PilotRoute() {
  const { pilotId = '' } = useParams();
  const q = usePilot(pilotId);
  useDocumentTitle(q.data?.title);
  if (q.isError) return <ProblemAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (q.isPending) return <Loading />;
  return <PilotPage pilot={q.data} />;
}

/** What the team (and admins) do on the pilot's page: status and dates, updates, lessons. */
function TeamPanel({ pilot }: { pilot: Pilot }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [writingLessons, setWritingLessons] = useState(false);
  return (
    <section aria-labelledby="pilot-team-tools" className="pilot-section pilot-team">
      <Heading variant="h2" id="pilot-team-tools" className="section-title">
        {t('pilots.team.title')}
      </Heading>
      {pilot.viewer.can_edit ? (
        editing ? (
          <PilotEditForm pilot={pilot} onDone={() => setEditing(false)} />
        ) : (
          <Button variant="secondary" onClick={() => setEditing(true)}>
            {t('pilots.edit.open')}
          </Button>
        )
      ) : null}
      {pilot.viewer.can_post ? (
        <>
          <UpdateForm pilotId={pilot.id} />
          {pilot.lessons && !writingLessons ? (
            <Button variant="secondary" onClick={() => setWritingLessons(true)}>
              {t('pilots.lessons.editTitle')}
            </Button>
          ) : (
            <LessonsForm pilotId={pilot.id} lessons={pilot.lessons} onDone={pilot.lessons ? () => setWritingLessons(false) : undefined} />
          )}
        </>
      ) : null}
    </section>
  );
}

function PilotPage({ pilot }: { pilot: Pilot }) {
  const { t } = useTranslation();
  const team = pilot.viewer.can_edit || pilot.viewer.can_post;
  return (
    <>
      <nav aria-label={t('layout.breadcrumb')} className="breadcrumb">
        <Link to="/pilots">{t('layout.nav.pilots')}</Link>
      </nav>
      <PilotView pilot={pilot} aside={<FollowButton pilot={pilot} />} />
      {team ? <TeamPanel pilot={pilot} /> : null}
      <PilotTimeline pilotId={pilot.id} canPost={pilot.viewer.can_post} />
      <PilotLessons lessons={pilot.lessons} />
    </>
  );
}
