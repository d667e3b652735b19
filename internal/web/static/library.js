// library.js: the Run buttons of the scenario library.
(function () {
  'use strict';
  var status = document.getElementById('run-status');
  if (!status || !window.critmin) { return; }
  var buttons = document.querySelectorAll('button.run[data-scenario]');
  Array.prototype.forEach.call(buttons, function (b) {
    b.hidden = false;
    b.addEventListener('click', function () {
      b.disabled = true;
      window.critmin.startRun({ scenario: b.getAttribute('data-scenario') }, status).then(function (ok) {
        if (!ok) { b.disabled = false; }
      });
    });
  });
})();
