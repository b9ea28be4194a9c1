import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import type { Plugin } from 'vite'

/** Vite's dev server injects CSS as <style> elements: only there does the page's CSP allow inline styles. */
const devInlineStyles: Plugin = {
  name: 'dev-inline-styles',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace("style-src 'self';", "style-src 'self' 'unsafe-inline';")
}

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // One build serves the Electron shell, the command line and the browser-mode server.
        input: {
          index: resolve('src/main/index.ts'),
          cli: resolve('src/main/cli.ts'),
          server: resolve('src/main/server.ts')
        }
      }
    }
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        // A sandboxed preload cannot load ES modules.
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve('src/renderer'),
    build: {
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } }
    },
    resolve: {
      alias: { $shared: resolve('src/shared'), $core: resolve('src/core') }
    },
    plugins: [svelte({ configFile: resolve('svelte.config.js') }), devInlineStyles]
  }
})
