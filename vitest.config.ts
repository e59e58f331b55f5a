import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

/** Unit tests: pure code and components, no emulators. */
export default defineConfig({
  plugins: [vue()],
  test: {
    include: ['tests/unit/**/*.test.ts', 'src/**/*.test.ts', 'functions/src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
  },
});
