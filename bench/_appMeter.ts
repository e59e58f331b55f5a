/** Loaded by the benchmarks' build before the app: attaches the read meter and exposes it as `window.__dashReads`. */
import { attachReadMeter, readMeter } from './readMeter.ts';

attachReadMeter();
(window as unknown as { __dashReads: typeof readMeter }).__dashReads = readMeter;
