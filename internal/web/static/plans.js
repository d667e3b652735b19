// plans.js: submits the plan file of the plans page to the API and opens the plan's page.
(function () {
  'use strict';
  var form = document.getElementById('plan-form');
  var button = document.getElementById('plan-start');
  var status = document.getElementById('plan-status');
  var text = document.getElementById('plan-yaml');
  if (!form || !button || !status || !text || !window.critmin) { return; }
  button.hidden = false;
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    button.disabled = true;
    status.className = 'status';
    status.textContent = 'Checking and starting the plan…';
    window.critmin.request('POST', '/api/v1/plans', text.value, 'application/yaml').then(function (res) {
      var p = res.data;
      if (res.status >= 200 && res.status < 300 && p && p.id) {
        status.textContent = 'Plan ' + p.id + ' queued; opening its page…';
        window.location.assign('/plans/' + encodeURIComponent(p.id));
        return;
      }
      button.disabled = false;
      status.className = 'status bad';
      var msg = window.critmin.message(res);
      status.textContent = msg.replace(/^The scenario has/, 'The plan has');
    }, function () {
      button.disabled = false;
      status.className = 'status bad';
      status.textContent = 'The server could not be reached.';
    });
  });
})();
