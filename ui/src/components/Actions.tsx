import { useI18n } from '../i18n';

interface ActionsProps {
  /** Big welcome-card layout (no stores yet) or a compact toolbar above the store list. */
  variant: 'welcome' | 'toolbar';
  busy: boolean;
  onLoadSample(): void;
  onImportFile(): void;
}

/** "Load sample store", "Import a file" and the not-yet-available "Link a store". */
export function Actions({ variant, busy, onLoadSample, onImportFile }: ActionsProps) {
  const { t } = useI18n();
  return (
    <div className={`actions actions-${variant}`}>
      <button
        type="button"
        id="load-sample"
        data-testid="load-sample"
        className="action action-primary"
        disabled={busy}
        onClick={onLoadSample}
      >
        <span className="action-label">{t('action.loadSample')}</span>
        <span className="action-hint">{t('action.loadSample.hint')}</span>
      </button>
      <button
        type="button"
        id="import-file"
        data-testid="import-file"
        className="action"
        disabled={busy}
        onClick={onImportFile}
      >
        <span className="action-label">{t('action.importFile')}</span>
        <span className="action-hint">{t('action.importFile.hint')}</span>
      </button>
      <div className="action action-soon" data-testid="link-store" aria-disabled="true">
        <span className="action-label">{t('action.linkStore')}</span>
        <span className="action-hint">{t('action.linkStore.hint')}</span>
      </div>
    </div>
  );
}
