import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { router } from './router.ts';
import './styles/base.css';

createApp(App).use(createPinia()).use(router).mount('#app');

// Benchmarks build with `--mode bench` to read the documents this app was delivered.
if (import.meta.env.MODE === 'bench') {
  void import('./stores/readMeter.ts').then(({ readMeter }) => {
    (window as unknown as { __dashReads: typeof readMeter }).__dashReads = readMeter;
  });
}
