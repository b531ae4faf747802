// Shows every <time datetime="…Z"> in the visitor's own time zone and in
// the page's language; without JavaScript the UTC text stays.
(function () {
  var lang = document.documentElement.lang || undefined;
  var nodes = document.querySelectorAll("time[datetime]");
  for (var i = 0; i < nodes.length; i++) {
    var d = new Date(nodes[i].getAttribute("datetime"));
    if (isNaN(d.getTime())) continue;
    nodes[i].textContent = d.toLocaleString(lang, { dateStyle: "full", timeStyle: "short" });
    nodes[i].setAttribute("title", nodes[i].getAttribute("datetime"));
  }
})();
