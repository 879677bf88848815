import type { QueryClient } from '@tanstack/react-query';
import { createBrowserRouter, type LoaderFunctionArgs } from 'react-router';
import { callQuery } from '@/features/calls/api/get-call';
import { proposalQuery } from '@/features/proposals/api/get-proposal';
import { proposalsQuery } from '@/features/proposals/api/get-proposals';
import { filtersFromParams } from '@/features/proposals/list-filters';
import { Loading } from '@/components/loading';
import { HomeRoute } from './routes/home';
import { Layout } from './routes/layout';
import { NotFoundRoute } from './routes/not-found';
import { RouteError } from './routes/route-error';

type Page = React.ComponentType;

/**
 * A screen that loads on demand, in a chunk of its own, so the first page load downloads only
 * the layout and the calls list. Until the chunk is there (on a first load that starts on the
 * screen), the layout shows with a loading status where the screen will be; a later navigation
 * keeps the current screen until the next one is ready.
 */
const page = (load: () => Promise<Page>) => ({
  lazy: async () => ({ Component: await load() }),
  HydrateFallback: Loading,
});

/**
 * Loaders that start a screen's first requests together with its code instead of after it.
 * They wait for nothing and fail for nothing: the screen's own queries find the answers in the
 * cache, or ask again and show the error themselves.
 */
function prefetching(queryClient: QueryClient) {
  return {
    call: ({ params, request }: LoaderFunctionArgs) => {
      const ref = params.callRef ?? '';
      const filters = filtersFromParams(new URL(request.url).searchParams);
      void queryClient
        .fetchQuery(callQuery(ref))
        .then((call) => queryClient.prefetchInfiniteQuery(proposalsQuery(call.id, filters)))
        .catch(() => undefined);
      return null;
    },
    proposal: ({ params }: LoaderFunctionArgs) => {
      void queryClient
        .fetchQuery(proposalQuery(params.proposalId ?? ''))
        .then((proposal) => queryClient.prefetchQuery(callQuery(proposal.call_id)))
        .catch(() => undefined);
      return null;
    },
  };
}

export function createAppRouter(queryClient: QueryClient) {
  const prefetch = prefetching(queryClient);
  return createBrowserRouter([
    {
      path: '/',
      Component: Layout,
      ErrorBoundary: RouteError,
      children: [
        { index: true, Component: HomeRoute },
        { path: 'calls/:callRef', loader: prefetch.call, ...page(async () => (await import('./routes/call')).CallRoute) },
        { path: 'calls/:callRef/results', ...page(async () => (await import('./routes/call-results')).CallResultsRoute) },
        { path: 'calls/:callRef/stats', ...page(async () => (await import('./routes/call-stats')).CallStatsRoute) },
        { path: 'pilots', ...page(async () => (await import('./routes/pilots')).PilotsRoute) },
        { path: 'pilots/:pilotId', ...page(async () => (await import('./routes/pilot')).PilotRoute) },
        { path: 'calls/:callRef/proposals/new', ...page(async () => (await import('./routes/new-proposal')).NewProposalRoute) },
        {
          path: 'proposals/:proposalId',
          loader: prefetch.proposal,
          ...page(async () => (await import('./routes/proposal')).ProposalRoute),
        },
        { path: 'proposals/:proposalId/edit', ...page(async () => (await import('./routes/edit-proposal')).EditProposalRoute) },
        { path: 'login', ...page(async () => (await import('./routes/login')).LoginRoute) },
        { path: 'register', ...page(async () => (await import('./routes/register')).RegisterRoute) },
        { path: 'verify-email', ...page(async () => (await import('./routes/verify-email')).VerifyEmailRoute) },
        { path: 'forgot-password', ...page(async () => (await import('./routes/forgot-password')).ForgotPasswordRoute) },
        { path: 'reset-password', ...page(async () => (await import('./routes/reset-password')).ResetPasswordRoute) },
        { path: 'sso/callback', ...page(async () => (await import('./routes/sso-callback')).SsoCallbackRoute) },
        { path: 'unsubscribe', ...page(async () => (await import('./routes/unsubscribe')).UnsubscribeRoute) },
        { path: 'my/proposals', ...page(async () => (await import('./routes/my-proposals')).MyProposalsRoute) },
        { path: 'following', ...page(async () => (await import('./routes/following')).FollowingRoute) },
        { path: 'notifications', ...page(async () => (await import('./routes/notifications')).NotificationsRoute) },
        { path: 'invitations', ...page(async () => (await import('./routes/invitations')).InvitationsRoute) },
        { path: 'profile', ...page(async () => (await import('./routes/profile')).ProfileRoute) },
        { path: 'privacy', ...page(async () => (await import('./routes/legal')).PrivacyRoute) },
        { path: 'accessibility', ...page(async () => (await import('./routes/legal')).AccessibilityRoute) },
        { path: 'terms', ...page(async () => (await import('./routes/legal')).TermsRoute) },
        {
          path: 'admin',
          ...page(async () => (await import('./routes/admin/admin-layout')).default),
          children: [
            { index: true, ...page(async () => (await import('./routes/admin/admin-calls')).default) },
            { path: 'calls/new', ...page(async () => (await import('./routes/admin/admin-call-new')).default) },
            { path: 'calls/:callId', ...page(async () => (await import('./routes/admin/admin-call-edit')).default) },
            { path: 'users', ...page(async () => (await import('./routes/admin/admin-users')).default) },
            { path: 'managers', ...page(async () => (await import('./routes/admin/admin-managers')).default) },
            { path: 'organisations', ...page(async () => (await import('./routes/admin/admin-organisations')).default) },
            { path: 'legal', ...page(async () => (await import('./routes/admin/admin-legal')).default) },
            { path: 'legal/:kind', ...page(async () => (await import('./routes/admin/admin-legal-edit')).default) },
          ],
        },
        {
          path: 'evaluation',
          ...page(async () => (await import('./routes/evaluation/evaluation-layout')).default),
          children: [
            { index: true, ...page(async () => (await import('./routes/evaluation/evaluation-home')).default) },
            { path: 'calls/:callId', ...page(async () => (await import('./routes/evaluation/evaluation-call')).default) },
            { path: 'proposals/:proposalId', ...page(async () => (await import('./routes/evaluation/evaluation-proposal')).default) },
          ],
        },
        {
          path: 'moderation',
          ...page(async () => (await import('./routes/moderation/moderation-layout')).default),
          children: [
            { index: true, ...page(async () => (await import('./routes/moderation/moderation-queue')).default) },
            { path: 'log', ...page(async () => (await import('./routes/moderation/moderation-log')).default) },
          ],
        },
        { path: '*', Component: NotFoundRoute },
      ],
    },
  ]);
}
