/**
 * Stands in for `re2js` in the app's build (vite.config.ts). Firestore's SDK
 * imports it only to evaluate the regex and LIKE functions of its pipeline
 * queries, which Dash never runs; each use is inside a try/catch that turns
 * a throw into an error value. Left in, it was about 20 kB gzip of every
 * page's JS, against a 300 kB budget for a public dashboard.
 */
export const RE2JS = {
  compile(): never {
    throw new Error('Regular expressions of Firestore pipeline queries are not available in Dash');
  },
};
