import { createBrowserRouter } from 'react-router';
import { CallRoute } from './routes/call';
import { EditProposalRoute } from './routes/edit-proposal';
import { HomeRoute } from './routes/home';
import { Layout } from './routes/layout';
import { LoginRoute } from './routes/login';
import { MyProposalsRoute } from './routes/my-proposals';
import { NewProposalRoute } from './routes/new-proposal';
import { NotFoundRoute } from './routes/not-found';
import { NotificationsRoute } from './routes/notifications';
import { ProfileRoute } from './routes/profile';
import { ProposalRoute } from './routes/proposal';
import { RegisterRoute } from './routes/register';
import { RouteError } from './routes/route-error';

/** Admin screens load on demand, in a chunk of their own, so visitors never download them. */
const admin = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({ Component: (await load()).default });

export function createAppRouter() {
  return createBrowserRouter([
    {
      path: '/',
      Component: Layout,
      ErrorBoundary: RouteError,
      children: [
        { index: true, Component: HomeRoute },
        { path: 'calls/:callRef', Component: CallRoute },
        { path: 'calls/:callRef/proposals/new', Component: NewProposalRoute },
        { path: 'proposals/:proposalId', Component: ProposalRoute },
        { path: 'proposals/:proposalId/edit', Component: EditProposalRoute },
        { path: 'login', Component: LoginRoute },
        { path: 'register', Component: RegisterRoute },
        { path: 'my/proposals', Component: MyProposalsRoute },
        { path: 'notifications', Component: NotificationsRoute },
        { path: 'profile', Component: ProfileRoute },
        {
          path: 'admin',
          lazy: admin(() => import('./routes/admin/admin-layout')),
          children: [
            { index: true, lazy: admin(() => import('./routes/admin/admin-calls')) },
            { path: 'calls/new', lazy: admin(() => import('./routes/admin/admin-call-new')) },
            { path: 'calls/:callId', lazy: admin(() => import('./routes/admin/admin-call-edit')) },
            { path: 'users', lazy: admin(() => import('./routes/admin/admin-users')) },
          ],
        },
        { path: '*', Component: NotFoundRoute },
      ],
    },
  ]);
}
