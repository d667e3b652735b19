// run.js: follows a run's progress through the API's server-sent events, and sizes the
// embedded report to its content.
(function () {
  'use strict';
  var live = document.getElementById('live');
  if (live && typeof EventSource === 'function') {
    var id = live.getAttribute('data-run');
    var bar = document.getElementById('run-progress');
    var text = document.getElementById('progress-text');
    var badge = document.getElementById('run-state');
    var finished = false;
    var es = new EventSource('/api/v1/runs/' + encodeURIComponent(id) + '/events');
    var finish = function (msg) {
      finished = true;
      es.close();
      text.textContent = msg;
      // The server renders the finished page: the report, or why the run failed.
      window.location.reload();
    };
    es.addEventListener('progress', function (e) {
      var p;
      try { p = JSON.parse(e.data); } catch (err) { return; }
      if (badge && p.status) { badge.textContent = p.status; badge.className = 'state state-' + p.status; }
      if (p.status === 'queued') {
        text.textContent = 'Queued: waiting for a worker.';
        return;
      }
      if (p.total > 0) {
        var pct = Math.floor(100 * p.done / p.total);
        bar.value = pct;
        bar.textContent = pct + '%';
        var what = p.unit === 'replications' ? 'replication ' : 'month ';
        text.textContent = 'Running: ' + what + p.done + ' of ' + p.total + ' (' + pct + '%).';
      }
    });
    es.addEventListener('done', function () {
      bar.value = 100;
      finish('Finished: loading the charts…');
    });
    es.addEventListener('failed', function () { finish('The run failed: loading the reason…'); });
    es.addEventListener('interrupted', function () { finish('The run was interrupted: loading the details…'); });
    es.onerror = function () {
      // A closed stream that never gave a final event: fall back to reloading the page.
      if (!finished && es.readyState === EventSource.CLOSED) {
        text.textContent = 'Lost the live connection; reloading in a few seconds.';
        setTimeout(function () { window.location.reload(); }, 5000);
      }
    };
  }

  var frame = document.getElementById('report');
  if (frame) {
    var fit = function () {
      try {
        var doc = frame.contentDocument;
        if (doc && doc.documentElement) {
          frame.style.height = (doc.documentElement.scrollHeight + 24) + 'px';
        }
      } catch (e) { /* not same-origin: keep the fixed height */ }
    };
    frame.addEventListener('load', fit);
    window.addEventListener('resize', fit);
    if (frame.contentDocument && frame.contentDocument.readyState === 'complete') { fit(); }
  }
})();
