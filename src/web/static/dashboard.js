// Live dashboard: the server sends the new tables when the data changes
// (server-sent events); they replace the old ones without a reload. The
// HTML comes from the server's own templates, escaped there.
(function () {
  var live = document.getElementById("live");
  if (!live || !window.EventSource) return;
  var source = new EventSource(live.getAttribute("data-live"));
  source.addEventListener("tables", function (e) {
    live.innerHTML = e.data;
    var nodes = live.querySelectorAll("time[datetime]");
    for (var i = 0; i < nodes.length; i++) {
      var d = new Date(nodes[i].getAttribute("datetime"));
      if (!isNaN(d.getTime())) nodes[i].textContent = d.toLocaleString(document.documentElement.lang || undefined, { dateStyle: "medium", timeStyle: "short" });
    }
    live.setAttribute("data-updated", String(Date.now()));
  });
})();
