import { useI18n, type MessageKey } from '../i18n';
import type { SyncProgress } from '../ipc/bindings';

const RESOURCES: Record<string, MessageKey> = {
  customers: 'sync.resource.customers',
  orders: 'sync.resource.orders',
};

interface Props {
  store: string;
  /** The first sync right after linking. */
  first: boolean;
  progress: SyncProgress | null;
  onCancel(): void;
  cancelling: boolean;
}

/** A running sync: what is being read, how far, how fast, and Cancel (what was read is kept). */
export function SyncProgressPanel({ store, first, progress, onCancel, cancelling }: Props) {
  const { t } = useI18n();
  const resource = progress ? (RESOURCES[progress.resource] ? t(RESOURCES[progress.resource]) : progress.resource) : t('sync.starting');
  const total = progress?.total ?? null;
  const done = progress?.done ?? 0;
  const determinate = total !== null && total > 0;
  return (
    <section
      className="panel progress-panel"
      data-testid="sync-progress"
      data-resource={progress?.resource ?? 'starting'}
      aria-live="polite"
      aria-busy="true"
    >
      <div className="panel-head">
        <h2 className="panel-title">{t(first ? 'sync.title.first' : 'sync.title', { store })}</h2>
        <button type="button" className="button button-small" data-testid="sync-cancel" disabled={cancelling} onClick={onCancel}>
          {cancelling ? t('progress.cancelling') : t('progress.cancel')}
        </button>
      </div>
      {determinate ? (
        <progress className="progress-bar" max={total} value={Math.min(done, total)} aria-label={resource} />
      ) : (
        <progress className="progress-bar" aria-label={resource} />
      )}
      <div className="progress-meta">
        <span className="progress-phase" data-testid="sync-resource">
          {resource}
        </span>
        <span className="progress-rows" data-testid="sync-count" data-done={done} data-total={total ?? ''}>
          {determinate ? t('sync.doneOfTotal', { done, total }) : t('sync.done', { done })}
        </span>
        {progress && progress.rate_per_sec > 0 && (
          <span className="progress-rate" data-testid="sync-rate">
            {t('sync.rate', { rate: Math.round(progress.rate_per_sec) })}
          </span>
        )}
      </div>
      <p className="note">{t('sync.keepNote')}</p>
    </section>
  );
}
