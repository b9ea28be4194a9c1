// Vite turns stylesheet imports into <link>/<style>; the renderer imports them for that side effect only.
declare module '*.css' {}
