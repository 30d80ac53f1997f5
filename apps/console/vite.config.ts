import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const lib = (name: string) => fileURLToPath(new URL(`../../libs/${name}/src/index.ts`, import.meta.url));
const api = process.env.FC_API_URL ?? 'http://localhost:3000';

// The console imports the shared contracts and pure domain code from their sources, so it never
// waits for the backend's build. `npm run console:dev` serves it with the api behind a proxy.
export default defineConfig({
  plugins: [react()],
  resolve: { alias: { '@fc/contracts': lib('contracts'), '@fc/domain': lib('domain') } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2022' },
  server: {
    port: 5173,
    proxy: { '/api': api, '/health': api, '/socket.io': { target: api, ws: true } },
  },
});
