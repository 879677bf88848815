import { MutationCache, QueryClient } from '@tanstack/react-query';
import { meKeys } from './auth';
import { ApiProblem } from './problem';

export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    // A refusal because newer terms of use or a newer privacy notice wait for acceptance: the
    // account is read again, and its `must_accept` opens the dialog that asks for them.
    mutationCache: new MutationCache({
      onError: (error) => {
        if (error instanceof ApiProblem && error.code === 'terms_not_accepted') void client.invalidateQueries({ queryKey: meKeys.me });
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // Retry only what may pass next time: the network or the server, not a refusal.
        retry: (count, error) => count < 2 && error instanceof ApiProblem && error.retryable && error.code !== 'rate_limited',
      },
      mutations: { retry: false },
    },
  });
  return client;
}
