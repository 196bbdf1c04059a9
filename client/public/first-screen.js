// A board's first screen, before the app: asks the server to draw the board as this person will see
// it (GET /api/boards/:id/first-screen, server/plugins/first-screen.ts) as soon as the page starts,
// alongside the app's code, and shows it inert and busy in #first-screen until the app has drawn
// the board itself and takes it away (client/src/features/board/firstScreen.ts; docs/first-screen.md).
// `window.debriefFirstScreen` resolves once it is painted (true) or will not be (false): the app's
// start waits for it (client/src/main.tsx), since the page has one thread to paint and run both.
// The build puts it inline in index.html (vite.config.ts), so the request leaves as soon as the head
// is read; the Content-Security-Policy allows it by its hash alone (server/plugins/security.ts). It reads
// the token where the app does (the link's fragment, this tab, this browser's boards) and leaves the
// address alone. Anything missing or refused: nothing is shown, and the board opens as it always did.
window.debriefFirstScreen = (function () {
  performance.mark('first-screen:asking');
  var match = /^\/b\/([^/]+)\/?$/.exec(location.pathname);
  if (!match || /(^|[?&])view=projector(&|$)/.test(location.search) || typeof fetch !== 'function' || !window.Promise) return null;
  var id;
  try {
    id = decodeURIComponent(match[1]);
  } catch (e) {
    return null;
  }
  var token = null;
  try {
    token = new URLSearchParams(location.hash.slice(1)).get('token');
    if (!token) token = sessionStorage.getItem('debrief:tab-token:' + id);
  } catch (e) {
    /* storage unavailable (private mode) */
  }
  var view = 'lane';
  try {
    if (!token) {
      var boards = JSON.parse(localStorage.getItem('debrief:boards') || '[]');
      for (var i = 0; i < boards.length; i++) if (boards[i] && boards[i].id === id) token = boards[i].token;
    }
    if (localStorage.getItem('debrief:timelineView') === 'list') view = 'list';
  } catch (e) {
    /* storage unavailable or unreadable: the link's token alone */
  }
  if (!token) return null;
  // Dates and times as this browser shows them.
  var lang = 'en';
  var tz = 'UTC';
  try {
    lang = navigator.language || lang;
    // Temporal's answer costs under a millisecond; Intl's first formatter loads a fresh page's
    // locale data first (30-50 ms here), which would hold the request back.
    /* global Temporal */
    tz = (typeof Temporal === 'object' && Temporal.Now && Temporal.Now.timeZoneId()) || Intl.DateTimeFormat().resolvedOptions().timeZone || tz;
  } catch (e) {
    /* an old browser: English, UTC */
  }
  var url =
    '/api/boards/' + encodeURIComponent(id) + '/first-screen?w=' + Math.round(innerWidth) + '&h=' + Math.round(innerHeight) +
    '&view=' + view + '&lang=' + encodeURIComponent(lang) + '&tz=' + encodeURIComponent(tz);
  return fetch(url, { headers: { authorization: 'Bearer ' + token }, cache: 'no-store' })
    .then(function (response) {
      return response.ok ? response.text() : null;
    })
    .then(function (html) {
      if (!html) return false;
      performance.mark('first-screen:answered');
      return new Promise(function (resolve) {
        var show = function () {
          // Gone once the app has drawn the board (or what it shows instead): too late to help.
          var slot = document.getElementById('first-screen');
          if (!slot) return resolve(false);
          slot.innerHTML = html;
          slot.hidden = false;
          document.documentElement.dataset.firstScreen = 'shown';
          performance.mark('first-screen:shown');
          // Painted at the frame after this one's: then the app may take the thread.
          requestAnimationFrame(function () {
            setTimeout(function () {
              performance.mark('first-screen:painted');
              resolve(true);
            }, 0);
          });
        };
        if (document.getElementById('first-screen') || document.readyState !== 'loading') show();
        else document.addEventListener('DOMContentLoaded', show);
      });
    })
    .catch(function () {
      // Offline or refused: the app opens the board from this browser's copy, or says why.
      return false;
    });
})();
