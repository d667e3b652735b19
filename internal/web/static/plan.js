// plan.js: follows a plan's progress (follow.js) until the server renders its frontier.
(function () {
  'use strict';
  var live = document.getElementById('live');
  if (!live || !window.critminFollow) { return; }
  window.critminFollow({
    url: '/api/v1/plans/' + encodeURIComponent(live.getAttribute('data-plan')) + '/events',
    bar: document.getElementById('plan-progress'),
    text: document.getElementById('progress-text'),
    badge: document.getElementById('plan-state'),
    queued: 'Queued: waiting for the plans before it.',
    running: function (p) {
      if (p.portfolios > 0) {
        var pct = Math.floor(100 * p.progress);
        return { pct: pct, line: 'Running: portfolio ' + p.evaluated + ' of ' + p.portfolios + ' (' + pct + '%).' };
      }
      return { pct: -1, line: 'Running: ' + p.evaluated + ' portfolios evaluated (the search decides how many).' };
    },
    done: 'Finished: loading the frontier…',
    failed: 'The plan failed: loading the reason…',
    interrupted: 'The plan was interrupted: loading the details…'
  });
})();
