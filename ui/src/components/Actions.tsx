import { useI18n } from '../i18n';

interface ActionsProps {
  /** Big welcome-card layout (no stores yet) or a compact toolbar above the store list. */
  variant: 'welcome' | 'toolbar';
  busy: boolean;
  onLoadSample(): void;
  onImportFile(): void;
  /** Opens (or closes) the form that links a WooCommerce store. */
  onLinkStore(): void;
  /** The link form is open. */
  linkOpen: boolean;
}

/** "Load sample store", "Import a file" and "Link a store". */
export function Actions({ variant, busy, onLoadSample, onImportFile, onLinkStore, linkOpen }: ActionsProps) {
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
      <button
        type="button"
        id="link-store"
        data-testid="link-store"
        className="action"
        aria-expanded={linkOpen}
        aria-controls={linkOpen ? 'link-store-form' : undefined}
        onClick={onLinkStore}
      >
        <span className="action-label">{t('action.linkStore')}</span>
        <span className="action-hint">{t('action.linkStore.hint')}</span>
      </button>
    </div>
  );
}
