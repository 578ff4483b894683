/**
 * The renderer's Content-Security-Policy, shared by the Electron main process (response headers)
 * and the web host. Only the app's own scripts run; nothing remote is loaded. Inline *styles* are
 * allowed because Svelte and ECharts set element styles.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
