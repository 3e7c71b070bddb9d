import { useI18n, type MessageKey } from '../i18n';

export type ErrorContext = 'startup' | 'sample' | 'import' | 'preview' | 'pick' | 'analysis' | 'settings' | 'delete' | 'customers' | 'customer' | 'export';

export interface AppError {
  context: ErrorContext;
  message: string;
}

const TITLES: Record<ErrorContext, MessageKey> = {
  startup: 'error.title.startup',
  sample: 'error.title.sample',
  import: 'error.title.import',
  preview: 'error.title.preview',
  pick: 'error.title.pick',
  analysis: 'error.title.analysis',
  settings: 'error.title.settings',
  delete: 'error.title.delete',
  customers: 'error.title.customers',
  customer: 'error.title.customer',
  export: 'error.title.export',
};

export function ErrorPanel({ error, onDismiss }: { error: AppError; onDismiss?(): void }) {
  const { t } = useI18n();
  return (
    <section className="panel error-panel" id="error" data-testid="error" data-context={error.context} role="alert">
      <div className="panel-head">
        <h2 className="panel-title">{t(TITLES[error.context])}</h2>
        {onDismiss && (
          <button type="button" className="link-button" data-testid="error-dismiss" onClick={onDismiss}>
            {t('error.dismiss')}
          </button>
        )}
      </div>
      {/* The backend's message names file, line and column; keep it verbatim and selectable. */}
      <pre className="error-message" data-testid="error-message">
        {error.message}
      </pre>
    </section>
  );
}
