/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// RepeatLens UI. Tauri loads ui/dist in release builds and http://localhost:1420 in dev.
// No React plugin: esbuild compiles TSX with the automatic JSX runtime.
export default defineConfig({
  base: './',
  clearScreen: false,
  esbuild: { jsx: 'automatic' },
  server: {
    port: 1420,
    strictPort: true,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // WebView2 (Chromium) on Windows, WKWebView / WebKitGTK elsewhere.
    target: ['es2021', 'chrome105', 'safari15'],
    // The bundle is served from disk by Tauri: no polyfill script, no inline code (strict CSP).
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  test: {
    environment: 'jsdom',
    include: ['test/**/*.test.{ts,tsx}'],
    setupFiles: ['test/setup.ts'],
    restoreMocks: true,
  },
});
