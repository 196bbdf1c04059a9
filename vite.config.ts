// Builds the browser client from client/ into dist/client, which the server serves.
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The entry (client/src/main.tsx) is small and loads the app (app/start.tsx) with a dynamic
 * import, so that it can start the board's network work before the app's code has arrived. This
 * names the app's chunks and styles in index.html (modulepreload, stylesheet) so the browser
 * fetches them alongside the entry, not after it, and so the offline shell (public/sw.js), which
 * caches what index.html names, keeps them.
 */
function preloadApp(): Plugin {
  return {
    name: 'debrief-preload-app',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return [];
        const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
        const start = chunks.find((c) => c.facadeModuleId?.replace(/\\/g, '/').endsWith('/src/app/start.tsx'));
        if (!start) throw new Error('preloadApp: no chunk for client/src/app/start.tsx');
        const entry = chunks.find((c) => c.isEntry);
        const files = new Set<string>();
        const css = new Set<string>();
        const visit = (fileName: string) => {
          const chunk = bundle[fileName];
          if (!chunk || chunk.type !== 'chunk' || files.has(fileName) || fileName === entry?.fileName) return;
          files.add(fileName);
          for (const c of chunk.viteMetadata?.importedCss ?? []) css.add(c);
          chunk.imports.forEach(visit);
        };
        visit(start.fileName);
        return [
          ...[...css].map((href) => ({ tag: 'link', attrs: { rel: 'stylesheet', crossorigin: true, href: `/${href}` }, injectTo: 'head' as const })),
          ...[...files].map((href) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${href}` }, injectTo: 'head' as const })),
        ];
      },
    },
  };
}

export default defineConfig({
  root: 'client',
  plugins: [react(), preloadApp()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    // `npm run dev`: the Vite dev server proxies the API and websockets to the Fastify server.
    proxy: {
      '/api': 'http://localhost:3000',
      '/ws': { target: 'ws://localhost:3000', ws: true },
      '/healthz': 'http://localhost:3000',
    },
  },
});
