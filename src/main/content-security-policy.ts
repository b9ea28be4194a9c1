// The Content-Security-Policy of the app's page, one string for the Electron window (app://, app-protocol.ts)
// and the browser-mode server. The <meta http-equiv="Content-Security-Policy"> in src/renderer/index.html
// repeats it for the dev server and Electronegativity (a unit test keeps the two equal).
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // No 'unsafe-inline': the build's CSS is one file, and Svelte and ECharts set styles through the CSSOM
  // (element.style), which CSP does not govern. ECharts' default tooltip HTML (markers with style="") would
  // need style-src-attr 'unsafe-inline', its SVG renderer's animation <style> style-src-elem 'unsafe-inline':
  // the window draws on canvas and its tooltips are plain-text formatters.
  // Only the dev server (electron.vite.config.ts) adds 'unsafe-inline', for the <style> elements Vite injects.
  "style-src 'self'",
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
