import { describe, expect, it } from 'vitest';
import { en } from '../src/i18n/en';
import { formatInteger, formatLocalDateTime, formatMoney } from '../src/i18n/format';
import { createI18n, localeFromLanguage, LOCALES } from '../src/i18n';
import { zhCN } from '../src/i18n/zh-CN';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('locales', () => {
  it('have exactly the same keys', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    expect(Object.keys(LOCALES).sort()).toEqual(['en', 'zh-CN']);
  });

  it.each(Object.entries(LOCALES))('%s: every message is non-empty text', (_locale, messages) => {
    for (const [key, text] of Object.entries(messages)) {
      expect(typeof text, key).toBe('string');
      expect(text.trim().length, key).toBeGreaterThan(0);
    }
  });

  it('use the same placeholders in both languages', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(zhCN[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('Chinese texts are actually Chinese (apart from names)', () => {
    const untranslated = Object.entries(zhCN).filter(
      ([key, text]) => text === en[key as keyof typeof en] && !['app.name', 'stores.noDate'].includes(key),
    );
    expect(untranslated).toEqual([]);
    expect(zhCN['action.loadSample']).toBe('加载示例店铺');
    expect(zhCN['action.importFile']).toBe('导入文件');
    expect(zhCN['action.linkStore']).toBe('关联店铺');
  });

  it('map system languages to UI locales', () => {
    expect(localeFromLanguage('zh')).toBe('zh-CN');
    expect(localeFromLanguage('zh-CN')).toBe('zh-CN');
    expect(localeFromLanguage('zh-Hans-SG')).toBe('zh-CN');
    expect(localeFromLanguage('en-US')).toBe('en');
    expect(localeFromLanguage('de-DE')).toBe('en');
    expect(localeFromLanguage(undefined)).toBe('en');
  });
});

describe('t()', () => {
  it('fills placeholders and formats numbers for the locale', () => {
    expect(createI18n('en').t('progress.rowsOfTotal', { done: 120000, total: 541909 })).toBe(
      '120,000 of 541,909 rows',
    );
    expect(createI18n('zh-CN').t('progress.rate', { rate: 215000 })).toBe('每秒 215,000 行');
    expect(createI18n('en').t('progress.title.file', { file: 'orders.csv' })).toBe('Importing orders.csv…');
  });
});

describe('formatting', () => {
  it('formats integers', () => {
    expect(formatInteger('en', 1234567)).toBe('1,234,567');
    expect(formatInteger('zh-CN', 1234567)).toBe('1,234,567');
  });

  it('formats money from minor units using the currency’s own number of decimals', () => {
    expect(formatMoney('en', 827_851_942, 'GBP')).toBe('£8,278,519.42');
    expect(formatMoney('en', 1999, 'USD')).toBe('US$19.99');
    expect(formatMoney('zh-CN', 1999, 'USD')).toBe('US$19.99');
    expect(formatMoney('zh-CN', 123_456, 'CNY')).toBe('¥1,234.56');
    expect(formatMoney('en', 1500, 'JPY')).toBe('JP¥1,500');
    expect(formatMoney('en', 1050, 'EUR')).toBe('€10.50');
    expect(formatMoney('en', 1050, 'XX1')).toBe('10.50 XX1');
  });

  it('formats store-local timestamps without shifting time zones', () => {
    expect(formatLocalDateTime('en', '2010-12-01 08:26')).toBe('1 Dec 2010, 08:26');
    expect(formatLocalDateTime('zh-CN', '2011-12-09 23:50')).toBe('2011/12/9 23:50');
    expect(formatLocalDateTime('en', 'yesterday')).toBe('yesterday');
  });
});

describe('backend errors', () => {
  it('every error code the backend can send has a text in both languages', async () => {
    const { ERROR_CODES } = await import('../src/ipc/bindings');
    for (const code of ERROR_CODES) {
      const key = `error.code.${code}`;
      expect(en, key).toHaveProperty([key]);
      expect(zhCN, key).toHaveProperty([key]);
    }
  });

  it('a bad cell is worded in zh-CN with file, line, column, the cell and what it should hold', async () => {
    const { BackendError, describeError } = await import('../src/backend/errors');
    const e = new BackendError('orders.csv, line 7 …', 'import.bad_cell', {
      file: 'orders.csv',
      line: 7,
      column: '金额',
      value: 'abc',
      expected: 'amount',
      detail: null,
    });
    const zh = describeError(e, createI18n('zh-CN').t);
    expect(zh).toBe('orders.csv 第 7 行“金额”列：“abc”——应为金额，例如 12.50、-3、1,234.56 或 1.234,56。未导入任何内容；请修正文件后重新导入。');
    const enText = describeError({ code: 'import.missing_column', params: { file: 'a.csv', what: 'date', candidates: "'Created at'" }, message: 'x' }, createI18n('en').t);
    expect(enText).toBe("a.csv: there is no Order date column (expected one named 'Created at'). Check that this is the right kind of export.");
    // An error without a code (a plugin's own failure) is shown as it came.
    expect(describeError('dialog failed', createI18n('zh-CN').t)).toBe('dialog failed');
  });
});
