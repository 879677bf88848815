import { cleanup } from '@testing-library/react';
import { afterAll, afterEach, beforeAll } from 'vitest';
import '@/lib/i18n';
import { server } from './api-mock';

// A request without a handler is refused (`error`) and also fails the test that sent it, even
// when the code under test swallows the failed request.
const unhandled: string[] = [];
server.events.on('request:unhandled', ({ request }) => {
  unhandled.push(`${request.method} ${request.url}`);
});

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));

afterEach(() => {
  cleanup();
  localStorage.clear();
  server.resetHandlers();
  const missed = unhandled.splice(0);
  if (missed.length > 0) throw new Error(`requests that no mock handler answered: ${missed.join(', ')}`);
});

afterAll(() => server.close());
