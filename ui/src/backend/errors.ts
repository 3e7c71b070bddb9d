/** An error reported by the backend. `message` is meant to be shown to the user as is. */
export class BackendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackendError';
  }
}

/**
 * Turns whatever a rejected promise carried into display text. Tauri commands reject with the
 * serialised error, which for RepeatLens is a plain string.
 */
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

export function toBackendError(error: unknown): BackendError {
  return error instanceof BackendError ? error : new BackendError(errorText(error));
}
