/**
 * The designer and work portal (Solid), built into designer/dist and served by the Hono
 * server at `/`. `npm run build:designer` builds it; `npm start` builds it when it is missing.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import solid from 'vite-plugin-solid';

const SERVER_VALIDATOR = fileURLToPath(new URL('../runtime/engine/form-validator.ts', import.meta.url));
const BROWSER_VALIDATOR = fileURLToPath(new URL('../runtime/engine/form-validator-interpreted.ts', import.meta.url));

/**
 * The browser validates forms with the interpreted validator, not Ajv: every import of
 * runtime/engine/form-validator.ts (Ajv, which compiles schemas with Function()) resolves to
 * form-validator-interpreted.ts, which exports the same names. So the engine code the
 * designer runs (checkPackage, the simulator's compileDefinition) needs no eval, and the
 * app's CSP has no 'unsafe-eval' (server/security-headers.ts).
 */
function browserFormValidator(): Plugin {
  return {
    name: 'browser-form-validator',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!/form-validator\.ts$/.test(source)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved?.id === SERVER_VALIDATOR ? BROWSER_VALIDATOR : null;
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [browserFormValidator(), solid()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
