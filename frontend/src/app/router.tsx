import type { QueryClient } from '@tanstack/react-query';
import { createBrowserRouter, type LoaderFunctionArgs, type ShouldRevalidateFunctionArgs } from 'react-router';
import { callQuery } from '@/features/calls/api/get-call';
import { proposalQuery } from '@/features/proposals/api/get-proposal';
import { getProposals, proposalsQuery } from '@/features/proposals/api/get-proposals';
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
 * Loaders that start a screen's first requests together with its code instead of after it,
 * and hold the screen until they are answered: it then renders once, with its data, in the
 * router's transition, which React renders in slices that leave the page responsive (a query
 * answered after the first render re-renders it synchronously, in one long task). They fail
 * for nothing: the screen's own queries find the answers in the cache, or ask again and show
 * the error themselves. They run again only for another call or proposal, not when the list's
 * filters in the query string change (the list's own query follows those).
 */
export function prefetching(queryClient: QueryClient) {
  return {
    call: {
      loader: async ({ params, request }: LoaderFunctionArgs) => {
        const filters = filtersFromParams(new URL(request.url).searchParams);
        const ref = params.callRef ?? '';
        // Back on a call whose list is cached: the screen shows it at once and refreshes it.
        const known = queryClient.getQueryData(callQuery(ref).queryKey);
        if (known && queryClient.getQueryData(proposalsQuery(known.id, filters).queryKey)) return null;
        try {
          // The list is asked for by the call's reference too, so that both requests go at
          // once; the list screen keys it by the call's id.
          const [call, first] = await Promise.all([queryClient.fetchQuery(callQuery(ref)), getProposals(ref, filters, undefined)]);
          const list = proposalsQuery(call.id, filters);
          if (queryClient.getQueryData(list.queryKey) === undefined) {
            queryClient.setQueryData(list.queryKey, { pages: [first], pageParams: [undefined] });
          }
        } catch {
          // The screen shows it.
        }
        return null;
      },
      shouldRevalidate: ({ currentParams, nextParams }: ShouldRevalidateFunctionArgs) => currentParams.callRef !== nextParams.callRef,
    },
    proposal: {
      loader: async ({ params }: LoaderFunctionArgs) => {
        try {
          const proposal = await queryClient.fetchQuery(proposalQuery(params.proposalId ?? ''));
          await queryClient.prefetchQuery(callQuery(proposal.call_id));
        } catch {
          // The screen shows it.
        }
        return null;
      },
      shouldRevalidate: ({ currentParams, nextParams }: ShouldRevalidateFunctionArgs) => currentParams.proposalId !== nextParams.proposalId,
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
        { path: 'calls/:callRef', ...prefetch.call, ...page(async () => (await import('./routes/call')).CallRoute) },
        { path: 'calls/:callRef/results', ...page(async () => (await import('./routes/call-results')).CallResultsRoute) },
        { path: 'calls/:callRef/stats', ...page(async () => (await import('./routes/call-stats')).CallStatsRoute) },
        { path: 'pilots', ...page(async () => (await import('./routes/pilots')).PilotsRoute) },
        { path: 'pilots/:pilotId', ...page(async () => (await import('./routes/pilot')).PilotRoute) },
        { path: 'calls/:callRef/proposals/new', ...page(async () => (await import('./routes/new-proposal')).NewProposalRoute) },
        {
          path: 'proposals/:proposalId',
          ...prefetch.proposal,
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
