// Every backend error in English, by its code (`src-tauri/error.rs`; `ERROR_CODES` in the
// bindings). {placeholders} are the error's params; `describeError` (backend/errors.ts) adds
// {expectedText} for a bad cell and translates field names.
export const errorsEn = {
  'error.code.store.newer_schema':
    'The database {path} was written by a newer RepeatLens (schema version {found}; this version knows up to {known}). It was left untouched: update RepeatLens to open it.',
  'error.code.store.open': 'Cannot open the database {path}: {detail}',
  'error.code.store.folder': 'Cannot create the data folder {path}: {detail}',
  'error.code.store.no_such_store': 'There is no store named “{name}”.',
  'error.code.store.no_such_customer': 'There is no customer “{customer}” in this store.',
  'error.code.store.no_such_sync_run': 'There is no sync run {id} in this database.',
  'error.code.store.already_linked': '{external_id} is already linked as the store “{store}”.',
  'error.code.store.name_taken': 'A store named “{name}” already exists: choose another name.',
  'error.code.sync.relink_needed': 'The platform refused this store’s credentials ({detail}). Link the store again with a new key.',
  'error.code.sync.rate_limited': 'The platform is limiting requests. Try again in {seconds} s.',
  'error.code.sync.offline': 'Cannot reach {host}. Check the internet connection; the next sync continues where this one stopped.',
  'error.code.sync.server_error': '{host} kept failing (HTTP {status}) after {attempts} attempts. The next sync continues where this one stopped.',
  'error.code.sync.bad_response': 'The platform sent an answer RepeatLens cannot read ({url}: {detail}).',
  'error.code.sync.not_platform': '{url} is not a {platform} site: {detail}.',
  'error.code.sync.plain_http': '{url} uses plain http. Use its https:// address: keys must not cross the internet unencrypted.',
  'error.code.sync.no_read_permission': 'This key cannot read {what}. Make a key with Read permission (WooCommerce › Settings › Advanced › REST API).',
  'error.code.sync.already_syncing': 'The store “{store}” is already syncing. Wait for that sync to finish.',
  'error.code.sync.not_linked': 'The store “{store}” is not linked to a platform.',
  'error.code.sync.cancelled': 'The sync was cancelled. What was fetched so far is kept; the next sync continues from there.',
  'error.code.sync.keyring': 'The system keyring is not available ({detail}).',
  'error.code.db.busy': 'Another job (an import) is writing to the database. Try again when it has finished.',
  'error.code.db.error': 'The database reported an error: {detail}',
  'error.code.import.io': 'Cannot read {file}: {detail}',
  'error.code.import.decode': '{file} could not be decoded as {encoding}. Save it as UTF-8 (or choose its encoding) and import it again.',
  'error.code.import.empty': '{file} is empty: there is nothing to import.',
  'error.code.import.header_only': '{file} has a header line but no data rows; nothing was imported.',
  'error.code.import.bad_header': '{file}: the header line cannot be read ({detail}).',
  'error.code.import.unknown_timezone':
    '{file}: unknown time zone “{timezone}”. Use a name such as Asia/Shanghai, Europe/London or UTC.',
  'error.code.import.invalid_currency': '{file}: “{value}” is not a currency code such as USD, EUR or CNY.',
  'error.code.import.no_store_currency':
    '{file}: no currency is known for this new store. Choose the currency of the file and import it again.',
  'error.code.import.missing_column':
    '{file}: there is no {what} column (expected one named {candidates}). Check that this is the right kind of export.',
  'error.code.import.no_currency_column':
    '{file}: the file has no currency column. Choose the currency of the file and import it again.',
  'error.code.import.no_currency_for_totals':
    '{file}: the customers export has no currency for “{column}”. Choose the currency and import it again.',
  'error.code.import.mapped_column_missing':
    '{file}: {field} is mapped to “{column}”, which the file does not have. Its columns are: {columns}.',
  'error.code.import.unmapped_date_or_amount':
    '{file}: cannot tell which columns hold the order date and the amount (or quantity and unit price). Found so far: {guessed}. The columns are: {columns}. Choose them in the column mapping.',
  'error.code.import.mixed_date_order':
    '{file}: column “{column}” mixes day-first and month-first dates. Fix the dates in the file and import it again.',
  'error.code.import.ambiguous_date_order':
    '{file}: the dates in column “{column}” could be day/month or month/day (no day is over 12). Choose the date order and import it again.',
  'error.code.import.not_ecb_file': '{file} is not an ECB exchange-rates file: its first column must be “Date”.',
  'error.code.import.bad_cell':
    '{file}, line {line}, column “{column}”: “{value}” — expected {expectedText}. Nothing was imported; fix the file and import it again.',
  'error.code.import.cancelled': 'The import was cancelled; nothing was imported.',
  'error.code.import.writer_stopped': 'The import stopped before the end; nothing was imported.',
  'error.code.import.unknown_field': 'The column mapping names an unknown field “{field}”.',
  'error.code.engine.dataset': 'The analysis could not read the store: {detail}',
  'error.code.engine.snapshot': 'The snapshot of {date} cannot be read: {detail}',
  'error.code.engine.bad_level': 'Unknown item level “{level}”: use SKU or category.',
  'error.code.analysis.gone': 'This analysis has been replaced by a newer one. Open the store again.',
  'error.code.analysis.no_purchases': 'Nobody has bought by the analysis date, so there are no predictions yet.',
  'error.code.export.no_customer_rows': 'The analysis has no customer rows to export. Analyse the store again.',
  'error.code.export.overdue_truncated':
    'The analysis lists {listed} of {total} overdue customers. Analyse the store again to export them all.',
  'error.code.export.buyers_not_loaded': 'The buyers of “{item}” were not looked up. Try the export again.',
  'error.code.export.forecasts_not_loaded':
    'This list filters on predicted churn risk or lifetime value. Open the Predictions screen first.',
  'error.code.export.bad_date_range': 'The “last order from” date {from} is after the “last order to” date {to}.',
  'error.code.export.bad_coupon_prefix':
    'Coupon prefix “{prefix}”: use 1–20 letters and digits, optionally split by single - or _ (for example VIP or SPRING-24).',
  'error.code.export.coupon_without_prefix': 'The coupon code column needs a coupon prefix.',
  'error.code.export.columns_not_supported':
    'The {preset} format writes Shopify’s customer import template and takes no other columns.',
  'error.code.export.unknown_name': 'Unknown {kind} “{value}”: expected one of {expected}.',
  'error.code.export.random': 'The operating system gave no random numbers for coupon codes: {detail}',
  'error.code.export.write': 'Cannot write the file {path}: {detail}',
  'error.code.chart.size': 'A chart of {width}×{height} pixels is out of range: width and height must be {min}–{max} pixels.',
  'error.code.chart.draw': 'The chart could not be drawn: {detail}',
  'error.code.file.write': 'Cannot write {path}: {detail}',
  'error.code.file.no_home': 'This user has no home folder to save into.',
  'error.code.internal': 'Something went wrong inside RepeatLens: {detail}',

  'error.expected.date': 'a date such as 2024-03-31 14:05, 2024-03-31T14:05:00+08:00, 31/03/2024 or 03/31/2024',
  'error.expected.iso_day': 'a date such as 2024-03-28',
  'error.expected.amount': 'an amount such as 12.50, -3, 1,234.56 or 1.234,56',
  'error.expected.whole_number': 'a whole number',
  'error.expected.currency_code': 'a currency code such as USD or CNY',
  'error.expected.order_name': 'the order name (e.g. #1001)',
  'error.expected.amazon_order_id': 'an Amazon order id',
  'error.expected.invoice_number': 'an invoice number',
  'error.expected.email_or_customer_id': 'an email or a customer id',
  'error.expected.rate': 'a rate such as 1.0813 or N/A',
  'error.expected.well_formed_line': 'a well-formed line ({detail})',
  'import.problem': 'line {line}, column “{column}”: “{value}” — expected {expected}',
  'error.emptyCell': '(empty)',
} as const;
