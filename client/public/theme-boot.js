// Applies the saved theme before the first paint, so a dark-mode user never sees a white flash.
// A plain file rather than an inline script, so a strict Content-Security-Policy can stay strict.
try {
  var saved = localStorage.getItem('debrief:theme');
  if (saved === 'light' || saved === 'dark') document.documentElement.dataset.theme = saved;
} catch (e) {
  /* storage unavailable (private mode): follow the system */
}
