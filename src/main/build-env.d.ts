// Constants electron-vite (Vite) writes into main when it builds: DEV is true only in `electron-vite dev`.
interface ImportMetaEnv {
  readonly DEV: boolean
}

interface ImportMeta {
  readonly env: ImportMetaEnv
}
