import { type VitePWAOptions } from 'vite-plugin-pwa';

/**
 * The installable app: manifest, icons and a service worker that precaches the
 * app shell. Firestore and Auth traffic is never cached by the service worker:
 * the Firestore SDK keeps its own offline cache in IndexedDB.
 * https://vite-pwa-org.netlify.app/guide/
 */
export const pwaOptions: Partial<VitePWAOptions> = {
  registerType: 'prompt',
  injectRegister: false,
  includeAssets: ['favicon.svg', 'apple-touch-icon.png'],
  manifest: {
    name: 'Dash: live dashboards',
    short_name: 'Dash',
    description: 'Realtime dashboards on Firebase.',
    theme_color: '#0f172a',
    background_color: '#0f172a',
    display: 'standalone',
    start_url: '/',
    icons: [
      { src: 'pwa-192x192.png', sizes: '192x192', type: 'image/png' },
      { src: 'pwa-512x512.png', sizes: '512x512', type: 'image/png' },
      { src: 'maskable-icon-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  workbox: {
    globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
    navigateFallback: '/index.html',
    navigateFallbackDenylist: [/^\/__\//, /^\/emulator\//],
    // Only same-origin app files are cached; Firestore's streams go to other origins.
    runtimeCaching: [],
    // The click on an alert notification (public/sw-notifications.js).
    importScripts: ['sw-notifications.js'],
  },
  devOptions: { enabled: false },
};
