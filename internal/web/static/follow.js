// follow.js: follows a run's or a plan's progress through the API's server-sent events
// and reloads the page when it ends, for the server renders the finished page (the
// report or frontier, or why it failed). run.js and plan.js call it with what differs.
(function () {
  'use strict';
  // critminFollow(o): o.url is the events URL; o.bar, o.text and o.badge the progress
  // element, the status line and the state badge; o.queued the text while queued;
  // o.running(p) returns the progress in percent (or -1 when unknown) and the status
  // line for a running event p; o.done, o.failed and o.interrupted the lines shown
  // before the reload.
  window.critminFollow = function (o) {
    if (typeof EventSource !== 'function') { return; }
    var finished = false;
    var es = new EventSource(o.url);
    var finish = function (msg) {
      finished = true;
      es.close();
      o.text.textContent = msg;
      window.location.reload();
    };
    es.addEventListener('progress', function (e) {
      var p;
      try { p = JSON.parse(e.data); } catch (err) { return; }
      if (o.badge && p.status) { o.badge.textContent = p.status; o.badge.className = 'state state-' + p.status; }
      if (p.status === 'queued') {
        o.text.textContent = o.queued;
        return;
      }
      var r = o.running(p);
      if (!r) { return; }
      if (r.pct >= 0) {
        o.bar.value = r.pct;
        o.bar.textContent = r.pct + '%';
      }
      o.text.textContent = r.line;
    });
    es.addEventListener('done', function () {
      o.bar.value = 100;
      finish(o.done);
    });
    es.addEventListener('failed', function () { finish(o.failed); });
    es.addEventListener('interrupted', function () { finish(o.interrupted); });
    es.onerror = function () {
      // A closed stream that never gave a final event: fall back to reloading the page.
      if (!finished && es.readyState === EventSource.CLOSED) {
        o.text.textContent = 'Lost the live connection; reloading in a few seconds.';
        setTimeout(function () { window.location.reload(); }, 5000);
      }
    };
  };
})();
