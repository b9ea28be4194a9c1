// The Content-Security-Policy of the app's page, one string for the Electron window and the browser-mode
// server. Keep in step with the <meta http-equiv="Content-Security-Policy"> in src/renderer/index.html: the
// header covers pages served over http, the meta covers file:// where no headers exist.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // Svelte and the dev server inject <style> elements.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  // fetch and EventSource of the browser mode go to the page's own origin only.
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "object-src 'none'",
  // Only a header can say this (a meta cannot): no other page may frame the app.
  "frame-ancestors 'none'"
].join('; ')
