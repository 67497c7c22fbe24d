// Inserts new alerts at the top of the alerts list as the node raises them.
// The server renders each row in the viewer's language and counts the new alerts,
// so this script only places what it is sent. Plain JavaScript, no build step.
(function () {
  'use strict';

  var rows = document.getElementById('alert-rows');
  if (!rows || !window.EventSource) {
    return;
  }
  var url = rows.getAttribute('data-events');
  if (!url) {
    return;
  }
  var notice = document.getElementById('new-alerts');
  var empty = document.getElementById('no-alerts');
  var source = new EventSource(url);

  // Marks the list as live once the stream is open, for people and for tests.
  source.addEventListener('open', function () {
    rows.setAttribute('data-live', 'open');
  });
  source.addEventListener('error', function () {
    rows.setAttribute('data-live', 'reconnecting');
  });

  source.addEventListener('alert', function (event) {
    var data = JSON.parse(event.data);
    if (document.getElementById('alert-' + data.id)) {
      return;
    }
    rows.insertAdjacentHTML('afterbegin', data.row);
    if (empty) {
      empty.hidden = true;
    }
    if (notice) {
      notice.textContent = data.notice;
      notice.hidden = false;
    }
  });

  source.addEventListener('lagged', function (event) {
    var data = JSON.parse(event.data);
    if (notice) {
      notice.textContent = data.notice;
      notice.hidden = false;
    }
  });
})();
