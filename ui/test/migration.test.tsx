// Segment migration on the Segments screen of the app, against the fake backend.
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeBackend, SAMPLE } from '../src/backend/fake';
import { renderApp } from './render';

describe('segment migration', () => {
  it('asks for two snapshots, saves one, then shows the from→to matrix', async () => {
    const backend = new FakeBackend({ stepDelayMs: 1, stores: [SAMPLE.store] });
    await renderApp({ locale: 'en', backend });
    await screen.findByTestId('kpi-customers', {}, { timeout: 5000 });
    fireEvent.click(screen.getByTestId('nav-segments'));
    expect((await screen.findByTestId('mig-need-two')).textContent).toContain('Snapshots saved: 0');

    // An earlier snapshot exists; saving today's gives two dates and the matrix.
    await backend.saveSnapshotAs('2011-06-01');
    fireEvent.click(screen.getByTestId('snapshot-save'));
    const matrix = await screen.findByTestId('mig-matrix');
    expect(backend.calls).toContain('saveSnapshot');
    expect((screen.getByTestId('mig-from') as HTMLSelectElement).value).toBe('2011-06-01');
    // The same customers in the same segments on both dates: nobody moved, and the diagonal
    // holds everyone (Champions → Champions is 604 in the fixture).
    await waitFor(() => expect(screen.getByTestId('mig-summary').getAttribute('data-changed')).toBe('0'));
    const champions = [...matrix.querySelectorAll('tbody tr')].find((r) => r.querySelector('th')?.textContent === 'Champions');
    expect(champions?.querySelector('td.mig-same')?.textContent).toBe('604');
  });
});
