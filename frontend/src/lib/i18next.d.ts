/**
 * Typed translation keys: every `t()` key, template-literal keys included, must be a key of the
 * English catalogue (the three catalogues have the same keys; src/locales/catalogues.test.ts
 * checks that). A key that is not there fails `npm run typecheck`, also with a default value.
 * Plural keys are written without their suffix (`common.charactersLeft` for `_one`/`_other`).
 */
import 'i18next';
import type en from '../locales/en.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
    returnNull: false;
    strictKeyChecks: true;
  }
}
