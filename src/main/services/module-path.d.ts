// electron-vite's `?modulePath` import: the absolute path of the imported module's own build output.
declare module '*?modulePath' {
  const path: string
  export default path
}
