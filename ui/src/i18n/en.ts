// English texts. zh-CN.ts must have exactly the same keys (it is typed as `Messages`).
// Placeholders are written {name}; numbers passed to t() are formatted for the locale.
export const en = {
  'app.name': 'RepeatLens 复购透镜',
  'app.tagline': 'See which customers come back. Your data stays on this computer.',
  'app.loading': 'Opening your database…',
  'lang.label': 'Language',

  'welcome.title': 'Start with your orders',
  'welcome.body':
    'Load the sample store to look around, or import an order export from your shop. Nothing is uploaded anywhere.',

  'action.loadSample': 'Load sample store',
  'action.loadSample.hint': 'A real UK online gift shop, Dec 2010 – Dec 2011',
  'action.importFile': 'Import a file',
  'action.importFile.hint': 'Order export as CSV or TSV (.gz is fine). The format is detected automatically.',
  'action.linkStore': 'Link a store',
  'action.linkStore.hint': 'Shopify, WooCommerce, eBay, Etsy: coming soon',

  'dialog.title': 'Choose an order export',
  'dialog.filterName': 'Order exports',

  'progress.title.sample': 'Loading the sample store…',
  'progress.title.file': 'Importing {file}…',
  'progress.phase.starting': 'Starting',
  'progress.phase.reading': 'Reading the file',
  'progress.phase.parsing': 'Reading orders',
  'progress.phase.writing': 'Saving to the database',
  'progress.phase.done': 'Finishing',
  'progress.rows': '{done} rows',
  'progress.rowsOfTotal': '{done} of {total} rows',
  'progress.rate': '{rate} rows/s',

  'report.title': 'Imported {store}',
  'report.summary':
    '{rows} rows read from {file}: {new} new orders, {updated} updated, {unchanged} unchanged; {returns} returns, {customers} customers.',
  'report.skipped': '{skipped} rows skipped.',
  'report.time': 'Took {seconds} s.',
  'report.dismiss': 'Close',

  'stores.title': 'Your stores',
  'stores.caption': 'Stores in this database',
  'stores.col.store': 'Store',
  'stores.col.customers': 'Customers',
  'stores.col.orders': 'Orders',
  'stores.col.returns': 'Returns',
  'stores.col.revenue': 'Revenue',
  'stores.col.firstOrder': 'First order',
  'stores.col.lastOrder': 'Last order',
  'stores.noDate': '—',
  'stores.timesNote': 'Times are in each store’s own time zone.',

  'platform.sample': 'Sample data',
  'platform.generic': 'CSV file',

  'error.title.startup': 'Couldn’t open the database',
  'error.title.sample': 'Couldn’t load the sample store',
  'error.title.import': 'Couldn’t import the file',
  'error.title.pick': 'Couldn’t open the file chooser',
  'error.dismiss': 'Dismiss',

  'footer.version': 'Version {version}',
  'footer.database': 'Database: {path}',
  'footer.preview': 'Browser preview with demo data. The desktop app uses your real database.',
};

export type MessageKey = keyof typeof en;
/** The shape every locale must have: the same keys as English, each a string. */
export type Messages = Record<MessageKey, string>;
