// Applies the saved theme before the first paint, so a dark-mode user never sees a white flash.
// The build puts it inline in index.html (vite.config.ts), allowed by its hash alone
// (server/plugins/security.ts): the policy stays strict.
try {
  var saved = localStorage.getItem('debrief:theme');
  if (saved === 'light' || saved === 'dark') document.documentElement.dataset.theme = saved;
} catch (e) {
  /* storage unavailable (private mode): follow the system */
}
