// Live dashboard: the server sends the new tables when the data changes
// (server-sent events); they replace the old ones without a reload. The
// HTML comes from the server's own templates, escaped there. A re-check
// button posts its form in the background and shows the server's answer
// in the status line; the row changes when the live update arrives.
(function () {
  var live = document.getElementById("live");
  if (!live) return;
  var status = document.getElementById("recheck-status");
  function localTimes(root) {
    var nodes = root.querySelectorAll("time[datetime]");
    for (var i = 0; i < nodes.length; i++) {
      var d = new Date(nodes[i].getAttribute("datetime"));
      if (!isNaN(d.getTime())) nodes[i].textContent = d.toLocaleString(document.documentElement.lang || undefined, { dateStyle: "medium", timeStyle: "short" });
    }
  }
  live.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.classList || !form.classList.contains("recheck") || !window.fetch) return;
    e.preventDefault();
    var button = form.querySelector("button");
    if (button) button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      credentials: "same-origin"
    }).then(function (r) {
      return r.text().then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var answer = doc.getElementById("recheck-answer") || doc.querySelector("main p");
        if (status && answer) {
          status.textContent = "";
          status.appendChild(document.importNode(answer, true)).removeAttribute("id");
          localTimes(status);
          status.setAttribute("data-status", String(r.status));
        }
      });
    }).catch(function () {
      if (button) button.disabled = false;
    });
  });
  if (!window.EventSource) return;
  var source = new EventSource(live.getAttribute("data-live"));
  source.addEventListener("tables", function (e) {
    live.innerHTML = e.data;
    localTimes(live);
    live.setAttribute("data-updated", String(Date.now()));
  });
})();
