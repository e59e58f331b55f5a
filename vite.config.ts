import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { pwaOptions } from './pwa.config.ts';

export default defineConfig({
  plugins: [vue(), VitePWA(pwaOptions)],
  build: {
    target: 'es2022',
    sourcemap: true,
  },
});
