import type { ErrorCode } from '../ipc/bindings';
import { ERROR_CODES } from '../ipc/bindings';
import type { MessageKey, Vars } from '../i18n';

/**
 * An error reported by the backend: a stable `code` (one of `ERROR_CODES`), the values its text
 * needs, and the backend's English `message` (kept for logs). Show it with `describeError`,
 * which words it in the seller's language.
 */
export class BackendError extends Error {
  readonly code: ErrorCode | null;
  readonly params: Record<string, unknown>;
  constructor(message: string, code: ErrorCode | null = null, params: Record<string, unknown> = {}) {
    super(message);
    this.name = 'BackendError';
    this.code = code;
    this.params = params;
  }
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Whatever a rejected promise carried, as a BackendError (Tauri rejects with the serialised `AppError`). */
export function toBackendError(error: unknown): BackendError {
  if (error instanceof BackendError) return error;
  if (error && typeof error === 'object' && 'code' in error) {
    const e = error as { code: unknown; params?: unknown; message?: unknown };
    const params = e.params && typeof e.params === 'object' ? (e.params as Record<string, unknown>) : {};
    const message = typeof e.message === 'string' ? e.message : String(e.code);
    if (isErrorCode(e.code)) return new BackendError(message, e.code, params);
  }
  return new BackendError(errorText(error));
}

/** The English text of anything thrown (logs; `describeError` for the screen). */
export function errorText(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && 'message' in error) {
    const message = (error as { message: unknown }).message;
    if (typeof message === 'string') return message;
  }
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

type Translate = (key: MessageKey, vars?: Vars) => string;

/** Params whose values are field names the UI has words for (`import.field.*`). */
const FIELD_PARAMS = ['what', 'field'];

/**
 * An error in the seller's language: its code's text with the params filled in (a bad cell also
 * says what the cell should hold, field names are the UI's own). Every error of the backend has
 * a code; one without (a plugin's own failure) is shown as it came.
 */
export function describeError(error: unknown, t: Translate): string {
  const e = toBackendError(error);
  if (!e.code) return e.message;
  const vars: Vars = {};
  for (const [name, value] of Object.entries(e.params)) {
    // Line numbers stay as the file has them (no thousands separator: they are searched for).
    if (name === 'line' && typeof value === 'number') vars[name] = String(value);
    else if (typeof value === 'number' || typeof value === 'string') vars[name] = value;
    else if (value === null || value === undefined) vars[name] = '';
    else vars[name] = JSON.stringify(value);
  }
  for (const name of FIELD_PARAMS) {
    const value = vars[name];
    if (typeof value === 'string') {
      const key = `import.field.${value}` as MessageKey;
      const word = t(key);
      if (word !== key) vars[name] = word;
    }
  }
  if (e.code === 'import.bad_cell') {
    if (vars.value === '') vars.value = t('error.emptyCell');
    const expected = `error.expected.${String(vars.expected)}` as MessageKey;
    const text = t(expected, { detail: String(vars.detail ?? '') });
    vars.expectedText = text === expected ? String(vars.expected) : text;
  }
  return t(`error.code.${e.code}` as MessageKey, vars);
}
