import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import type { createAppRouter } from './router';
import { SessionSync } from './session-sync';

/**
 * The app around its router and query cache, which `main.tsx` makes before the first render:
 * making the router runs the first screen's loaders, so its data is on the way while the texts
 * and the code are still loading.
 */
export function App({ queryClient, router }: { queryClient: QueryClient; router: ReturnType<typeof createAppRouter> }) {
  return (
    <QueryClientProvider client={queryClient}>
      <SessionSync />
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
