import { render, screen, waitFor } from '@testing-library/react';
import { expect } from 'vitest';
import { App } from '../src/App';
import type { Backend } from '../src/backend';
import { FakeBackend, type FakeBackendOptions } from '../src/backend/fake';
import { I18nProvider, type Locale } from '../src/i18n';

/** Renders the whole app over a FakeBackend and waits until it reports data-ready="true". */
export async function renderApp(options: FakeBackendOptions & { locale?: Locale; backend?: Backend } = {}) {
  const { locale, backend: given, ...fakeOptions } = options;
  const backend = given ?? new FakeBackend({ stepDelayMs: 1, ...fakeOptions });
  const result = render(
    <I18nProvider locale={locale}>
      <App backend={backend} />
    </I18nProvider>,
  );
  const root = result.container.querySelector('#app');
  if (!root) throw new Error('#app root not rendered');
  expect(root.getAttribute('data-ready')).toBe('false');
  await waitFor(() => expect(root.getAttribute('data-ready')).toBe('true'));
  return { ...result, root, backend, screen };
}
