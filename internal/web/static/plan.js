// plan.js: follows a plan's progress through the API's server-sent events, and reloads
// the page when it ends (the server renders the frontier, or why it failed).
(function () {
  'use strict';
  var live = document.getElementById('live');
  if (!live || typeof EventSource !== 'function') { return; }
  var id = live.getAttribute('data-plan');
  var bar = document.getElementById('plan-progress');
  var text = document.getElementById('progress-text');
  var badge = document.getElementById('plan-state');
  var finished = false;
  var es = new EventSource('/api/v1/plans/' + encodeURIComponent(id) + '/events');
  var finish = function (msg) {
    finished = true;
    es.close();
    text.textContent = msg;
    window.location.reload();
  };
  es.addEventListener('progress', function (e) {
    var p;
    try { p = JSON.parse(e.data); } catch (err) { return; }
    if (badge && p.status) { badge.textContent = p.status; badge.className = 'state state-' + p.status; }
    if (p.status === 'queued') {
      text.textContent = 'Queued: waiting for the plans before it.';
      return;
    }
    if (p.portfolios > 0) {
      var pct = Math.floor(100 * p.progress);
      bar.value = pct;
      bar.textContent = pct + '%';
      text.textContent = 'Running: portfolio ' + p.evaluated + ' of ' + p.portfolios + ' (' + pct + '%).';
    } else {
      text.textContent = 'Running: ' + p.evaluated + ' portfolios evaluated (the search decides how many).';
    }
  });
  es.addEventListener('done', function () {
    bar.value = 100;
    finish('Finished: loading the frontier…');
  });
  es.addEventListener('failed', function () { finish('The plan failed: loading the reason…'); });
  es.onerror = function () {
    if (!finished && es.readyState === EventSource.CLOSED) {
      text.textContent = 'Lost the live connection; reloading in a few seconds.';
      setTimeout(function () { window.location.reload(); }, 5000);
    }
  };
})();
