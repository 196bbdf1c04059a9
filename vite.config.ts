// Builds the browser client from client/ into dist/client, which the server serves.
import fs from 'node:fs';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The entry (client/src/main.tsx) is small and loads the app (app/start.tsx) with a dynamic
 * import, so that it can start the board's network work before the app's code has arrived. This
 * names the app's chunks and styles in index.html (modulepreload, stylesheet) so the browser
 * fetches them alongside the entry, not after it, and so the offline shell (public/sw.js), which
 * caches what index.html names, keeps them. workspace.html, the workspace pages' way in, gets the
 * same for its own app (app/workspaceStart.tsx), and none of the board's.
 */
function preloadApp(): Plugin {
  return {
    name: 'debrief-preload-app',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(source, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return [];
        const page = ctx.path.endsWith('/workspace.html') ? 'workspace' : 'board';
        const app = page === 'workspace' ? '/src/app/workspaceStart.tsx' : '/src/app/start.tsx';
        const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
        const start = chunks.find((c) => c.facadeModuleId?.replace(/\\/g, '/').endsWith(app));
        if (!start) throw new Error(`preloadApp: no chunk for client${app}`);
        // What Vite already names for the entry (its static imports, their styles) is left out.
        const named = new Set<string>();
        const reach = (fileName: string) => {
          const chunk = bundle[fileName];
          if (!chunk || chunk.type !== 'chunk' || named.has(fileName)) return;
          named.add(fileName);
          chunk.imports.forEach(reach);
        };
        if (ctx.chunk) reach(ctx.chunk.fileName);
        const files = new Set<string>();
        const css = new Set<string>();
        // Imports first: a chunk's styles come after those of the chunks it imports, as in development
        // (tokens and base before the pages, the screen-size rules of start.tsx last).
        const visit = (fileName: string) => {
          const chunk = bundle[fileName];
          if (!chunk || chunk.type !== 'chunk' || files.has(fileName) || named.has(fileName)) return;
          files.add(fileName);
          chunk.imports.forEach(visit);
          for (const c of chunk.viteMetadata?.importedCss ?? []) css.add(c);
        };
        visit(start.fileName);
        // The workspace entry applies the saved theme: it blocks the first paint until it has run
        // (Vite drops the attribute from the source's tag).
        const html = page === 'workspace' ? source.replace('<script type="module" crossorigin', '<script type="module" blocking="render" crossorigin') : source;
        return { html, tags: [
          ...[...css].map((href) => ({ tag: 'link', attrs: { rel: 'stylesheet', crossorigin: true, href: `/${href}` }, injectTo: 'head' as const })),
          ...[...files].map((href) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${href}` }, injectTo: 'head' as const })),
        ] };
      },
    },
  };
}

/**
 * index.html's two boot scripts (client/public/theme-boot.js, first-screen.js) go inline in the
 * build: the first screen's request then leaves as soon as the page's head is read, not after two
 * more files have come (on a fresh page they waited 150-250 ms behind the server's other work:
 * docs/benchmarks.md, "Issue 15, tenth pass"). The server allows exactly these by their hashes
 * (server/plugins/security.ts, inlineScriptHashes). The development server keeps the files.
 */
function inlineBootScripts(): Plugin {
  const scripts = ['theme-boot.js', 'first-screen.js'];
  return {
    name: 'debrief-inline-boot-scripts',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (ctx.path.endsWith('/workspace.html')) return html;
        let out = html;
        for (const name of scripts) {
          const tag = `<script src="/${name}"></script>`;
          if (!out.includes(tag)) throw new Error(`inlineBootScripts: index.html has no ${tag}`);
          const code = fs.readFileSync(path.join(import.meta.dirname, 'client/public', name), 'utf8');
          if (/<\/script/i.test(code)) throw new Error(`inlineBootScripts: ${name} contains "</script"`);
          out = out.replace(tag, () => `<script>${code}</script>`);
        }
        return out;
      },
    },
  };
}

/** `npm run dev`: the workspace's pages get workspace.html, as the server answers them (server/plugins/static.ts). */
function workspacePagesInDev(): Plugin {
  const pages = /^\/(library|follow-ups|trackers|library\/themes|library\/metrics)\/?(\?|$)/;
  return {
    name: 'debrief-workspace-pages-dev',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        if (req.url && pages.test(req.url)) req.url = '/workspace.html';
        next();
      });
    },
  };
}

export default defineConfig({
  root: 'client',
  plugins: [react(), preloadApp(), inlineBootScripts(), workspacePagesInDev()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    sourcemap: true,
    // The board's app (index.html) and the workspace pages' (workspace.html, which the server sends
    // for /library, /follow-ups and the like).
    rollupOptions: { input: { index: 'client/index.html', workspace: 'client/workspace.html' } },
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
