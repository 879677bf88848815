import { QueryClient } from '@tanstack/react-query';
import { ApiProblem } from './problem';

export function createQueryClient(): QueryClient {
  return new QueryClient({
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
}
