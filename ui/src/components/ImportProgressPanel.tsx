import type { ImportPhase, ImportProgress } from '../ipc/bindings';
import { useI18n, type MessageKey } from '../i18n';

const PHASES: Record<ImportPhase, MessageKey> = {
  reading: 'progress.phase.reading',
  parsing: 'progress.phase.parsing',
  writing: 'progress.phase.writing',
  done: 'progress.phase.done',
};

interface Props {
  /** Base name of the file being imported, or null for the sample store. */
  file: string | null;
  progress: ImportProgress | null;
  /** Asks the backend to stop the import (nothing of it is kept). */
  onCancel?(): void;
  /** A cancel was asked for and the import has not stopped yet. */
  cancelling?: boolean;
}

export function ImportProgressPanel({ file, progress, onCancel, cancelling = false }: Props) {
  const { t } = useI18n();
  const title = file === null ? t('progress.title.sample') : t('progress.title.file', { file });
  const phase = progress ? t(PHASES[progress.phase] ?? 'progress.phase.parsing') : t('progress.phase.starting');
  const total = progress?.rows_total ?? null;
  const done = progress?.rows_done ?? 0;
  // <progress> without a value is indeterminate: used until the total row count is known.
  const determinate = total !== null && total > 0;

  return (
    <section
      className="panel progress-panel"
      id="progress"
      data-testid="progress"
      data-phase={progress?.phase ?? 'starting'}
      aria-live="polite"
      aria-busy="true"
    >
      <div className="panel-head">
        <h2 className="panel-title">{title}</h2>
        {onCancel && (
          <button type="button" className="button button-small" data-testid="import-cancel" disabled={cancelling} onClick={onCancel}>
            {cancelling ? t('progress.cancelling') : t('progress.cancel')}
          </button>
        )}
      </div>
      {determinate ? (
        <progress className="progress-bar" max={total} value={Math.min(done, total)} aria-label={phase} />
      ) : (
        <progress className="progress-bar" aria-label={phase} />
      )}
      <div className="progress-meta">
        <span className="progress-phase" data-testid="progress-phase">
          {phase}
        </span>
        <span className="progress-rows" data-testid="progress-rows" data-value={done}>
          {determinate ? t('progress.rowsOfTotal', { done, total }) : t('progress.rows', { done })}
        </span>
        {progress && progress.rows_per_sec > 0 && (
          <span className="progress-rate" data-testid="progress-rate">
            {t('progress.rate', { rate: Math.round(progress.rows_per_sec) })}
          </span>
        )}
      </div>
    </section>
  );
}
