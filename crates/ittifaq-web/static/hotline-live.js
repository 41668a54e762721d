// Deadline countdowns, and live updates: on each event of the party's hotline
// stream the boxes are fetched again and swapped in, without a reload.
(function () {
  var live = document.getElementById("hotline-live");
  var overdue = live ? live.dataset.overdue : "overdue";
  function tick() {
    document.querySelectorAll(".countdown[data-due]").forEach(function (el) {
      var left = Math.floor((Number(el.dataset.due) - Date.now()) / 1000);
      if (left < 0) { el.textContent = overdue; el.closest("tr").classList.add("overdue"); return; }
      el.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
    });
  }
  setInterval(tick, 1000);
  tick();
  if (!window.EventSource) return;
  var source = new EventSource("/api/v1/hotline/events");
  source.onopen = function () { document.documentElement.dataset.hotline = "live"; };
  function refresh() {
    fetch(location.pathname, { credentials: "same-origin" }).then(function (r) { return r.text(); }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("hotline-live");
      var here = document.getElementById("hotline-live");
      if (fresh && here) { here.innerHTML = fresh.innerHTML; tick(); }
    });
  }
  source.addEventListener("hotline", function (e) {
    var m = JSON.parse(e.data);
    var note = document.getElementById("hotline-news");
    if (note) note.textContent = m.from_party + " → " + m.to_party + ": " + m.subject + " (" + m.event + ")";
    refresh();
  });
  source.addEventListener("resync", refresh);
})();
