// api.js: the access token, kept in this tab's session storage, and calls to the JSON API.
(function () {
  'use strict';
  var KEY = 'critmin-token';

  function token() {
    try { return sessionStorage.getItem(KEY) || ''; } catch (e) { return ''; }
  }

  function bindToken() {
    var field = document.getElementById('token');
    if (!field) { return; }
    field.value = token();
    field.addEventListener('input', function () {
      try {
        if (field.value) { sessionStorage.setItem(KEY, field.value); } else { sessionStorage.removeItem(KEY); }
      } catch (e) { /* storage disabled: the token lasts as long as the field */ }
    });
  }

  // request sends body to the API and resolves to {status, data}, data being the parsed
  // JSON answer or null. It rejects only when the server cannot be reached.
  function request(method, url, body, contentType, signal) {
    var headers = { 'Accept': 'application/json' };
    if (contentType) { headers['Content-Type'] = contentType; }
    var field = document.getElementById('token');
    var t = field && field.value ? field.value : token();
    if (t) { headers['Authorization'] = 'Bearer ' + t; }
    return fetch(url, { method: method, headers: headers, body: body, signal: signal, credentials: 'same-origin' })
      .then(function (res) {
        return res.text().then(function (text) {
          // Only a JSON answer is read; anything else (a proxy's error page) is summed up
          // by its status alone.
          var data = null;
          try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
          return { status: res.status, data: data };
        });
      });
  }

  // problems returns the scenario problems of an answer, at its top level or inside its
  // error, or null when it has none.
  function problems(res) {
    var d = res.data || {};
    if (d.problems) { return d.problems; }
    if (d.error && typeof d.error === 'object' && d.error.problems) { return d.error.problems; }
    return null;
  }

  // message explains a failed answer in one sentence.
  function message(res) {
    var d = res.data || {};
    if (res.status === 401) {
      return 'The server refused: it needs a valid access token (open "Access token" and enter it).';
    }
    var ps = problems(res);
    if (ps && ps.length) {
      var p = ps[0];
      return 'The scenario has ' + ps.length + ' problem' + (ps.length > 1 ? 's' : '') +
        ', the first at line ' + (p.line || '?') + ': ' + (p.path ? p.path + ': ' : '') + p.reason;
    }
    var text = d.error || d.message || d.reason;
    if (text && typeof text === 'object') { text = text.message || JSON.stringify(text); }
    return 'The server answered ' + res.status + (text ? ': ' + text : '.');
  }

  // startRun submits a run and opens its page; status is the element that reports on it.
  // The page's replications field, when the server allows studies, sets their number.
  function startRun(body, status) {
    var reps = document.getElementById('replications');
    if (reps && reps.value !== '') {
      var n = Number(reps.value);
      if (!Number.isInteger(n) || n < 1 || n > Number(reps.max)) {
        status.className = 'status bad';
        status.textContent = 'Replications must be a whole number from 1 to ' + reps.max + '.';
        return Promise.resolve(false);
      }
      if (n > 1) { body.replications = n; }
    }
    status.className = 'status';
    status.textContent = 'Starting the run…';
    return request('POST', '/api/v1/runs', JSON.stringify(body), 'application/json').then(function (res) {
      var run = res.data && (res.data.run || res.data);
      if (res.status >= 200 && res.status < 300 && run && run.id) {
        status.textContent = 'Run ' + run.id + ' queued; opening its page…';
        window.location.assign('/runs/' + encodeURIComponent(run.id));
        return true;
      }
      status.className = 'status bad';
      status.textContent = message(res);
      return false;
    }, function () {
      status.className = 'status bad';
      status.textContent = 'The server could not be reached.';
      return false;
    });
  }

  bindToken();
  window.critmin = { request: request, message: message, problems: problems, startRun: startRun };
})();
