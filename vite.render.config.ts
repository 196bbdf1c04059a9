// `vite build --config vite.render.config.ts`: the board's first screen as the server draws it
// (client/src/app/firstScreen.tsx), from the same components the page runs, bundled into
// one self-contained module (React included, in its production build) that the server loads from
// dist/render/board.mjs (server/plugins/first-screen.ts). Style imports are dropped: the page has them.

import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'client',
  plugins: [react()],
  publicDir: false,
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  ssr: { noExternal: true },
  build: {
    ssr: 'src/app/firstScreen.tsx',
    outDir: '../dist/render',
    emptyOutDir: true,
    sourcemap: true,
    // The server's own Yjs: the documents it hands over must be this copy's (Yjs checks its types
    // with instanceof, and warns of two copies).
    rollupOptions: { external: [/^yjs($|\/)/, /^y-protocols($|\/)/, /^lib0($|\/)/], output: { entryFileNames: 'board.mjs', chunkFileNames: '[name]-[hash].mjs' } },
  },
});
