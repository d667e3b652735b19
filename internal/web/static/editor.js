// editor.js: live validation of the scenario text against the API, problem navigation,
// and Save and Run.
(function () {
  'use strict';
  var api = window.critmin;
  var form = document.getElementById('editor');
  var text = document.getElementById('yaml');
  var list = document.getElementById('problems');
  var state = document.getElementById('validation-status');
  var action = document.getElementById('action-status');
  var save = document.getElementById('save');
  var run = document.getElementById('run');
  if (!api || !form || !text || !list || !state) { return; }

  var DELAY_MS = 400;
  var timer = 0;
  var seq = 0;
  var inflight = null;

  function setState(msg, kind) {
    state.textContent = msg;
    state.className = kind || '';
  }

  function render(problems) {
    list.textContent = '';
    problems.forEach(function (p) {
      var li = document.createElement('li');
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'problem';
      b.setAttribute('data-line', p.line || 0);
      b.setAttribute('data-column', p.column || 0);
      var pos = document.createElement('span');
      pos.className = 'pos';
      pos.textContent = p.line ? 'line ' + p.line + (p.column ? ':' + p.column : '') : 'file';
      b.appendChild(pos);
      if (p.path) {
        b.appendChild(document.createTextNode(' '));
        var path = document.createElement('code');
        path.className = 'path';
        path.textContent = p.path;
        b.appendChild(path);
      }
      b.appendChild(document.createTextNode(' '));
      var reason = document.createElement('span');
      reason.className = 'reason';
      reason.textContent = p.reason;
      b.appendChild(reason);
      li.appendChild(b);
      list.appendChild(li);
    });
  }

  // validate sends the text to the API; only the answer to the latest request is shown.
  function validate() {
    clearTimeout(timer);
    if (inflight) { inflight.abort(); }
    var mine = ++seq;
    inflight = typeof AbortController === 'function' ? new AbortController() : null;
    setState('Checking…');
    return api.request('POST', '/api/v1/scenarios/validate', text.value, 'application/yaml',
      inflight ? inflight.signal : undefined).then(function (res) {
      if (mine !== seq) { return; }
      var ps = api.problems(res);
      if (res.status === 200) {
        render([]);
        setState('No problems: the scenario is valid.', 'good');
      } else if (ps) {
        render(ps);
        var n = ps.length;
        setState(n + ' problem' + (n === 1 ? '' : 's') + ' found.', 'bad');
      } else {
        setState('The check failed: ' + api.message(res), 'bad');
      }
    }, function (err) {
      if (mine !== seq || (err && err.name === 'AbortError')) { return; }
      setState('The server could not be reached to check the text.', 'bad');
    });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(validate, DELAY_MS);
  }

  // moveTo puts the caret at line and column (1-based) and scrolls the line into view.
  function moveTo(line, column) {
    var lines = text.value.split('\n');
    line = Math.max(1, Math.min(line || 1, lines.length));
    var offset = 0;
    for (var i = 0; i < line - 1; i++) { offset += lines[i].length + 1; }
    offset += Math.max(0, Math.min((column || 1) - 1, lines[line - 1].length));
    text.focus();
    text.setSelectionRange(offset, offset);
    var lh = parseFloat(getComputedStyle(text).lineHeight) || 20;
    text.scrollTop = Math.max(0, (line - 4) * lh);
  }

  list.addEventListener('click', function (e) {
    var b = e.target.closest ? e.target.closest('button.problem') : null;
    if (!b) { return; }
    moveTo(parseInt(b.getAttribute('data-line'), 10), parseInt(b.getAttribute('data-column'), 10));
  });

  text.addEventListener('input', schedule);
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    validate();
  });

  // scenarioName reads the name: line of the text, which Save stores under.
  function scenarioName() {
    var m = /^name:[ \t]*["']?([a-z0-9-]+)["']?[ \t]*(#.*)?$/m.exec(text.value);
    return m ? m[1] : '';
  }

  function report(msg, kind) {
    action.textContent = msg;
    action.className = 'status' + (kind ? ' ' + kind : '');
  }

  if (save && !save.disabled) {
    save.hidden = false;
    save.addEventListener('click', function () {
      var name = scenarioName();
      if (!name) {
        report('Give the scenario a name first: a line such as "name: my-scenario".', 'bad');
        return;
      }
      save.disabled = true;
      report('Saving ' + name + '…');
      api.request('PUT', '/api/v1/scenarios/' + encodeURIComponent(name), text.value, 'application/yaml').then(function (res) {
        save.disabled = false;
        var d = res.data || {};
        if (res.status >= 200 && res.status < 300) {
          var v = d.version || (d.scenario && d.scenario.version);
          report('Saved ' + name + (v ? ' as version ' + v : '') + '.', 'good');
          return;
        }
        var ps = api.problems(res);
        if (ps) { render(ps); setState(ps.length + ' problem' + (ps.length === 1 ? '' : 's') + ' found.', 'bad'); }
        report('Not saved. ' + api.message(res), 'bad');
      }, function () {
        save.disabled = false;
        report('The server could not be reached; nothing was saved.', 'bad');
      });
    });
  }

  if (run && !run.disabled) {
    run.hidden = false;
    run.addEventListener('click', function () {
      run.disabled = true;
      api.startRun({ yaml: text.value }, action).then(function (ok) {
        if (!ok) { run.disabled = false; }
      });
    });
  }

  validate();
})();
