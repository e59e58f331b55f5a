import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { pwaOptions } from './pwa.config.ts';

export default defineConfig({
  plugins: [vue(), VitePWA(pwaOptions)],
  // Firestore's pipeline-query regexes, unused by Dash: see the stub.
  resolve: { alias: { re2js: fileURLToPath(new URL('./src/lib/re2jsStub.ts', import.meta.url)) } },
  build: {
    target: 'es2022',
    sourcemap: true,
  },
});
