// run.js: follows a run's progress (follow.js), and sizes the embedded report to its
// content.
(function () {
  'use strict';
  var live = document.getElementById('live');
  if (live && window.critminFollow) {
    window.critminFollow({
      url: '/api/v1/runs/' + encodeURIComponent(live.getAttribute('data-run')) + '/events',
      bar: document.getElementById('run-progress'),
      text: document.getElementById('progress-text'),
      badge: document.getElementById('run-state'),
      queued: 'Queued: waiting for a worker.',
      running: function (p) {
        if (!(p.total > 0)) { return null; }
        var pct = Math.floor(100 * p.done / p.total);
        var what = p.unit === 'replications' ? 'replication ' : 'month ';
        return { pct: pct, line: 'Running: ' + what + p.done + ' of ' + p.total + ' (' + pct + '%).' };
      },
      done: 'Finished: loading the charts…',
      failed: 'The run failed: loading the reason…',
      interrupted: 'The run was interrupted: loading the details…'
    });
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
