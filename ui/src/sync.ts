// Syncs of linked stores started from the UI: the first sync after linking and "Sync now".
// The backend also syncs linked stores by itself on a schedule (`sync_interval_minutes`); those
// runs show up only as the stores' states (`sync_states`), refetched on store-changed.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { toBackendError } from './backend/errors';
import { newJobId, type Backend } from './backend/types';
import type { StoreSyncState, SyncProgress, SyncReport } from './ipc/bindings';
import { queryKeys, syncStatesQuery } from './queries';

/** The default minutes between scheduled syncs (`sync_interval_minutes` absent). */
export const DEFAULT_SYNC_INTERVAL_MINUTES = 30;
/** The intervals the settings offer (0 = off). */
export const SYNC_INTERVAL_CHOICES = [0, 15, 30, 60, 180] as const;

/** A sync this window started and that has not ended yet. */
export interface SyncRun {
  storeId: number;
  job: string;
  /** The first sync right after linking. */
  first: boolean;
  /** The newest progress event (null until the first page). */
  progress: SyncProgress | null;
  /** A cancel was asked for and the sync has not stopped yet. */
  cancelling: boolean;
}

/** How a sync this window started ended (kept until dismissed or the next sync of the store). */
export type SyncOutcome =
  | { storeId: number; first: boolean; kind: 'done'; report: SyncReport }
  | { storeId: number; first: boolean; kind: 'cancelled' }
  | { storeId: number; first: boolean; kind: 'failed'; error: unknown };

export interface StoreSync {
  /** Every linked store's state, as the backend last said. */
  states: StoreSyncState[];
  runs: SyncRun[];
  outcomes: SyncOutcome[];
  /** Starts a sync of `storeId` (nothing if this window already syncs it). */
  start(storeId: number, first?: boolean): void;
  cancel(storeId: number): void;
  dismiss(storeId: number): void;
}

/**
 * The UI's syncs. `onEnded` runs when a sync ended (whatever the result), before its outcome is
 * shown: the app refreshes the store list there, so the counts shown are the synced ones.
 */
export function useStoreSync(backend: Backend, onEnded: (storeId: number, outcome: SyncOutcome) => Promise<void> | void): StoreSync {
  const queryClient = useQueryClient();
  const states = useQuery(syncStatesQuery(backend));
  const [runs, setRuns] = useState<SyncRun[]>([]);
  const [outcomes, setOutcomes] = useState<SyncOutcome[]>([]);
  /** Store id → job id of the syncs running (synchronous guard against double clicks). */
  const active = useRef(new Map<number, string>());
  const mounted = useRef(true);
  const endedRef = useRef(onEnded);
  useEffect(() => {
    endedRef.current = onEnded;
  }, [onEnded]);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const patchRun = useCallback((storeId: number, patch: Partial<SyncRun>) => {
    setRuns((list) => list.map((r) => (r.storeId === storeId ? { ...r, ...patch } : r)));
  }, []);

  const start = useCallback(
    (storeId: number, first = false) => {
      if (active.current.has(storeId)) return;
      const job = newJobId('sync');
      active.current.set(storeId, job);
      setOutcomes((list) => list.filter((o) => o.storeId !== storeId));
      setRuns((list) => [...list.filter((r) => r.storeId !== storeId), { storeId, job, first, progress: null, cancelling: false }]);
      const onProgress = (progress: SyncProgress) => {
        if (mounted.current) patchRun(storeId, { progress });
      };
      void (async () => {
        let outcome: SyncOutcome;
        try {
          const report = await backend.syncStore(job, storeId, false, onProgress);
          outcome = { storeId, first, kind: 'done', report };
        } catch (e) {
          outcome =
            toBackendError(e).code === 'sync.cancelled'
              ? { storeId, first, kind: 'cancelled' }
              : { storeId, first, kind: 'failed', error: e };
        }
        active.current.delete(storeId);
        try {
          await endedRef.current(storeId, outcome);
        } catch {
          // The store list could not be refreshed: the outcome is still shown.
        }
        await queryClient.invalidateQueries({ queryKey: queryKeys.syncStates });
        if (!mounted.current) return;
        setRuns((list) => list.filter((r) => r.job !== job));
        setOutcomes((list) => [...list.filter((o) => o.storeId !== storeId), outcome]);
      })();
    },
    [backend, queryClient, patchRun],
  );

  const cancel = useCallback(
    (storeId: number) => {
      const job = active.current.get(storeId);
      if (job === undefined) return;
      patchRun(storeId, { cancelling: true });
      backend.cancelJob(job).then(
        // False: the sync had already ended (its own result decides what is shown).
        (cancelling) => cancelling || (mounted.current && patchRun(storeId, { cancelling: false })),
        () => mounted.current && patchRun(storeId, { cancelling: false }),
      );
    },
    [backend, patchRun],
  );

  const dismiss = useCallback((storeId: number) => setOutcomes((list) => list.filter((o) => o.storeId !== storeId)), []);

  return { states: states.data ?? [], runs, outcomes, start, cancel, dismiss };
}
