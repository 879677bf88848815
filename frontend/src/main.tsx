import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
// Every subset of each weight, each with its unicode-range: a browser downloads only the
// subsets that the page's characters need (latin for Finnish and Swedish text; latin-ext for
// names such as Sámi ones). The per-subset files have no unicode-range, so importing one of
// them made its face cover every character.
import '@fontsource/source-sans-3/300.css';
import '@fontsource/source-sans-3/400.css';
import '@fontsource/source-sans-3/600.css';
import '@fontsource/source-sans-3/700.css';
import { i18nReady } from './lib/i18n';
import './styles/index.css';
import { App } from './app/app';

const root = document.getElementById('root');
if (root) {
  // The first render in a transition: React renders it in slices between which the browser
  // can answer input, instead of in one long task.
  void i18nReady.then(() =>
    startTransition(() =>
      createRoot(root).render(
        <StrictMode>
          <App />
        </StrictMode>,
      ),
    ),
  );
}
